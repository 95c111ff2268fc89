import { badRequest, forbidden, notFound } from '../errors.ts';
import { findListingsByIds } from '../listings/index.ts';
import type { Executor } from '../../store/db.ts';
import type { Booking, BookingState } from './booking.ts';
import {
  selectBookingsByIds,
  selectBookingsOfTransactions,
  selectListingBookingPage,
} from './bookings.store.ts';

/** The booking of a transaction, if it has one. */
export async function findBookingOfTransaction(
  db: Executor,
  marketplaceId: string,
  transactionId: string,
): Promise<Booking | undefined> {
  const [booking] = await selectBookingsOfTransactions(db, marketplaceId, [transactionId]);
  return booking;
}

/** The bookings of several transactions (include resolvers: `transaction.booking`). */
export const findBookingsOfTransactions = (
  db: Executor,
  marketplaceId: string,
  transactionIds: readonly string[],
): Promise<Booking[]> => selectBookingsOfTransactions(db, marketplaceId, transactionIds);

/** Bookings by id (unknown ids are skipped); callers decide who may see them. */
export const findBookingsByIds = (
  db: Executor,
  marketplaceId: string,
  ids: readonly string[],
): Promise<Booking[]> => selectBookingsByIds(db, marketplaceId, ids);

export interface QueryListingBookingsInput {
  marketplaceId: string;
  listingId: string;
  start: Date;
  end: Date;
  /** Only these states; undefined = all. */
  states?: readonly BookingState[] | undefined;
  page: number;
  perPage: number;
  /** The Marketplace API caller: only the listing's author may list its bookings. */
  viewerUserId?: string | undefined;
}

/**
 * `bookings/query`: a page of a listing's bookings overlapping `[start, end)`, by start. With a
 * `viewerUserId` only the listing's author may ask. Throws bad-request `validation-invalid-value`
 * (end not after start), not-found (unknown or deleted listing), forbidden (not the author).
 */
export async function queryListingBookings(
  db: Executor,
  input: QueryListingBookingsInput,
): Promise<{ bookings: Booking[]; totalItems: number }> {
  if (input.end.getTime() <= input.start.getTime()) {
    throw badRequest('validation-invalid-value', 'end must be after start.', {
      type: 'query',
      path: ['end'],
    });
  }
  const [listing] = await findListingsByIds(db, input.marketplaceId, [input.listingId]);
  if (!listing || listing.deleted) throw notFound('Listing not found.');
  if (input.viewerUserId !== undefined && listing.authorId !== input.viewerUserId) {
    throw forbidden('forbidden', "Only the listing's author may list its bookings.");
  }
  const { bookings, total } = await selectListingBookingPage(db, {
    marketplaceId: input.marketplaceId,
    listingId: listing.id,
    start: input.start,
    end: input.end,
    states: input.states,
    limit: input.perPage,
    offset: (input.page - 1) * input.perPage,
  });
  return { bookings, totalItems: total };
}
