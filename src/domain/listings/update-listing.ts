import { badRequest } from '../errors.ts';
import type { Trx } from '../../store/db.ts';
import { applyFields, type Listing, type ListingActor, type ListingFieldsInput } from './listing.ts';
import { assertAuthorMayAct } from './listing-permissions.ts';
import { assertImagesUsable, loadMarketplace, lockListing, saveChangedListing } from './listing-context.ts';

export interface UpdateListingInput {
  marketplaceId: string;
  actor: ListingActor;
  id: string;
  fields: ListingFieldsInput;
  now: Date;
}

/**
 * `own_listings/update` (author) and Integration `listings/update` (operator): changes fields,
 * merges extended data, replaces the image list; the state never changes (domain §9.6). Throws
 * not-found, forbidden (another user's listing, pending approval), bad-request (invalid fields,
 * metadata from a user, unusable images).
 */
export async function updateListing(trx: Trx, input: UpdateListingInput): Promise<Listing> {
  const { marketplaceId, actor, fields } = input;
  if (actor.kind === 'user') {
    if (fields.metadata !== undefined) {
      throw badRequest('validation-disallowed-key', 'metadata is written by operators only (Integration API).', { type: 'body', path: ['metadata'] });
    }
    await assertAuthorMayAct(trx, marketplaceId, actor.userId, 'manage');
  }
  const before = await lockListing(trx, marketplaceId, input.id, actor);
  const after: Listing = { ...before, ...applyFields(before, fields), updatedAt: input.now };
  await assertImagesUsable(trx, before, after.imageIds.filter((id) => !before.imageIds.includes(id)), actor);
  return saveChangedListing(trx, await loadMarketplace(trx, marketplaceId), before, after, actor);
}
