import { notFound } from '../errors.ts';
import type { Executor } from '../../store/db.ts';
import type { StockAdjustment, StockReservation } from './stock.ts';
import {
  selectAdjustmentsOfReservations,
  selectReservationsByIds,
  selectReservationsOfTransactions,
} from './stock.store.ts';

/** The stock reservation of a transaction, if it has one (at most one per transaction). */
export async function findStockReservationOfTransaction(
  db: Executor,
  marketplaceId: string,
  transactionId: string,
): Promise<StockReservation | undefined> {
  const [reservation] = await selectReservationsOfTransactions(db, marketplaceId, [transactionId]);
  return reservation;
}

/** A stock reservation by id, if any; callers decide who may see it. */
export async function findStockReservation(
  db: Executor,
  marketplaceId: string,
  id: string,
): Promise<StockReservation | undefined> {
  const [reservation] = await selectReservationsByIds(db, marketplaceId, [id]);
  return reservation;
}

/** The stock reservations of several transactions (include resolvers: `transaction.stockReservation`). */
export const findStockReservationsOfTransactions = (
  db: Executor,
  marketplaceId: string,
  transactionIds: readonly string[],
): Promise<StockReservation[]> =>
  selectReservationsOfTransactions(db, marketplaceId, transactionIds);

/** Stock reservations by id (unknown ids are skipped): include resolvers (`stockAdjustment.stockReservation`). */
export const findStockReservationsByIds = (
  db: Executor,
  marketplaceId: string,
  ids: readonly string[],
): Promise<StockReservation[]> => selectReservationsByIds(db, marketplaceId, ids);

/** The adjustments several reservations caused, oldest first (include resolvers: `stockReservation.stockAdjustments`). */
export const findAdjustmentsOfStockReservations = (
  db: Executor,
  marketplaceId: string,
  reservationIds: readonly string[],
): Promise<StockAdjustment[]> => selectAdjustmentsOfReservations(db, marketplaceId, reservationIds);

/** Integration `stock_reservations/show`: the reservation. Throws not-found. */
export async function showStockReservation(
  db: Executor,
  input: { marketplaceId: string; id: string },
): Promise<StockReservation> {
  const reservation = await findStockReservation(db, input.marketplaceId, input.id);
  if (!reservation) throw notFound('Stock reservation not found.');
  return reservation;
}
