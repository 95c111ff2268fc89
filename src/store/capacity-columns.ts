/**
 * SQL pieces shared by the capacity reads (bookings and availability exceptions): free capacity
 * needs only a row's listing, span and seats, and reading the span as epoch milliseconds spares
 * parsing timestamps from text for every row (a 90-day calendar reads hundreds).
 */
import { sql } from 'kysely';

/** Epoch milliseconds of a timestamptz column as a float8 (a JS number: no date-string parsing). */
export const epochMs = (column: 'start_at' | 'end_at') =>
  sql<number>`floor(extract(epoch from ${sql.ref(column)}) * 1000)::float8`;

/** A row of `listing_id`, `epochMs` start and end, and `seats`, as a listing's seat period. */
export const seatPeriodOfRow = (r: { listing_id: string; start_ms: number; end_ms: number; seats: number }) => ({
  listingId: r.listing_id,
  start: new Date(r.start_ms),
  end: new Date(r.end_ms),
  seats: r.seats,
});
