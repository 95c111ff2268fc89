import type { ListingActor } from '../listings/index.ts';
import type { Executor } from '../../store/db.ts';
import {
  validateExceptionQueryWindow,
  type AvailabilityException,
} from './availability-exception.ts';
import type { ExceptionSeats } from './availability.ts';
import {
  selectExceptionPage,
  selectOverlappingExceptionSeats,
  selectOverlappingExceptions,
} from './availability.store.ts';
import { readableListingFor } from './exception-listing.ts';

export interface QueryAvailabilityExceptionsInput {
  marketplaceId: string;
  actor: ListingActor;
  listingId: string;
  start: Date;
  end: Date;
  page: number;
  perPage: number;
  now: Date;
}

/**
 * `availability_exceptions/query` (both APIs): a page of a listing's exceptions overlapping the
 * window, by start. Authors read their own listings', operators any. Throws bad-request
 * `validation-invalid-value` (window limits), not-found, forbidden (another user's listing).
 */
export async function queryAvailabilityExceptions(
  db: Executor,
  input: QueryAvailabilityExceptionsInput,
): Promise<{ exceptions: AvailabilityException[]; totalItems: number }> {
  validateExceptionQueryWindow(input.start, input.end, input.now);
  const listing = await readableListingFor(db, input.marketplaceId, input.listingId, input.actor);
  const { exceptions, total } = await selectExceptionPage(db, {
    marketplaceId: input.marketplaceId,
    listingId: listing.id,
    start: input.start,
    end: input.end,
    limit: input.perPage,
    offset: (input.page - 1) * input.perPage,
  });
  return { exceptions, totalItems: total };
}

/**
 * Every exception of the given listings overlapping `[start, end)` — the capacity input of time
 * slots, bookings and availability search. No access checks: callers decide what they show.
 */
export const findListingExceptions = (
  db: Executor,
  marketplaceId: string,
  listingIds: readonly string[],
  range: { start: Date; end: Date },
): Promise<AvailabilityException[]> =>
  selectOverlappingExceptions(db, {
    marketplaceId,
    listingIds,
    start: range.start,
    end: range.end,
  });

/**
 * The span and seats of every exception of the given listings overlapping `[start, end)`, by
 * listing and start: findListingExceptions without the columns capacity does not need (time slots
 * and booking checks load them on every request).
 */
export const findListingExceptionSeats = (
  db: Executor,
  marketplaceId: string,
  listingIds: readonly string[],
  range: { start: Date; end: Date },
): Promise<(ExceptionSeats & { listingId: string })[]> =>
  selectOverlappingExceptionSeats(db, {
    marketplaceId,
    listingIds,
    start: range.start,
    end: range.end,
  });
