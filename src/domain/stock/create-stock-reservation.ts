import { conflict } from '../errors.ts';
import type { EventSink } from '../events/index.ts';
import { newId } from '../../lib/ids.ts';
import type { Trx } from '../../store/db.ts';
import { stockReservationEvent } from './stock-event.ts';
import { lockReservedListing } from './reserved-listing.ts';
import { recordAdjustment } from './stock-ledger.ts';
import { assertStockFor, validateReservationQuantity, type StockReservation } from './stock.ts';
import { insertReservation, selectReservationsOfTransactions } from './stock.store.ts';

export interface CreateStockReservationInput {
  marketplaceId: string;
  listingId: string;
  transactionId: string;
  /** Positive whole number of units. */
  quantity: number;
  /** `pending` takes the units now; `proposed` holds nothing until accepted. */
  state: 'pending' | 'proposed';
  /** Defaults to the database clock. */
  now?: Date | undefined;
}

/**
 * The `create-pending-stock-reservation` / `create-proposed-stock-reservation` actions inside the
 * caller's transaction: locks the listing (the capacity lock), checks that it has `quantity` units,
 * records the reservation — a pending one also takes its units with a −quantity adjustment linked
 * to it — and pushes `stockReservation/created` (then `stockAdjustment/created`) into `events`.
 * Throws bad-request `validation-invalid-value` (`params.stockReservationQuantity`), conflict
 * `transaction-listing-not-found`, `transaction-listing-insufficient-stock`,
 * `transaction-invalid-action-sequence` (the transaction already has a stock reservation).
 */
export async function createStockReservation(
  trx: Trx,
  input: CreateStockReservationInput,
  events: EventSink,
): Promise<StockReservation> {
  validateReservationQuantity(input.quantity);
  const listing = await lockReservedListing(trx, input.marketplaceId, input.listingId);
  if (
    (await selectReservationsOfTransactions(trx, input.marketplaceId, [input.transactionId]))
      .length > 0
  ) {
    throw conflict(
      'transaction-invalid-action-sequence',
      'The transaction already has a stock reservation.',
    );
  }
  assertStockFor(listing.stockQuantity, input.quantity);
  const reservation = await insertReservation(
    trx,
    {
      id: newId(),
      marketplaceId: input.marketplaceId,
      listingId: listing.id,
      transactionId: input.transactionId,
      quantity: input.quantity,
      state: input.state,
    },
    input.now,
  );
  events.push(stockReservationEvent(null, reservation));
  if (input.state === 'pending') {
    const total = (listing.stockQuantity ?? 0) - input.quantity;
    await recordAdjustment(
      trx,
      listing,
      { quantity: -input.quantity, total, reservationId: reservation.id, at: input.now },
      events,
    );
  }
  return reservation;
}
