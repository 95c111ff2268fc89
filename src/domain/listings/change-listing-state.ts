import type { Trx } from '../../store/db.ts';
import { nextState, type Listing, type ListingActor } from './listing.ts';
import { assertAuthorMayAct, listingsNeedApproval } from './listing-permissions.ts';
import { loadMarketplace, lockListing, saveChangedListing } from './listing-context.ts';

export interface ChangeListingStateInput {
  marketplaceId: string;
  actor: ListingActor;
  id: string;
  now: Date;
}

type Move = 'publishDraft' | 'open' | 'close' | 'approve';

async function move(trx: Trx, input: ChangeListingStateInput, to: Move): Promise<Listing> {
  const { marketplaceId, actor } = input;
  if (actor.kind === 'user') await assertAuthorMayAct(trx, marketplaceId, actor.userId, to === 'close' ? 'manage' : 'post');
  const before = await lockListing(trx, marketplaceId, input.id, actor);
  const marketplace = await loadMarketplace(trx, marketplaceId);
  const state = nextState(before, to, listingsNeedApproval(marketplace.settings));
  if (state === before.state) return before;
  return saveChangedListing(trx, marketplace, before, { ...before, state, updatedAt: input.now }, actor);
}

/** `own_listings/publish_draft`: draft → published (or pendingApproval). Throws not-found, forbidden, conflict `listing-invalid-state`. */
export const publishDraft = (trx: Trx, input: ChangeListingStateInput): Promise<Listing> => move(trx, input, 'publishDraft');

/** `open` (author or operator): closed → published. Throws not-found, forbidden, conflict `listing-invalid-state`. */
export const openListing = (trx: Trx, input: ChangeListingStateInput): Promise<Listing> => move(trx, input, 'open');

/** `close` (author or operator): published → closed. Throws not-found, forbidden, conflict `listing-invalid-state`. */
export const closeListing = (trx: Trx, input: ChangeListingStateInput): Promise<Listing> => move(trx, input, 'close');

/** Integration `listings/approve`: pendingApproval → published. Throws not-found, conflict `listing-invalid-state`. */
export const approveListing = (trx: Trx, input: Omit<ChangeListingStateInput, 'actor'> & { actor: Extract<ListingActor, { kind: 'operator' }> }): Promise<Listing> =>
  move(trx, input, 'approve');
