/**
 * Stock (domain §5, §2.4): a listing's units, their append-only ledger and stock reservations.
 *
 * API use cases (one DB transaction each, events appended last with the actor's source):
 * `compareAndSetStock`, `createStockAdjustment`, `queryStockAdjustments`, `showStockReservation`.
 *
 * Primitives for the process engine's stock actions (`createStockReservation`,
 * `changeStockReservationState`): they run inside the caller's transaction, lock the listing first
 * (the capacity lock), write, and push `stockReservation/*` and `stockAdjustment/created`
 * PendingEvents into the caller's EventSink for the caller to append last.
 *
 * The listing's total lives on the listing (`Listing.stockQuantity`, kept equal to the ledger's
 * sum); `stockOf(listing)` is its `stock` resource for `currentStock`.
 */
export type {
  Stock,
  StockAdjustment,
  StockReservation,
  StockReservationState,
  StockReservationStateChange,
} from './stock.ts';
export {
  ADJUSTMENT_QUERY_LIMITS,
  MAX_STOCK,
  STOCK_RESERVATION_STATES,
  stockAdjustmentAttributes,
  stockAttributes,
  stockIdOf,
  stockOf,
  stockReservationAttributes,
} from './stock.ts';
export { stockAdjustmentEventResource, stockReservationEventResource } from './stock-event.ts';
export { compareAndSetStock, type CompareAndSetStockInput } from './compare-and-set-stock.ts';
export {
  createStockAdjustment,
  type CreateStockAdjustmentInput,
} from './create-stock-adjustment.ts';
export {
  queryStockAdjustments,
  type QueryStockAdjustmentsInput,
} from './query-stock-adjustments.ts';
export {
  createStockReservation,
  type CreateStockReservationInput,
} from './create-stock-reservation.ts';
export {
  changeStockReservationState,
  type ChangeStockReservationStateInput,
} from './change-stock-reservation-state.ts';
export {
  findAdjustmentsOfStockReservations,
  findStockReservation,
  findStockReservationOfTransaction,
  findStockReservationsByIds,
  findStockReservationsOfTransactions,
  showStockReservation,
} from './find-stock-reservations.ts';
