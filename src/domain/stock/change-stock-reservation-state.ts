import { conflict } from '../errors.ts';
import type { EventSink } from '../events/index.ts';
import type { Trx } from '../../store/db.ts';
import { stockReservationEvent } from './stock-event.ts';
import { lockReservation } from './reserved-listing.ts';
import { recordAdjustment } from './stock-ledger.ts';
import {
  assertStockFor,
  stockEffectOf,
  totalAfter,
  type StockReservation,
  type StockReservationStateChange,
} from './stock.ts';
import { updateReservationState } from './stock.store.ts';

export interface ChangeStockReservationStateInput {
  marketplaceId: string;
  reservationId: string;
  to: StockReservationStateChange;
  /** Defaults to the database clock. */
  now?: Date | undefined;
}

/**
 * The `accept-stock-reservation`, `decline-stock-reservation` and `cancel-stock-reservation` actions
 * inside the caller's transaction: locks the listing, moves the reservation and records exactly the
 * ledger effect of domain §5 (accepting a proposed reservation takes its units after checking the
 * listing still has them; declining a pending one or cancelling an accepted one gives them back).
 * Pushes `stockReservation/updated` (then `stockAdjustment/created` when stock moved) into `events`.
 * Throws not-found, conflict `transaction-stock-reservation-state-not-pending`,
 * `transaction-stock-reservation-state-not-accepted`, `transaction-listing-insufficient-stock`,
 * `transaction-listing-not-found` (taking units of a deleted listing).
 */
export async function changeStockReservationState(
  trx: Trx,
  input: ChangeStockReservationStateInput,
  events: EventSink,
): Promise<StockReservation> {
  const { reservation, listing } = await lockReservation(
    trx,
    input.marketplaceId,
    input.reservationId,
  );
  const effect = stockEffectOf(reservation.state, input.to);
  if (effect === 'take') {
    if (listing.deleted)
      throw conflict('transaction-listing-not-found', 'The listing was not found.');
    assertStockFor(listing.stockQuantity, reservation.quantity);
  }
  const saved = await updateReservationState(trx, reservation, input.to, input.now);
  events.push(stockReservationEvent(reservation, saved));
  if (effect !== 'none') {
    const quantity = effect === 'take' ? -reservation.quantity : reservation.quantity;
    const total = totalAfter(listing.stockQuantity, quantity);
    await recordAdjustment(
      trx,
      listing,
      { quantity, total, reservationId: reservation.id, at: input.now },
      events,
    );
  }
  return saved;
}
