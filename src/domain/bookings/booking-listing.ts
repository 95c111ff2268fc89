/** The listing a booking primitive locks first: the capacity lock of its transaction. */
import { conflict } from '../errors.ts';
import { lockListing, type Listing } from '../listings/index.ts';
import type { Trx } from '../../store/db.ts';

/**
 * Locks the listing's row until commit (every write competing for its seats does the same, so the
 * availability check that follows reads a stable picture). Throws conflict
 * `transaction-listing-not-found` when the listing is missing or deleted.
 */
export async function lockBookedListing(
  trx: Trx,
  marketplaceId: string,
  listingId: string,
): Promise<Listing> {
  const listing = await lockListing(trx, marketplaceId, listingId);
  if (!listing || listing.deleted)
    throw conflict('transaction-listing-not-found', 'The listing was not found.');
  return listing;
}
