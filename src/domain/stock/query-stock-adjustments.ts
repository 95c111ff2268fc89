import type { ListingActor } from '../listings/index.ts';
import type { Executor } from '../../store/db.ts';
import { readableListingForStock } from './stock-ledger.ts';
import { validateAdjustmentWindow, type StockAdjustment } from './stock.ts';
import { selectAdjustmentPage } from './stock.store.ts';

export interface QueryStockAdjustmentsInput {
  marketplaceId: string;
  actor: ListingActor;
  listingId: string;
  /** Adjustments with `at` in `[start, end)`. */
  start: Date;
  end: Date;
  page: number;
  perPage: number;
  now: Date;
}

/**
 * `stock_adjustments/query` (both APIs): a page of the listing's ledger with `at` in
 * `[start, end)`, oldest first (ties in writing order) so the page reads as a history. Authors read
 * their own listings' ledgers, operators any. Throws bad-request `validation-invalid-value` (window
 * limits of domain §5), not-found, forbidden (another user's listing).
 */
export async function queryStockAdjustments(
  db: Executor,
  input: QueryStockAdjustmentsInput,
): Promise<{ adjustments: StockAdjustment[]; totalItems: number }> {
  validateAdjustmentWindow(input.start, input.end, input.now);
  const listing = await readableListingForStock(
    db,
    input.marketplaceId,
    input.listingId,
    input.actor,
  );
  const { adjustments, total } = await selectAdjustmentPage(db, {
    marketplaceId: input.marketplaceId,
    listingId: listing.id,
    start: input.start,
    end: input.end,
    limit: input.perPage,
    offset: (input.page - 1) * input.perPage,
  });
  return { adjustments, totalItems: total };
}
