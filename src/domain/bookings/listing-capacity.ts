/**
 * A listing's capacity input from the database — plan, exceptions, holding bookings — and the
 * free-capacity checks the booking primitives make under the listing lock.
 */
import {
  capacityWindow,
  findListingExceptionSeats,
  freeCapacity,
  minFreeSeats,
  type CapacityInput,
  type SeatTimeline,
  type TimeRange,
} from '../availability/index.ts';
import { conflict } from '../errors.ts';
import type { Listing } from '../listings/index.ts';
import type { Executor } from '../../store/db.ts';
import { selectHoldingSeats } from './bookings.store.ts';

type PlannedListing = Pick<Listing, 'id' | 'availabilityPlan'>;

/**
 * The capacity inputs of listings over `range`: each listing's plan, and its exceptions and
 * seat-holding bookings overlapping the range widened as capacityWindow says (two queries for any
 * number of listings). `excludeBookingIds` leaves bookings out (one being updated).
 */
export async function loadCapacityInputs(
  db: Executor,
  input: {
    marketplaceId: string;
    listings: readonly PlannedListing[];
    range: TimeRange;
    excludeBookingIds?: readonly string[];
  },
): Promise<Map<string, CapacityInput>> {
  const out = new Map<string, CapacityInput>();
  if (input.listings.length === 0) return out;
  // One window wide enough for every listing (day-based ones need whole UTC dates).
  const window = capacityWindow(null, input.range);
  const listingIds = input.listings.map((l) => l.id);
  const exceptions = await findListingExceptionSeats(db, input.marketplaceId, listingIds, window);
  const bookings = await selectHoldingSeats(db, {
    marketplaceId: input.marketplaceId,
    listingIds,
    start: window.start,
    end: window.end,
    ...(input.excludeBookingIds ? { excludeIds: input.excludeBookingIds } : {}),
  });
  const byListing = <T extends { listingId: string }>(rows: readonly T[]): Map<string, T[]> => {
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const list = groups.get(row.listingId);
      if (list) list.push(row);
      else groups.set(row.listingId, [row]);
    }
    return groups;
  };
  const exceptionsOf = byListing(exceptions);
  const bookingsOf = byListing(bookings);
  for (const l of input.listings) {
    out.set(l.id, {
      plan: l.availabilityPlan,
      exceptions: exceptionsOf.get(l.id) ?? [],
      bookings: bookingsOf.get(l.id) ?? [],
    });
  }
  return out;
}

/**
 * The free-capacity timelines of listings over `range` (plan, exceptions, pending and accepted
 * bookings): for availability search and anything else that needs several listings at once.
 */
export async function freeCapacityOfListings(
  db: Executor,
  input: { marketplaceId: string; listings: readonly PlannedListing[]; range: TimeRange },
): Promise<Map<string, SeatTimeline>> {
  const inputs = await loadCapacityInputs(db, input);
  return new Map([...inputs].map(([id, capacity]) => [id, freeCapacity(capacity, input.range)]));
}

/**
 * Throws conflict `transaction-booking-time-not-available` unless the listing has `seats` free
 * seats everywhere in `range` (whole UTC dates for day-based listings). Call it under the listing
 * lock, so the answer holds until commit.
 */
export async function assertSeatsAvailable(
  db: Executor,
  input: {
    marketplaceId: string;
    listing: PlannedListing;
    range: TimeRange;
    seats: number;
    excludeBookingIds?: readonly string[];
  },
): Promise<void> {
  const capacity = (await loadCapacityInputs(db, { ...input, listings: [input.listing] })).get(
    input.listing.id,
  );
  const free = capacity ? minFreeSeats(capacity, input.range) : 0;
  if (free < input.seats) {
    throw conflict(
      'transaction-booking-time-not-available',
      `The listing has ${free} free seat${free === 1 ? '' : 's'} in the requested time; ${input.seats} requested.`,
    );
  }
}
