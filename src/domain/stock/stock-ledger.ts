/**
 * The ledger's one write path, and the listing locks stock writes take first. Every change of a
 * listing's stock goes through `recordAdjustment` (or `defineStock` for the one change without an
 * adjustment), on a listing row locked in the same transaction: the adjustment and the listing's
 * running total commit together, and concurrent writers of one listing see each other's totals.
 */
import { authorizeUser } from '../access/index.ts';
import { forbidden, notFound } from '../errors.ts';
import type { EventSink } from '../events/index.ts';
import {
  lockListing,
  setListingStockQuantity,
  showListingAsOperator,
  showOwnListing,
  type Listing,
  type ListingActor,
} from '../listings/index.ts';
import { newId } from '../../lib/ids.ts';
import type { Executor, Trx } from '../../store/db.ts';
import { stockAdjustmentCreated } from './stock-event.ts';
import type { StockAdjustment } from './stock.ts';
import { insertAdjustment } from './stock.store.ts';

/**
 * Appends an adjustment of `quantity` to the locked listing's ledger, sets its total to
 * `total` (the caller computed and checked it under the lock) and pushes `stockAdjustment/created`.
 * Returns the adjustment and the listing with its new total.
 */
export async function recordAdjustment(
  trx: Trx,
  listing: Listing,
  input: { quantity: number; total: number; reservationId: string | null; at: Date | undefined },
  events: EventSink,
): Promise<{ adjustment: StockAdjustment; listing: Listing }> {
  const adjustment = await insertAdjustment(trx, {
    id: newId(),
    marketplaceId: listing.marketplaceId,
    listingId: listing.id,
    reservationId: input.reservationId,
    quantity: input.quantity,
    at: input.at,
  });
  const updated = await setListingStockQuantity(trx, listing, input.total);
  events.push(stockAdjustmentCreated(adjustment));
  return { adjustment, listing: updated };
}

/**
 * Defines an undefined stock as 0: the one change of total without an adjustment (adjustments are
 * non-zero, and the ledger of a listing without stock sums to 0 already).
 */
export const defineStock = (trx: Trx, listing: Listing): Promise<Listing> =>
  setListingStockQuantity(trx, listing, 0);

/**
 * Locks the listing whose stock an API actor changes: its author through the Marketplace API (an
 * approved user) or an operator. Throws not-found (missing or deleted listing), forbidden (another
 * user's listing, `permission-denied-pending-approval`).
 */
export async function lockListingForStock(
  trx: Trx,
  marketplaceId: string,
  listingId: string,
  actor: ListingActor,
): Promise<Listing> {
  if (actor.kind === 'user')
    await authorizeUser(trx, { marketplaceId, userId: actor.userId, action: 'manageListings' });
  const listing = await lockListing(trx, marketplaceId, listingId);
  if (!listing || listing.deleted) throw notFound('Listing not found.');
  if (actor.kind === 'user' && listing.authorId !== actor.userId)
    throw forbidden('forbidden', 'This listing belongs to another user.');
  return listing;
}

/** The listing whose stock ledger an actor reads. Throws not-found, forbidden (another user's listing). */
export const readableListingForStock = (
  db: Executor,
  marketplaceId: string,
  listingId: string,
  actor: ListingActor,
): Promise<Listing> =>
  actor.kind === 'user'
    ? showOwnListing(db, { marketplaceId, userId: actor.userId, id: listingId })
    : showListingAsOperator(db, { marketplaceId, id: listingId });
