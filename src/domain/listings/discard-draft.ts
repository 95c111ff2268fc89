import { conflict } from '../errors.ts';
import type { Trx } from '../../store/db.ts';
import type { Listing, ListingActor } from './listing.ts';
import { assertAuthorMayAct } from './listing-permissions.ts';
import { loadMarketplace, lockListing, saveChangedListing } from './listing-context.ts';

/**
 * `own_listings/discard_draft`: deletes a draft (kept as a deleted row, emits `listing/deleted`).
 * Throws not-found, forbidden, conflict `listing-invalid-state` (not a draft).
 */
export async function discardDraft(
  trx: Trx,
  input: { marketplaceId: string; actor: Extract<ListingActor, { kind: 'user' }>; id: string; now: Date },
): Promise<Listing> {
  const { marketplaceId, actor } = input;
  await assertAuthorMayAct(trx, marketplaceId, actor.userId, 'manage');
  const before = await lockListing(trx, marketplaceId, input.id, actor);
  if (before.state !== 'draft') throw conflict('listing-invalid-state', `Only drafts can be discarded; this listing is ${before.state}.`);
  return saveChangedListing(trx, await loadMarketplace(trx, marketplaceId), before, { ...before, deleted: true, updatedAt: input.now }, actor);
}
