import { forbidden, notFound } from '../errors.ts';
import { findUserById } from '../users/index.ts';
import type { Executor } from '../../store/db.ts';
import { LISTING_STATES, type Listing, type ListingState } from './listing.ts';
import { findListingRow, findListingRows, selectAuthorListings } from './listings.store.ts';

/**
 * `listings/show` (Marketplace API): a published listing of an author in good standing. Throws
 * not-found for anything else (drafts, pending, closed, deleted, banned authors).
 */
export async function showListing(db: Executor, input: { marketplaceId: string; id: string }): Promise<Listing> {
  const listing = await findListingRow(db, input.marketplaceId, input.id);
  if (!listing || listing.deleted || listing.state !== 'published') throw notFound('Listing not found.');
  const author = await findUserById(db, input.marketplaceId, listing.authorId);
  if (!author || author.state === 'banned') throw notFound('Listing not found.');
  return listing;
}

/** `own_listings/show`: the caller's listing in any state. Throws not-found, forbidden (another user's listing). */
export async function showOwnListing(db: Executor, input: { marketplaceId: string; userId: string; id: string }): Promise<Listing> {
  const listing = await findListingRow(db, input.marketplaceId, input.id);
  if (!listing || listing.deleted) throw notFound('Listing not found.');
  if (listing.authorId !== input.userId) throw forbidden('forbidden', 'This listing belongs to another user.');
  return listing;
}

/** Integration `listings/show`: any live listing. Throws not-found. */
export async function showListingAsOperator(db: Executor, input: { marketplaceId: string; id: string }): Promise<Listing> {
  const listing = await findListingRow(db, input.marketplaceId, input.id);
  if (!listing || listing.deleted) throw notFound('Listing not found.');
  return listing;
}

/** `own_listings/query`: a page of the caller's live listings, newest first, optionally by state. */
export async function queryOwnListings(
  db: Executor,
  input: { marketplaceId: string; userId: string; states?: readonly ListingState[]; page: number; perPage: number },
): Promise<{ listings: Listing[]; totalItems: number }> {
  const states = input.states?.filter((s) => LISTING_STATES.includes(s));
  const { listings, total } = await selectAuthorListings(db, {
    marketplaceId: input.marketplaceId,
    authorId: input.userId,
    states,
    limit: input.perPage,
    offset: (input.page - 1) * input.perPage,
  });
  return { listings, totalItems: total };
}

/**
 * Listings by ids for include resolvers (`transaction.listing`, …), deleted ones included: present
 * them with `listingAttributes`, which reduces a deleted listing to `{deleted: true}`.
 */
export const findListingsByIds = (db: Executor, marketplaceId: string, ids: readonly string[]): Promise<Listing[]> =>
  findListingRows(db, marketplaceId, ids);
