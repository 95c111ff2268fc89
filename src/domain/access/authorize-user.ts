import { findMarketplaceById } from '../marketplaces/index.ts';
import { findUserById, type User } from '../users/index.ts';
import { forbidden } from '../errors.ts';
import type { Executor } from '../../store/db.ts';
import { assertUserMay, type UserAction } from './access.ts';

/**
 * Checks that a user may take an action (see UserAction) under the marketplace's access control
 * and returns the user. Throws forbidden `permission-denied-pending-approval`,
 * `permission-denied-post-listings`, `permission-denied-initiate-transactions`, or `forbidden`
 * (unknown, banned or deleted user).
 */
export async function authorizeUser(db: Executor, input: { marketplaceId: string; userId: string; action: UserAction }): Promise<User> {
  const marketplace = await findMarketplaceById(db, input.marketplaceId);
  const user = await findUserById(db, input.marketplaceId, input.userId);
  if (!marketplace || !user) throw forbidden('forbidden', 'This user may not do this.');
  assertUserMay(marketplace.settings, user, input.action);
  return user;
}
