import { revokeUserTokens } from '../identity/index.ts';
import { deleteUserIdentities } from '../idp/index.ts';
import type { Trx } from '../../store/db.ts';
import { toPermissions, type User, type UserActor } from './user.ts';
import { assertCurrentPassword, lockLiveUser } from './user-context.ts';
import { appendUserEvent } from './user-event.ts';
import { saveUser, useEmailTokens } from './users.store.ts';

/**
 * `current_user/delete` (trusted token, checked by the route): irreversibly erases the user's
 * personal data and frees the email (the row stays as the `deleted: true` trace others see),
 * unlinks identity providers, burns email tokens, revokes every session, appends `user/deleted`.
 * Throws not-found (already deleted), forbidden (wrong password).
 */
export async function deleteCurrentUser(
  trx: Trx,
  input: { marketplaceId: string; actor: Extract<UserActor, { kind: 'user' }>; currentPassword: string; now: Date },
): Promise<User> {
  const { user: before, passwordHash } = await lockLiveUser(trx, input.marketplaceId, input.actor.userId);
  await assertCurrentPassword(passwordHash, input.currentPassword);
  const erased: User = {
    ...before,
    // users_email_idx only covers live users: the address is free for a new sign-up.
    email: '',
    emailVerified: false,
    pendingEmail: null,
    deleted: true,
    firstName: '',
    lastName: '',
    displayName: '',
    bio: null,
    publicData: {},
    protectedData: {},
    privateData: {},
    metadata: {},
    permissions: toPermissions({}),
    profileImageId: null,
    updatedAt: input.now,
  };
  const saved = await saveUser(trx, erased, null);
  await useEmailTokens(trx, input.marketplaceId, before.id, input.now);
  await deleteUserIdentities(trx, input.marketplaceId, before.id);
  await revokeUserTokens(trx, { now: () => input.now }, { marketplaceId: input.marketplaceId, userId: before.id, reason: 'user-deleted' });
  await appendUserEvent(trx, 'deleted', input.actor, before, saved);
  return saved;
}
