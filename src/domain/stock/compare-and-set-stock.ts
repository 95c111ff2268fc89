import { conflict } from '../errors.ts';
import { appendEvents, type PendingEvent } from '../events/index.ts';
import type { ListingActor } from '../listings/index.ts';
import type { Trx } from '../../store/db.ts';
import { auditOf, sourceOf } from './stock-event.ts';
import { defineStock, lockListingForStock, recordAdjustment } from './stock-ledger.ts';
import { stockIdOf, validateCompareAndSet, type Stock } from './stock.ts';

export interface CompareAndSetStockInput {
  marketplaceId: string;
  actor: ListingActor;
  listingId: string;
  /** The total the caller last saw; null when the listing has no stock defined. */
  oldTotal: number | null;
  newTotal: number;
  now: Date;
}

/**
 * `stock/compare_and_set` (both APIs): sets the listing's total to `newTotal` if it is still
 * `oldTotal`, by recording an adjustment of `newTotal − oldTotal` (an undefined total counts as 0),
 * and appends `stockAdjustment/created`. When the difference is 0 nothing is recorded: defining an
 * undefined stock at 0 (`oldTotal` null, `newTotal` 0) only marks the total defined (adjustments are
 * non-zero), and setting a total to its current value changes nothing. Returns the stock.
 * Throws bad-request `validation-invalid-value`, not-found, forbidden, conflict `old-total-mismatch`.
 */
export async function compareAndSetStock(trx: Trx, input: CompareAndSetStockInput): Promise<Stock> {
  validateCompareAndSet(input);
  const listing = await lockListingForStock(trx, input.marketplaceId, input.listingId, input.actor);
  if (listing.stockQuantity !== input.oldTotal) {
    const current = listing.stockQuantity === null ? 'undefined' : String(listing.stockQuantity);
    throw conflict(
      'old-total-mismatch',
      `The listing's stock total is ${current}, not ${input.oldTotal === null ? 'undefined' : input.oldTotal}.`,
    );
  }
  const events: PendingEvent[] = [];
  const difference = input.newTotal - (input.oldTotal ?? 0);
  if (difference !== 0) {
    await recordAdjustment(
      trx,
      listing,
      { quantity: difference, total: input.newTotal, reservationId: null, at: input.now },
      events,
    );
  } else if (listing.stockQuantity === null) {
    await defineStock(trx, listing);
  }
  await appendEvents(trx, events, {
    source: sourceOf(input.actor),
    auditData: auditOf(input.actor),
  });
  // Every path above leaves the total at newTotal.
  return { id: stockIdOf(listing.id), listingId: listing.id, quantity: input.newTotal };
}
