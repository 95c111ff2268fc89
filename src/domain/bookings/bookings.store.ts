/** SQL of bookings: the only code touching the `bookings` table. */
import { epochMs, seatPeriodOfRow } from '../../store/capacity-columns.ts';
import { sql, type Selectable } from 'kysely';
import type { Executor, Trx } from '../../store/db.ts';
import type { BookingsTable } from '../../store/tables/capacity.ts';
import { isUuid, uniqueUuids } from '../../lib/ids.ts';
import type { Booking, BookingState } from './booking.ts';

const toBooking = (row: Selectable<BookingsTable>): Booking => ({
  id: row.id,
  marketplaceId: row.marketplace_id,
  listingId: row.listing_id,
  transactionId: row.transaction_id,
  start: row.start_at,
  end: row.end_at,
  displayStart: row.display_start,
  displayEnd: row.display_end,
  seats: row.seats,
  state: row.state,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Inserts a booking; `now` undefined = the database clock. */
export async function insertBooking(
  trx: Trx,
  b: Omit<Booking, 'createdAt' | 'updatedAt'>,
  now: Date | undefined,
): Promise<Booking> {
  const at = now ?? sql<Date>`now()`;
  const row = await trx
    .insertInto('bookings')
    .values({
      id: b.id,
      marketplace_id: b.marketplaceId,
      listing_id: b.listingId,
      transaction_id: b.transactionId,
      seats: b.seats,
      start_at: b.start,
      end_at: b.end,
      display_start: b.displayStart,
      display_end: b.displayEnd,
      state: b.state,
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toBooking(row);
}

/** Writes a booking's mutable columns. */
export async function updateBookingRow(
  trx: Trx,
  b: Booking,
  now: Date | undefined,
): Promise<Booking> {
  const row = await trx
    .updateTable('bookings')
    .set({
      seats: b.seats,
      start_at: b.start,
      end_at: b.end,
      display_start: b.displayStart,
      display_end: b.displayEnd,
      state: b.state,
      updated_at: now ?? sql<Date>`now()`,
    })
    .where('marketplace_id', '=', b.marketplaceId)
    .where('id', '=', b.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toBooking(row);
}

/** Bookings by id (unknown ids skipped). */
export async function selectBookingsByIds(
  db: Executor,
  marketplaceId: string,
  ids: readonly string[],
): Promise<Booking[]> {
  const valid = uniqueUuids(ids);
  if (valid.length === 0) return [];
  const rows = await db
    .selectFrom('bookings')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('id', 'in', valid)
    .execute();
  return rows.map(toBooking);
}

/** The bookings of the given transactions (at most one each). */
export async function selectBookingsOfTransactions(
  db: Executor,
  marketplaceId: string,
  transactionIds: readonly string[],
): Promise<Booking[]> {
  const valid = uniqueUuids(transactionIds);
  if (valid.length === 0) return [];
  const rows = await db
    .selectFrom('bookings')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('transaction_id', 'in', valid)
    .execute();
  return rows.map(toBooking);
}

/** What of a seat-holding booking decides free capacity: its listing, span and seats. */
export interface HoldingSeats {
  listingId: string;
  start: Date;
  end: Date;
  seats: number;
}

/**
 * The seat-holding (pending, accepted) bookings of the given listings overlapping `[start, end)`,
 * except `excludeIds` (a booking being updated does not compete with itself), by listing and
 * start: only the columns capacity needs, the span as epoch ms (store/capacity-columns.ts).
 */
export async function selectHoldingSeats(
  db: Executor,
  q: {
    marketplaceId: string;
    listingIds: readonly string[];
    start: Date;
    end: Date;
    excludeIds?: readonly string[];
  },
): Promise<HoldingSeats[]> {
  const ids = uniqueUuids(q.listingIds);
  if (ids.length === 0) return [];
  let query = db
    .selectFrom('bookings')
    .select([
      'listing_id',
      epochMs('start_at').as('start_ms'),
      epochMs('end_at').as('end_ms'),
      'seats',
    ])
    .where('marketplace_id', '=', q.marketplaceId)
    .where('listing_id', 'in', ids)
    .where('state', 'in', ['pending', 'accepted'])
    .where('start_at', '<', q.end)
    .where('end_at', '>', q.start);
  const exclude = uniqueUuids(q.excludeIds ?? []);
  if (exclude.length > 0) query = query.where('id', 'not in', exclude);
  const rows = await query.orderBy('listing_id').orderBy('start_at').execute();
  return rows.map(seatPeriodOfRow);
}

/** One page of a listing's bookings overlapping `[start, end)`, optionally by state, by start; and the total. */
export async function selectListingBookingPage(
  db: Executor,
  q: {
    marketplaceId: string;
    listingId: string;
    start: Date;
    end: Date;
    states: readonly BookingState[] | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ bookings: Booking[]; total: number }> {
  if (!isUuid(q.listingId) || (q.states !== undefined && q.states.length === 0))
    return { bookings: [], total: 0 };
  let base = db
    .selectFrom('bookings')
    .where('marketplace_id', '=', q.marketplaceId)
    .where('listing_id', '=', q.listingId.toLowerCase())
    .where('start_at', '<', q.end)
    .where('end_at', '>', q.start);
  if (q.states !== undefined) base = base.where('state', 'in', q.states);
  const rows = await base
    .selectAll()
    .orderBy('start_at')
    .orderBy('id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  const count = await base
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { bookings: rows.map(toBooking), total: Number(count.n) };
}
