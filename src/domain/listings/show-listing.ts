import { forbidden, notFound } from '../errors.ts';
import { findUserById } from '../users/index.ts';
import type { Executor } from '../../store/db.ts';
import { LISTING_STATES, type Listing, type ListingState } from './listing.ts';
import { findListingRow, findListingRows, selectAuthorListings, selectCalendarListingRow } from './listings.store.ts';
import { parseAvailabilityPlan, type AvailabilityPlan } from './availability-plan.ts';

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

/** A listing as a calendar read (time slots) sees it. */
export interface CalendarListing {
  id: string;
  availabilityPlan: AvailabilityPlan | null;
  /**
   * Changes whenever the plan, an exception or a booking of the listing changes (kept by the
   * database, migration 0019): a capacity result computed at one revision is valid while the
   * listing still has it.
   */
  capacityRevision: number;
}

/**
 * A listing whose calendar the viewer may read, in one statement: a published listing of a live
 * author in good standing (as `showListing`), or the viewer's own live listing in any state (as
 * `showOwnListing`). Throws not-found for anything else, another user's draft included.
 */
export async function findCalendarListing(
  db: Executor,
  input: { marketplaceId: string; id: string; viewerUserId?: string | undefined },
): Promise<CalendarListing> {
  const row = await selectCalendarListingRow(db, input.marketplaceId, input.id);
  const visible =
    row !== undefined &&
    !row.deleted &&
    ((row.state === 'published' && row.author_visible) || row.author_id === input.viewerUserId);
  if (!visible) throw notFound('Listing not found.');
  return {
    id: row.id,
    availabilityPlan: row.availability_plan === null ? null : parseAvailabilityPlan(row.availability_plan),
    capacityRevision: Number(row.capacity_revision),
  };
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
