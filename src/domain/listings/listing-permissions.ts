/**
 * Who may post and manage listings (catalogue §3.12, domain §9.1): the access-control module
 * decides from the marketplace's settings and the author's state and permissions. The Marketplace
 * API enforces this for the author; the Integration API is unrestricted.
 */
import { authorizeUser } from '../access/index.ts';
import type { Executor } from '../../store/db.ts';

/** What the author is doing: posting (create, create_draft, publish_draft, open) or managing. */
export type AuthorAction = 'post' | 'manage';

/**
 * Throws forbidden `permission-denied-post-listings`, `permission-denied-pending-approval`, or
 * `forbidden` for a banned, deleted or missing user.
 */
export async function assertAuthorMayAct(db: Executor, marketplaceId: string, userId: string, action: AuthorAction): Promise<void> {
  await authorizeUser(db, { marketplaceId, userId, action: action === 'post' ? 'postListings' : 'manageListings' });
}

/**
 * The marketplace's `listingsNeedApproval` setting: posted listings wait in pendingApproval for an
 * operator (Integration API `listings/approve`). Set with `bazaar marketplace config` once the CLI
 * exposes it; until then in marketplace settings directly.
 */
export const listingsNeedApproval = (settings: Record<string, unknown>): boolean => settings.listingsNeedApproval === true;
