/** SQL of stock: the only code touching `stock_adjustments` and `stock_reservations`. */
import { sql, type Selectable } from 'kysely';
import type { Executor, Trx } from '../../store/db.ts';
import type { StockAdjustmentsTable, StockReservationsTable } from '../../store/tables/capacity.ts';
import { uniqueUuids } from '../../lib/ids.ts';
import type { StockAdjustment, StockReservation, StockReservationState } from './stock.ts';

const toAdjustment = (row: Selectable<StockAdjustmentsTable>): StockAdjustment => ({
  id: row.id,
  marketplaceId: row.marketplace_id,
  listingId: row.listing_id,
  reservationId: row.reservation_id,
  quantity: row.quantity,
  at: row.at,
  createdAt: row.created_at,
});

const toReservation = (row: Selectable<StockReservationsTable>): StockReservation => ({
  id: row.id,
  marketplaceId: row.marketplace_id,
  listingId: row.listing_id,
  transactionId: row.transaction_id,
  quantity: row.quantity,
  state: row.state,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * Appends a ledger entry; `at` undefined = the database clock. `created_at` is the statement's
 * clock_timestamp(), so entries written in one transaction (same `now()`) still order as written.
 */
export async function insertAdjustment(
  trx: Trx,
  a: {
    id: string;
    marketplaceId: string;
    listingId: string;
    reservationId: string | null;
    quantity: number;
    at: Date | undefined;
  },
): Promise<StockAdjustment> {
  const row = await trx
    .insertInto('stock_adjustments')
    .values({
      id: a.id,
      marketplace_id: a.marketplaceId,
      listing_id: a.listingId,
      reservation_id: a.reservationId,
      quantity: a.quantity,
      at: a.at ?? sql<Date>`now()`,
      created_at: sql<Date>`clock_timestamp()`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAdjustment(row);
}

/** One page of a listing's adjustments with `at` in `[start, end)`, oldest first (in writing order), and the total. */
export async function selectAdjustmentPage(
  db: Executor,
  q: {
    marketplaceId: string;
    listingId: string;
    start: Date;
    end: Date;
    limit: number;
    offset: number;
  },
): Promise<{ adjustments: StockAdjustment[]; total: number }> {
  const base = db
    .selectFrom('stock_adjustments')
    .where('marketplace_id', '=', q.marketplaceId)
    .where('listing_id', '=', q.listingId)
    .where('at', '>=', q.start)
    .where('at', '<', q.end);
  const rows = await base
    .selectAll()
    .orderBy('at')
    .orderBy('created_at')
    .orderBy('id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  const count = await base
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { adjustments: rows.map(toAdjustment), total: Number(count.n) };
}

/** The adjustments caused by the given reservations, oldest first. */
export async function selectAdjustmentsOfReservations(
  db: Executor,
  marketplaceId: string,
  reservationIds: readonly string[],
): Promise<StockAdjustment[]> {
  const ids = uniqueUuids(reservationIds);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('stock_adjustments')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('reservation_id', 'in', ids)
    .orderBy('at')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toAdjustment);
}

/** Inserts a reservation; `now` undefined = the database clock. */
export async function insertReservation(
  trx: Trx,
  r: Omit<StockReservation, 'createdAt' | 'updatedAt'>,
  now: Date | undefined,
): Promise<StockReservation> {
  const at = now ?? sql<Date>`now()`;
  const row = await trx
    .insertInto('stock_reservations')
    .values({
      id: r.id,
      marketplace_id: r.marketplaceId,
      listing_id: r.listingId,
      transaction_id: r.transactionId,
      quantity: r.quantity,
      state: r.state,
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toReservation(row);
}

/** Moves a reservation to `state`. */
export async function updateReservationState(
  trx: Trx,
  r: StockReservation,
  state: StockReservationState,
  now: Date | undefined,
): Promise<StockReservation> {
  const row = await trx
    .updateTable('stock_reservations')
    .set({ state, updated_at: now ?? sql<Date>`now()` })
    .where('marketplace_id', '=', r.marketplaceId)
    .where('id', '=', r.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toReservation(row);
}

/** Reservations by id (unknown ids skipped). */
export async function selectReservationsByIds(
  db: Executor,
  marketplaceId: string,
  ids: readonly string[],
): Promise<StockReservation[]> {
  const valid = uniqueUuids(ids);
  if (valid.length === 0) return [];
  const rows = await db
    .selectFrom('stock_reservations')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('id', 'in', valid)
    .execute();
  return rows.map(toReservation);
}

/** The reservations of the given transactions (at most one each). */
export async function selectReservationsOfTransactions(
  db: Executor,
  marketplaceId: string,
  transactionIds: readonly string[],
): Promise<StockReservation[]> {
  const valid = uniqueUuids(transactionIds);
  if (valid.length === 0) return [];
  const rows = await db
    .selectFrom('stock_reservations')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('transaction_id', 'in', valid)
    .execute();
  return rows.map(toReservation);
}
