import { sql, type Kysely } from 'kysely';

/**
 * A listing's seat-holding bookings and exceptions that still matter, by when they end.
 *
 * Capacity for a window (time slots, booking checks) loads the rows of one listing with
 * `start_at < window end and end_at > window start`. The earlier indexes lead with
 * `(listing_id, start_at)`, so that range is "every row of the listing that started before the
 * window ends": the listing's whole history. A listing booked by the hour for two years holds some
 * 10 000 past bookings, and the 200 that matter took a 7 ms scan. Led by `end_at`, the scan starts
 * at the window and reads only what ends inside or after it; `start_at`, `seats` and
 * `marketplace_id` are included, so the capacity query (listing, span, seats) is answered from the
 * index alone (an index-only scan once the table is vacuumed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index bookings_holding_end_idx on bookings (listing_id, end_at)
      include (start_at, seats, marketplace_id) where state in ('pending', 'accepted')
  `.execute(db);
  await sql`
    create index availability_exceptions_end_idx on availability_exceptions (listing_id, end_at)
      include (start_at, seats, marketplace_id)
  `.execute(db);
}
