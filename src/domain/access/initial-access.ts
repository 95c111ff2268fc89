import { findMarketplaceById } from '../marketplaces/index.ts';
import { notFound } from '../errors.ts';
import type { UserPermissions } from '../users/index.ts';
import type { Executor } from '../../store/db.ts';
import { initialPermissions, initialUserState } from './access.ts';

/** The state and user-level permissions a new user of this marketplace starts with. Throws not-found (unknown marketplace). */
export async function initialAccessOf(db: Executor, marketplaceId: string): Promise<{ state: 'active' | 'pendingApproval'; permissions: UserPermissions }> {
  const marketplace = await findMarketplaceById(db, marketplaceId);
  if (!marketplace) throw notFound('No such marketplace.');
  return { state: initialUserState(marketplace.settings), permissions: initialPermissions(marketplace.settings) };
}
