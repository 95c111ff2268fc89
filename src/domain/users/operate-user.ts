import { conflict } from '../errors.ts';
import type { Trx } from '../../store/db.ts';
import { PERMISSION_NAMES, type PermissionName, type PermissionValue, type User, type UserActor } from './user.ts';
import { lockLiveUser, saveChangedUser } from './user-context.ts';
import { accountEmail, emailMarketplace, type UserChange } from './account-email.ts';

/**
 * Integration `users/approve`: `pendingApproval` → `active` (an active user stays as is). Appends
 * `user/updated` and, on a change, mails "User approved" after commit (domain §10.1). Throws
 * not-found, conflict `user-is-banned`.
 */
export async function approveUser(trx: Trx, input: { marketplaceId: string; actor: UserActor; id: string; now: Date }): Promise<UserChange> {
  const { user: before } = await lockLiveUser(trx, input.marketplaceId, input.id);
  if (before.state === 'banned') throw conflict('user-is-banned', 'The user is banned.');
  if (before.state === 'active') return { user: before, emails: [] };
  const user = await saveChangedUser(trx, before, { ...before, state: 'active', updatedAt: input.now }, input.actor);
  return { user, emails: [accountEmail(await emailMarketplace(trx, user.marketplaceId), user, { name: 'user-approved' })] };
}

type UpdatePermissionsInput = { marketplaceId: string; actor: UserActor; id: string; permissions: Partial<Record<PermissionName, PermissionValue>>; now: Date };

/**
 * Integration `users/update_permissions` as the operator runs it: updateUserPermissions, and when
 * a permission actually changed, "User permissions changed" (the changed ones) mailed after commit.
 */
export async function changeUserPermissions(trx: Trx, input: UpdatePermissionsInput): Promise<UserChange> {
  const before = (await lockLiveUser(trx, input.marketplaceId, input.id)).user;
  const user = await updateUserPermissions(trx, input);
  const changed = Object.fromEntries(PERMISSION_NAMES.filter((n) => before.permissions[n] !== user.permissions[n]).map((n) => [n, user.permissions[n]]));
  if (Object.keys(changed).length === 0) return { user, emails: [] };
  return { user, emails: [accountEmail(await emailMarketplace(trx, user.marketplaceId), user, { name: 'user-permissions-changed', changedPermissions: changed })] };
}

/**
 * Sets the user-level `postListings`, `initiateTransactions`, `read` given. Appends
 * `user/updated`. Throws not-found. (The Integration API command is changeUserPermissions.)
 */
export async function updateUserPermissions(trx: Trx, input: UpdatePermissionsInput): Promise<User> {
  const { user: before } = await lockLiveUser(trx, input.marketplaceId, input.id);
  const after: User = { ...before, permissions: { ...before.permissions, ...input.permissions }, updatedAt: input.now };
  return saveChangedUser(trx, before, after, input.actor);
}
