import { conflict } from '../errors.ts';
import type { Trx } from '../../store/db.ts';
import type { PermissionName, PermissionValue, User, UserActor } from './user.ts';
import { lockLiveUser, saveChangedUser } from './user-context.ts';

/**
 * Integration `users/approve`: `pendingApproval` → `active` (an active user stays as is). Appends
 * `user/updated`. Throws not-found, conflict `user-is-banned`.
 */
export async function approveUser(trx: Trx, input: { marketplaceId: string; actor: UserActor; id: string; now: Date }): Promise<User> {
  const { user: before } = await lockLiveUser(trx, input.marketplaceId, input.id);
  if (before.state === 'banned') throw conflict('user-is-banned', 'The user is banned.');
  if (before.state === 'active') return before;
  return saveChangedUser(trx, before, { ...before, state: 'active', updatedAt: input.now }, input.actor);
}

/**
 * Integration `users/update_permissions`: sets the user-level `postListings`,
 * `initiateTransactions`, `read` given. Appends `user/updated`. Throws not-found.
 */
export async function updateUserPermissions(
  trx: Trx,
  input: { marketplaceId: string; actor: UserActor; id: string; permissions: Partial<Record<PermissionName, PermissionValue>>; now: Date },
): Promise<User> {
  const { user: before } = await lockLiveUser(trx, input.marketplaceId, input.id);
  const after: User = { ...before, permissions: { ...before.permissions, ...input.permissions }, updatedAt: input.now };
  return saveChangedUser(trx, before, after, input.actor);
}
