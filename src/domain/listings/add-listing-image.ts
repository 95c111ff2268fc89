import { badRequest } from '../errors.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Trx } from '../../store/db.ts';
import { MAX_IMAGES, type Listing, type ListingActor } from './listing.ts';
import { assertAuthorMayAct } from './listing-permissions.ts';
import { assertImagesUsable, loadMarketplace, lockListing, saveChangedListing } from './listing-context.ts';

/**
 * `own_listings/add_image`: appends one of the author's uploaded images (already there: no change).
 * Throws not-found, forbidden, bad-request (unknown or foreign image, too many images).
 */
export async function addListingImage(
  trx: Trx,
  input: { marketplaceId: string; actor: Extract<ListingActor, { kind: 'user' }>; id: string; imageId: string; now: Date },
): Promise<Listing> {
  const { marketplaceId, actor } = input;
  const imageId = input.imageId.toLowerCase();
  if (!isUuid(imageId)) throw badRequest('validation-invalid-value', 'imageId must be an image id (UUID).', { type: 'body', path: ['imageId'] });
  await assertAuthorMayAct(trx, marketplaceId, actor.userId, 'manage');
  const before = await lockListing(trx, marketplaceId, input.id, actor);
  if (before.imageIds.includes(imageId)) return before;
  if (before.imageIds.length >= MAX_IMAGES) throw badRequest('validation-invalid-value', `A listing has at most ${MAX_IMAGES} images.`, { type: 'body', path: ['imageId'] });
  await assertImagesUsable(trx, before, [imageId], actor, ['imageId']);
  const after = { ...before, imageIds: [...before.imageIds, imageId], updatedAt: input.now };
  return saveChangedListing(trx, await loadMarketplace(trx, marketplaceId), before, after, actor);
}
