import { appendEvents, type PendingEvent } from '../events/index.ts';
import type { ListingActor } from '../listings/index.ts';
import type { Trx } from '../../store/db.ts';
import { auditOf, sourceOf } from './stock-event.ts';
import { lockListingForStock, recordAdjustment } from './stock-ledger.ts';
import { totalAfter, validateAdjustmentQuantity, type StockAdjustment } from './stock.ts';

export interface CreateStockAdjustmentInput {
  marketplaceId: string;
  actor: ListingActor;
  listingId: string;
  /** Non-zero; positive adds units. */
  quantity: number;
  now: Date;
}

/**
 * `stock_adjustments/create` (both APIs): adds `quantity` units to the listing's stock (removes
 * them when negative) by recording an immutable adjustment, and appends `stockAdjustment/created`.
 * An undefined stock counts as 0, so a first positive adjustment defines it. The total never goes
 * below 0: the docs call a negative total an error case, so a removal of more units than the
 * listing has is refused rather than recorded. Throws bad-request `validation-invalid-value`,
 * not-found, forbidden, conflict `stock-total-negative`.
 */
export async function createStockAdjustment(
  trx: Trx,
  input: CreateStockAdjustmentInput,
): Promise<StockAdjustment> {
  validateAdjustmentQuantity(input.quantity);
  const listing = await lockListingForStock(trx, input.marketplaceId, input.listingId, input.actor);
  const total = totalAfter(listing.stockQuantity, input.quantity);
  const events: PendingEvent[] = [];
  const { adjustment } = await recordAdjustment(
    trx,
    listing,
    { quantity: input.quantity, total, reservationId: null, at: input.now },
    events,
  );
  await appendEvents(trx, events, {
    source: sourceOf(input.actor),
    auditData: auditOf(input.actor),
  });
  return adjustment;
}
