/** The locks the stock reservation primitives take: the listing first, then the reservation read under it. */
import { conflict, notFound } from '../errors.ts';
import { lockListing, type Listing } from '../listings/index.ts';
import type { Trx } from '../../store/db.ts';
import type { StockReservation } from './stock.ts';
import { selectReservationsByIds } from './stock.store.ts';

/**
 * Locks a live listing for a new reservation (every write competing for its stock takes the same
 * lock, so the stock check that follows holds until commit). Throws conflict
 * `transaction-listing-not-found` when the listing is missing or deleted.
 */
export async function lockReservedListing(
  trx: Trx,
  marketplaceId: string,
  listingId: string,
): Promise<Listing> {
  const listing = await lockListing(trx, marketplaceId, listingId);
  if (!listing || listing.deleted)
    throw conflict('transaction-listing-not-found', 'The listing was not found.');
  return listing;
}

/**
 * Loads a reservation and locks its listing, then reads the reservation again: every write to a
 * listing's reservations holds that lock, so the second read stays current until commit. A deleted
 * listing is still locked and returned — releasing units of a deleted listing must not block a
 * transaction's cancel — and callers that take units check `deleted` themselves. Throws not-found.
 */
export async function lockReservation(
  trx: Trx,
  marketplaceId: string,
  reservationId: string,
): Promise<{ reservation: StockReservation; listing: Listing }> {
  const [found] = await selectReservationsByIds(trx, marketplaceId, [reservationId]);
  if (!found) throw notFound('Stock reservation not found.');
  const listing = await lockListing(trx, marketplaceId, found.listingId);
  const [reservation] = await selectReservationsByIds(trx, marketplaceId, [found.id]);
  if (!listing || !reservation) throw notFound('Stock reservation not found.');
  return { reservation, listing };
}
