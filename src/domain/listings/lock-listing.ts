/**
 * The capacity lock. Every write that competes for a listing's capacity (seats held by bookings,
 * stock reservations and adjustments, availability exceptions) calls this first inside its
 * transaction: it locks the listing's row until commit, so concurrent writers for the same listing
 * run one after another and each check reads what the previous one committed.
 */
import type { Trx } from '../../store/db.ts';
import type { Listing } from './listing.ts';
import { findListingRow } from './listings.store.ts';

/** Locks and returns the listing (deleted ones included: callers decide), or undefined. */
export async function lockListing(trx: Trx, marketplaceId: string, listingId: string): Promise<Listing | undefined> {
  return findListingRow(trx, marketplaceId, listingId, { forUpdate: true });
}
