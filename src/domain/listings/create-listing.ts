import { badRequest, conflict } from '../errors.ts';
import { findUserById } from '../users/index.ts';
import { newId } from '../../lib/ids.ts';
import type { Trx } from '../../store/db.ts';
import { initialFields, postedState, type Listing, type ListingActor, type ListingFieldsInput, type ListingState } from './listing.ts';
import { assertAuthorMayAct, listingsNeedApproval } from './listing-permissions.ts';
import { assertImagesUsable, loadMarketplace, saveNewListing } from './listing-context.ts';

export interface CreateOwnListingInput {
  marketplaceId: string;
  actor: Extract<ListingActor, { kind: 'user' }>;
  /** create_draft (true) or create (false: published, or pendingApproval under approval). */
  draft: boolean;
  fields: Omit<ListingFieldsInput, 'metadata'> & { title: string };
  now: Date;
}

const newListing = (marketplaceId: string, authorId: string, state: ListingState, fields: ListingFieldsInput & { title: string }, now: Date): Listing => ({
  id: newId(),
  marketplaceId,
  authorId,
  state,
  deleted: false,
  ...initialFields(fields),
  stockQuantity: null,
  createdAt: now,
  updatedAt: now,
});

/**
 * `own_listings/create|create_draft`: the author posts a listing. Throws forbidden (pending
 * approval, no posting rights), bad-request (invalid fields, unusable images).
 */
export async function createOwnListing(trx: Trx, input: CreateOwnListingInput): Promise<Listing> {
  const { marketplaceId, actor } = input;
  await assertAuthorMayAct(trx, marketplaceId, actor.userId, 'post');
  const marketplace = await loadMarketplace(trx, marketplaceId);
  const state = input.draft ? 'draft' : postedState(listingsNeedApproval(marketplace.settings));
  const listing = newListing(marketplaceId, actor.userId, state, input.fields, input.now);
  await assertImagesUsable(trx, listing, listing.imageIds, actor);
  return saveNewListing(trx, marketplace, listing, actor);
}

export interface CreateListingAsOperatorInput {
  marketplaceId: string;
  actor: Extract<ListingActor, { kind: 'operator' }>;
  authorId: string;
  state: 'published' | 'pendingApproval';
  fields: ListingFieldsInput & { title: string };
  now: Date;
}

/**
 * Integration `listings/create`: an operator creates a listing for an author, in the given state.
 * Throws bad-request (unknown author, invalid fields, unusable images), conflict `user-is-banned`.
 */
export async function createListingAsOperator(trx: Trx, input: CreateListingAsOperatorInput): Promise<Listing> {
  const { marketplaceId, actor } = input;
  const author = await findUserById(trx, marketplaceId, input.authorId);
  if (!author) throw badRequest('validation-invalid-value', `No user ${input.authorId} in this marketplace.`, { type: 'body', path: ['authorId'] });
  if (author.state === 'banned') throw conflict('user-is-banned', 'The author is banned.');
  const marketplace = await loadMarketplace(trx, marketplaceId);
  const listing = newListing(marketplaceId, author.id, input.state, input.fields, input.now);
  await assertImagesUsable(trx, listing, listing.imageIds, actor);
  return saveNewListing(trx, marketplace, listing, actor);
}
