/** Which listing an exception write or query may touch, and who may touch it. */
import { authorizeUser } from '../access/index.ts';
import { forbidden, notFound } from '../errors.ts';
import {
  lockListing,
  showListingAsOperator,
  showOwnListing,
  type Listing,
  type ListingActor,
} from '../listings/index.ts';
import type { Executor, Trx } from '../../store/db.ts';

/**
 * The listing, row-locked (the capacity lock: exception writes serialise with bookings and each
 * other), for an actor about to change its exceptions: its author through the Marketplace API (an
 * approved user) or an operator. Throws not-found (missing or deleted listing), forbidden (another
 * user's listing, or `permission-denied-pending-approval`).
 */
export async function lockListingFor(
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

/** The listing whose exceptions the actor reads. Throws not-found, forbidden (another user's listing). */
export const readableListingFor = (
  db: Executor,
  marketplaceId: string,
  listingId: string,
  actor: ListingActor,
): Promise<Listing> =>
  actor.kind === 'user'
    ? showOwnListing(db, { marketplaceId, userId: actor.userId, id: listingId })
    : showListingAsOperator(db, { marketplaceId, id: listingId });
