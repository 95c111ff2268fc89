import {
  computeTimeSlots,
  parseTimeSlotQuery,
  type TimeSlot,
  type TimeSlotQueryParams,
} from '../availability/index.ts';
import { findCalendarListing } from '../listings/index.ts';
import type { Executor } from '../../store/db.ts';
import { loadCapacityInputs } from './listing-capacity.ts';

export interface QueryTimeSlotsInput {
  marketplaceId: string;
  /** The calling user, if any: authors also see the slots of their own unpublished listings. */
  viewerUserId?: string | undefined;
  listingId: string;
  params: TimeSlotQueryParams;
  page: number;
  perPage: number;
  now: Date;
}

/** One page of a listing's time slots and how many there are in all. */
export interface TimeSlotPage {
  slots: TimeSlot[];
  totalItems: number;
}

/** A checked time-slot query whose answer is computed on demand (see `prepareTimeSlots`). */
export interface PreparedTimeSlots {
  /**
   * Names the answer: two prepared queries with the same key have the same answer. It holds the
   * listing, its capacity revision, the range, the interval parameters and the page, so a cache
   * keyed by it never serves slots from before a booking, exception or plan change.
   */
  key: string;
  /** Loads the listing's exceptions and bookings and computes the page. */
  run(): Promise<TimeSlotPage>;
}

/**
 * `timeslots/query` (Marketplace API), first half: checks the parameters and that the viewer may
 * see the listing (a published listing, or the viewer's own in any state), and names the answer
 * by the listing's capacity revision. The answer itself — plan, overridden by exceptions, minus
 * pending and accepted bookings, optionally expanded and interval-filtered
 * (availability/time-slots.ts) — is computed by `run`, read after the revision: the rows it reads
 * are at least as new as the revision in the key. Throws bad-request `validation-invalid-value`
 * (range and interval limits), not-found.
 */
export async function prepareTimeSlots(
  db: Executor,
  input: QueryTimeSlotsInput,
): Promise<PreparedTimeSlots> {
  const query = parseTimeSlotQuery(input.params, input.now);
  const listing = await findCalendarListing(db, {
    marketplaceId: input.marketplaceId,
    id: input.listingId,
    viewerUserId: input.viewerUserId,
  });
  const p = input.params;
  const key = [
    listing.id,
    listing.capacityRevision,
    query.start.getTime(),
    query.end.getTime(),
    p.intervalDuration ?? '',
    p.maxPerInterval ?? '',
    p.minDurationStartingInInterval ?? '',
    p.intervalAlign?.getTime() ?? '',
    input.page,
    input.perPage,
  ].join('/');
  return {
    key,
    run: async () => {
      const capacity = (
        await loadCapacityInputs(db, {
          marketplaceId: input.marketplaceId,
          listings: [listing],
          range: query,
        })
      ).get(listing.id);
      const slots = capacity ? computeTimeSlots(capacity, query) : [];
      const offset = (input.page - 1) * input.perPage;
      return { slots: slots.slice(offset, offset + input.perPage), totalItems: slots.length };
    },
  };
}
