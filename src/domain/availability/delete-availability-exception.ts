import { notFound } from '../errors.ts';
import type { ListingActor } from '../listings/index.ts';
import type { Trx } from '../../store/db.ts';
import type { AvailabilityException } from './availability-exception.ts';
import { appendExceptionEvent } from './availability-exception-event.ts';
import { deleteExceptionRow, findExceptionRow } from './availability.store.ts';
import { lockListingFor } from './exception-listing.ts';

/**
 * `availability_exceptions/delete` (both APIs): removes an exception; the plan applies again over
 * its range. Returns the deleted exception and appends `availabilityException/deleted`. Throws
 * not-found (unknown exception, or its listing is gone), forbidden (another user's listing,
 * pending approval).
 */
export async function deleteAvailabilityException(
  trx: Trx,
  input: { marketplaceId: string; actor: ListingActor; id: string },
): Promise<AvailabilityException> {
  const { marketplaceId, actor } = input;
  const found = await findExceptionRow(trx, marketplaceId, input.id);
  if (!found) throw notFound('Availability exception not found.');
  await lockListingFor(trx, marketplaceId, found.listingId, actor);
  // Read again under the lock: a concurrent delete may have won.
  const exception = await findExceptionRow(trx, marketplaceId, found.id);
  if (!exception) throw notFound('Availability exception not found.');
  await deleteExceptionRow(trx, marketplaceId, exception.id);
  await appendExceptionEvent(trx, 'deleted', actor, exception);
  return exception;
}
