/**
 * Who may post and manage listings (catalogue §3.12, domain §9.1). The Marketplace API enforces
 * these for the author; the Integration API is unrestricted.
 *
 * SEAM: the access-control module (src/domain/access, `assertCanPostListings`) owns effective
 * permissions (user-level `postListings` deny, marketplace-level access-control settings). Until
 * it lands, only the user's state is checked here; swap `assertAuthorMayAct` to delegate then.
 */
import { forbidden } from '../errors.ts';
import { findUserById } from '../users/index.ts';
import type { Executor } from '../../store/db.ts';

/** What the author is doing: posting (create, create_draft, publish_draft, open) or managing. */
export type AuthorAction = 'post' | 'manage';

/**
 * Throws forbidden `permission-denied-pending-approval` for a user pending approval, `forbidden`
 * for a banned or missing user. (`permission-denied-post-listings` arrives with access control.)
 */
export async function assertAuthorMayAct(db: Executor, marketplaceId: string, userId: string, _action: AuthorAction): Promise<void> {
  const user = await findUserById(db, marketplaceId, userId);
  if (!user || user.state === 'banned') throw forbidden('forbidden', 'This user may not manage listings.');
  if (user.state === 'pendingApproval') {
    throw forbidden('permission-denied-pending-approval', 'The user is pending approval and may not manage listings yet.');
  }
}

/**
 * The marketplace's `listingsNeedApproval` setting: posted listings wait in pendingApproval for an
 * operator (Integration API `listings/approve`). Set with `bazaar marketplace config` once the CLI
 * exposes it; until then in marketplace settings directly.
 */
export const listingsNeedApproval = (settings: Record<string, unknown>): boolean => settings.listingsNeedApproval === true;
