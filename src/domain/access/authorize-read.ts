import { findMarketplaceById, type MarketplaceSettings } from '../marketplaces/index.ts';
import { findUserById } from '../users/index.ts';
import type { Principal } from '../identity/index.ts';
import type { Executor } from '../../store/db.ts';
import { accessSettingsOf, assertCanRead, permissionDeniedRead } from './access.ts';

/**
 * Marketplace-wide read access for a Marketplace API caller (catalogue §3.12): a no-op on public
 * marketplaces and for integration principals; on a private marketplace the caller must be an
 * active user with `read: allow`. Throws forbidden `permission-denied-read` or `user-pending-approval`.
 */
export async function authorizeRead(
  db: Executor,
  principal: Principal,
  /** The marketplace's settings when the caller already read them with the token check (null: no such marketplace). */
  preloaded?: { settings: MarketplaceSettings } | null,
): Promise<void> {
  if (principal.kind === 'integration') return;
  const marketplace = preloaded === undefined ? await findMarketplaceById(db, principal.marketplaceId) : preloaded;
  if (!marketplace) throw permissionDeniedRead();
  // Public marketplaces (the common case) cost one lookup and never load the user.
  if (!accessSettingsOf(marketplace.settings).privateMarketplace) return;
  if (principal.kind === 'anonymous') return assertCanRead(marketplace.settings, undefined);
  const user = await findUserById(db, principal.marketplaceId, principal.userId);
  // A token outliving its (deleted) user reads nothing.
  if (!user) throw permissionDeniedRead();
  assertCanRead(marketplace.settings, user);
}
