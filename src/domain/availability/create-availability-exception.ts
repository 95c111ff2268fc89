import { conflict } from '../errors.ts';
import type { ListingActor } from '../listings/index.ts';
import { newId } from '../../lib/ids.ts';
import type { Trx } from '../../store/db.ts';
import { validateNewException, type AvailabilityException } from './availability-exception.ts';
import { appendExceptionEvent } from './availability-exception-event.ts';
import { insertException, selectOverlappingExceptions } from './availability.store.ts';
import { lockListingFor } from './exception-listing.ts';

export interface CreateAvailabilityExceptionInput {
  marketplaceId: string;
  actor: ListingActor;
  listingId: string;
  start: Date;
  end: Date;
  seats: number;
  now: Date;
}

/**
 * `availability_exceptions/create` (both APIs): sets the listing's seats over a range, replacing its
 * plan there; existing bookings stay. Appends `availabilityException/created`. Throws bad-request
 * `validation-invalid-value` (limits of domain §4.2), not-found, forbidden, conflict
 * `availability-exception-overlap` (the listing already has an exception overlapping the range).
 */
export async function createAvailabilityException(
  trx: Trx,
  input: CreateAvailabilityExceptionInput,
): Promise<AvailabilityException> {
  const { marketplaceId, actor } = input;
  validateNewException(input, input.now);
  const listing = await lockListingFor(trx, marketplaceId, input.listingId, actor);
  // Under the listing lock no other exception of this listing can appear before commit.
  const overlapping = await selectOverlappingExceptions(trx, {
    marketplaceId,
    listingIds: [listing.id],
    start: input.start,
    end: input.end,
  });
  if (overlapping.length > 0) {
    throw conflict(
      'availability-exception-overlap',
      'The listing already has an availability exception overlapping this range; delete it first.',
    );
  }
  const exception = await insertException(trx, {
    id: newId(),
    marketplaceId,
    listingId: listing.id,
    start: input.start,
    end: input.end,
    seats: input.seats,
    createdAt: input.now,
  });
  await appendExceptionEvent(trx, 'created', actor, exception);
  return exception;
}
