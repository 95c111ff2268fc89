import { sql, type Kysely } from 'kysely';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The plan's seats on one weekday (0 when the day has no entry, catalogue §5.5). */
const daySeats = (day: string): string =>
  `coalesce((jsonb_path_query_first(availability_plan, '$.entries[*] ? (@.dayOfWeek == "${day}").seats ? (@.type() == "number")'))::numeric::integer, 0)`;

/**
 * Availability search (`listings/query` with `start`/`end`, domain §4.6).
 *
 * - `listings.day_plan_seats`: the seats per ISO weekday (index 1 = Monday … 7 = Sunday) of a
 *   listing whose availability is day-based — a day plan, or no plan at all, which means one seat
 *   every day (domain §4.1) — and null for time plans. Derived from `availability_plan` by
 *   PostgreSQL (a stored generated column), so `day-full` search reads an array element per
 *   listing instead of walking the plan's JSON for every row and every day.
 * - `listings_published_day_plan_idx`: the published listings' ids and day seats, so counting
 *   the matches of a `day-full` search (up to 10 001) is an index-only scan, not a heap walk.
 * - Holding bookings and exceptions by period: "which listings have a booking or an exception in
 *   this window" is answered by one GiST range scan per table instead of one probe per listing;
 *   every other listing's availability is its plan alone. `marketplace_id` in the index needs
 *   btree_gist (migration 0008); without it the indexes are on the period alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `alter table listings add column day_plan_seats integer[] generated always as (
        case
          when availability_plan is null or jsonb_typeof(availability_plan) = 'null' then array[1, 1, 1, 1, 1, 1, 1]
          when availability_plan ->> 'type' = 'availability-plan/day' then array[${WEEKDAYS.map(daySeats).join(', ')}]
        end
      ) stored`,
    )
    .execute(db);
  await sql`
    create index listings_published_day_plan_idx on listings (marketplace_id) include (id, day_plan_seats)
      where state = 'published' and not deleted
  `.execute(db);
  const btreeGist = await sql<{ extname: string }>`select extname from pg_extension where extname = 'btree_gist'`.execute(db);
  const scope = btreeGist.rows.length > 0 ? sql`marketplace_id, ` : sql``;
  await sql`
    create index bookings_holding_period_idx on bookings using gist (${scope}tstzrange(start_at, end_at))
      where state in ('pending', 'accepted')
  `.execute(db);
  await sql`
    create index availability_exceptions_period_idx on availability_exceptions using gist (${scope}tstzrange(start_at, end_at))
  `.execute(db);
}
