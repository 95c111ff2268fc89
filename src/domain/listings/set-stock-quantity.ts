/**
 * The listing's copy of its stock total. The stock module owns the ledger (stock adjustments) and
 * keeps `listings.stock_quantity` equal to the ledger's sum, so search can filter on stock with an
 * index and reads of `currentStock` need no aggregate. This is the only writer of that column.
 */
import type { Trx } from '../../store/db.ts';
import type { Listing } from './listing.ts';
import { updateStockQuantity } from './listings.store.ts';

/**
 * Sets the listing's stock total. Call it only from the stock module, after `lockListing` on the
 * same listing and in the same DB transaction as the ledger insert it mirrors, so the total never
 * disagrees with the ledger once committed. Returns the listing with the new total.
 */
export async function setListingStockQuantity(
  trx: Trx,
  listing: Listing,
  quantity: number,
): Promise<Listing> {
  await updateStockQuantity(trx, listing.marketplaceId, listing.id, quantity);
  return { ...listing, stockQuantity: quantity };
}
