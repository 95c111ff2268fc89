/**
 * The SQL of availability search. Listing search reads the capacity tables (bookings,
 * availability_exceptions) here, read-only, because `day-full` must filter, order, count and
 * paginate in the search statement itself (domain 4.6); nothing here writes them.
 *
 * `day-full` in SQL, over the window's UTC dates D0 … Dn−1 (same rules as availability-match.ts).
 * A day-based listing (`day_plan_seats`, a stored generated column of migration 0015) is free when:
 * - it has an exception in the window (`avail_excepted`, rare) and passes the date-by-date check
 *   (`avail_excepted_free`): base = the lowest exception touching the date, else the plan's
 *   weekday seats; minus the seats of the holding bookings touching the date; or
 * - it has none, its plan has `seats` on every weekday of the window, and — only when it has a
 *   holding booking in the window (`avail_booked`, a hash lookup) — no date's bookings leave
 *   fewer than `seats` of the plan's (one index probe of that listing's bookings). Only the
 *   listings the statement visits are probed: a page walks the newest first and stops.
 * Bookings and exceptions in the window come from one GiST range scan per table (migration 0015),
 * not a probe per listing. The sets are materialized CTEs ahead of the search statement, so the
 * listing filter is a few hash lookups per row whichever index the statement walks, and probes only
 * the booked listings it visits.
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../../store/db.ts';
import { isoWeekday, isoWeekdaysOf, utcDates, type AvailabilityFilter } from './availability-filter.ts';
import type { SeatPeriod } from './availability-match.ts';

/** A CTE the search statement puts ahead of its own. */
export interface SearchCte {
  name: string;
  query: RawBuilder<unknown>;
}

/** Day-based listings: a day plan or no plan (`day_plan_seats` is null only for time plans). */
export const dayBasedCondition = (): RawBuilder<SqlBool> => sql<SqlBool>`l.day_plan_seats is not null`;

/** Listings with a time plan. */
export const timePlanCondition = (): RawBuilder<SqlBool> => sql<SqlBool>`(l.availability_plan ->> 'type') = 'availability-plan/time'`;

/** The `day-full` filter: its CTEs and the condition over `listings l`. */
export function dayFullFilter(
  marketplaceId: string,
  f: AvailabilityFilter,
): { ctes: SearchCte[]; condition: Expression<SqlBool> } {
  const { first, count } = utcDates(f.start, f.end);
  const windowEnd = new Date(first.getTime() + count * 86_400_000);
  const window = sql`tstzrange(${first}::timestamptz, ${windowEnd}::timestamptz)`;
  const day = (i: RawBuilder<unknown>) => sql`(${first}::timestamptz + ${i} * interval '1 day')`;
  // Listings with an exception in the window (rare): checked date by date up front, in a CTE. (A
  // per-row probe of only the visited ones would do less work, but its estimated cost is charged to
  // every row and makes the planner drop the index-only count scan.)
  const excepted = sql`
    select e.listing_id from availability_exceptions e
    where e.marketplace_id = ${marketplaceId} and tstzrange(e.start_at, e.end_at) && ${window}`;
  const exceptedFree = sql`
    select t.listing_id from avail_excepted t join listings l2 on l2.id = t.listing_id
    where l2.day_plan_seats is not null and not exists (
      select 1 from generate_series(0, ${count - 1}::int) i
      where coalesce(
          (select min(e.seats) from availability_exceptions e
            where e.listing_id = l2.id and e.start_at < ${day(sql`(i + 1)`)} and e.end_at > ${day(sql`i`)}),
          l2.day_plan_seats[extract(isodow from ${day(sql`i`)} at time zone 'UTC')::int]
        ) - coalesce(
          (select sum(b.seats) from bookings b
            where b.listing_id = l2.id and b.state in ('pending', 'accepted')
              and b.start_at < ${day(sql`(i + 1)`)} and b.end_at > ${day(sql`i`)}),
          0) < ${f.seats})`;
  // Listings with a holding booking in the window (one GiST range scan): only they need the
  // per-date check against their bookings below; every other listing's plan decides. No DISTINCT:
  // the hashed `in` lookups deduplicate as they build their table.
  const booked = sql`
    select b.listing_id from bookings b
    where b.marketplace_id = ${marketplaceId} and b.state in ('pending', 'accepted') and tstzrange(b.start_at, b.end_at) && ${window}`;
  const weekdayOf = (i: RawBuilder<unknown>) => sql`((${isoWeekday(first) - 1}::int + ${i}) % 7) + 1`;
  // A date where the listing's holding bookings leave fewer than `seats` of its plan's seats: one
  // index probe of the listing's bookings (bookings_holding_idx), summed per date.
  const overbooked = sql`
    select 1 from bookings b
    join generate_series(0, ${count - 1}::int) d(i) on b.start_at < ${day(sql`(d.i + 1)`)} and b.end_at > ${day(sql`d.i`)}
    where b.listing_id = l.id and b.state in ('pending', 'accepted') and b.start_at < ${windowEnd}::timestamptz and b.end_at > ${first}::timestamptz
    group by d.i
    having l.day_plan_seats[${weekdayOf(sql`d.i`)}] - sum(b.seats) < ${f.seats}`;
  // Every weekday in the window (a week or more): one pass over the array; else the weekdays'
  // elements (literal indexes 1–7). The seat count is a parameter.
  const weekdays = isoWeekdaysOf(first, count);
  const planOk =
    weekdays.length === 7
      ? sql`${f.seats} <= all(l.day_plan_seats)`
      : sql.join(
          weekdays.map((d) => sql`l.day_plan_seats[${sql.lit(d)}] >= ${f.seats}`),
          sql` and `,
        );
  return {
    ctes: [
      { name: 'avail_excepted', query: excepted },
      { name: 'avail_excepted_free', query: exceptedFree },
      { name: 'avail_booked', query: booked },
    ],
    condition: sql<SqlBool>`(l.day_plan_seats is not null and (
      (${planOk}
        and l.id not in (select listing_id from avail_excepted)
        and (l.id not in (select listing_id from avail_booked) or not exists (${overbooked})))
      or l.id in (select listing_id from avail_excepted_free)))`,
  };
}

/** Exceptions and holding bookings of these listings that meet [from, to), by listing id. */
export async function selectCapacityInWindow(
  db: Executor,
  marketplaceId: string,
  listingIds: string[],
  from: Date,
  to: Date,
): Promise<{ exceptions: Map<string, SeatPeriod[]>; bookings: Map<string, SeatPeriod[]> }> {
  const exceptions = new Map<string, SeatPeriod[]>();
  const bookings = new Map<string, SeatPeriod[]>();
  if (listingIds.length === 0) return { exceptions, bookings };
  type Row = { listing_id: string; start_at: Date; end_at: Date; seats: number };
  const [exc, book] = await Promise.all([
    sql<Row>`
      select listing_id, start_at, end_at, seats from availability_exceptions
      where marketplace_id = ${marketplaceId} and listing_id = any(${listingIds}::uuid[]) and start_at < ${to} and end_at > ${from}`.execute(db),
    sql<Row>`
      select listing_id, start_at, end_at, seats from bookings
      where marketplace_id = ${marketplaceId} and listing_id = any(${listingIds}::uuid[]) and state in ('pending', 'accepted')
        and start_at < ${to} and end_at > ${from}`.execute(db),
  ]);
  const add = (map: Map<string, SeatPeriod[]>, r: Row) => {
    const list = map.get(r.listing_id) ?? [];
    list.push({ start: new Date(r.start_at), end: new Date(r.end_at), seats: Number(r.seats) });
    map.set(r.listing_id, list);
  };
  for (const r of exc.rows) add(exceptions, r);
  for (const r of book.rows) add(bookings, r);
  return { exceptions, bookings };
}
