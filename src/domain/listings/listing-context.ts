/** Shared steps of listing writes: load and lock the listing, check images, save with its event. */
import { badRequest, forbidden, notFound } from '../errors.ts';
import { findMarketplaceById, type Marketplace } from '../marketplaces/index.ts';
import { findImagesByIds } from '../images/index.ts';
import type { Trx } from '../../store/db.ts';
import type { Listing, ListingActor } from './listing.ts';
import { findListingRow, insertListing, updateListingRow } from './listings.store.ts';
import { searchVectorFor, textSearchFields } from './listing-search-text.ts';
import { appendListingEvent, listingPreviousValues } from './listing-event.ts';

/** The marketplace (its settings drive approval and the search language). */
export async function loadMarketplace(trx: Trx, marketplaceId: string): Promise<Marketplace> {
  const marketplace = await findMarketplaceById(trx, marketplaceId);
  if (!marketplace) throw notFound('Marketplace not found.');
  return marketplace;
}

/**
 * The live listing, row-locked for the rest of the transaction. Throws not-found (missing or
 * deleted) or forbidden (a user acting on another user's listing).
 */
export async function lockListing(trx: Trx, marketplaceId: string, id: string, actor: ListingActor): Promise<Listing> {
  const listing = await findListingRow(trx, marketplaceId, id, { forUpdate: true });
  if (!listing || listing.deleted) throw notFound('Listing not found.');
  if (actor.kind === 'user' && listing.authorId !== actor.userId) throw forbidden('forbidden', 'This listing belongs to another user.');
  return listing;
}

/**
 * Checks image ids a write adds: each an uploaded image of the marketplace owned by the author
 * (operators may also attach images uploaded through the Integration API). Throws bad-request.
 */
export async function assertImagesUsable(
  trx: Trx,
  listing: Pick<Listing, 'marketplaceId' | 'authorId'>,
  added: string[],
  actor: ListingActor,
  path: string[] = ['images'],
): Promise<void> {
  if (added.length === 0) return;
  const found = new Map((await findImagesByIds(trx, listing.marketplaceId, added)).map((image) => [image.id, image]));
  added.forEach((id) => {
    const image = found.get(id);
    const owned = image !== undefined && (image.ownerUserId === listing.authorId || (actor.kind === 'operator' && image.ownerUserId === null));
    if (!owned) {
      throw badRequest('validation-invalid-value', `Image ${id} does not exist or was not uploaded by the listing's author.`, {
        type: 'body',
        path,
      });
    }
  });
}

/** Inserts a new listing and appends `listing/created` (last). */
export async function saveNewListing(trx: Trx, marketplace: Marketplace, listing: Listing, actor: ListingActor): Promise<Listing> {
  const saved = await insertListing(trx, listing, searchVectorFor(listing, marketplace.settings, await textSearchFields(trx, marketplace.id)));
  await appendListingEvent(trx, 'created', actor, null, saved);
  return saved;
}

/** Writes a changed listing and appends `listing/updated` (or `deleted`); nothing when nothing changed. */
export async function saveChangedListing(
  trx: Trx,
  marketplace: Marketplace,
  before: Listing,
  after: Listing,
  actor: ListingActor,
): Promise<Listing> {
  if (!after.deleted && listingPreviousValues(before, after) === null) return before;
  const saved = await updateListingRow(trx, after, searchVectorFor(after, marketplace.settings, await textSearchFields(trx, marketplace.id)));
  if (saved.deleted) await appendListingEvent(trx, 'deleted', actor, before, saved);
  else await appendListingEvent(trx, 'updated', actor, before, saved);
  return saved;
}
