import {
  computeTimeSlots,
  parseTimeSlotQuery,
  type TimeSlot,
  type TimeSlotQueryParams,
} from '../availability/index.ts';
import { DomainError } from '../errors.ts';
import { showListing, showOwnListing, type Listing } from '../listings/index.ts';
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

/** A published listing, or the viewer's own listing in any state. Throws not-found. */
async function visibleListing(db: Executor, input: QueryTimeSlotsInput): Promise<Listing> {
  try {
    return await showListing(db, { marketplaceId: input.marketplaceId, id: input.listingId });
  } catch (e) {
    if (!(e instanceof DomainError && e.kind === 'not-found') || input.viewerUserId === undefined)
      throw e;
    const own = await showOwnListing(db, {
      marketplaceId: input.marketplaceId,
      userId: input.viewerUserId,
      id: input.listingId,
    }).catch(() => undefined);
    if (!own) throw e;
    return own;
  }
}

/**
 * `timeslots/query` (Marketplace API): one page of the listing's time slots over the range — its
 * plan, overridden by exceptions, minus pending and accepted bookings — optionally expanded and
 * interval-filtered (availability/time-slots.ts). Anyone who can see the listing may ask. Throws
 * bad-request `validation-invalid-value` (range and interval limits), not-found.
 */
export async function queryTimeSlots(
  db: Executor,
  input: QueryTimeSlotsInput,
): Promise<{ slots: TimeSlot[]; totalItems: number }> {
  const query = parseTimeSlotQuery(input.params, input.now);
  const listing = await visibleListing(db, input);
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
}
