import type { Trx } from '../../store/db.ts';
import type { User, UserActor } from './user.ts';
import { applyProfile, assertMayWriteProfile, type ProfileInput } from './profile.ts';
import { assertProfileImageUsable, lockLiveUser, saveChangedUser } from './user-context.ts';

export interface UpdateUserProfileInput {
  marketplaceId: string;
  actor: UserActor;
  /** The user to change (the caller itself for `current_user/update_profile`). */
  id: string;
  fields: ProfileInput;
  now: Date;
}

/**
 * `current_user/update_profile` and Integration `users/update_profile`: names, bio, extended data
 * (merged per top-level key), profile image; metadata only from operators. Appends `user/updated`.
 * Throws not-found, bad-request (invalid fields, metadata from a user, unusable image).
 */
export async function updateUserProfile(trx: Trx, input: UpdateUserProfileInput): Promise<User> {
  assertMayWriteProfile(input.actor, input.fields);
  const { user: before } = await lockLiveUser(trx, input.marketplaceId, input.id);
  const after: User = { ...before, ...applyProfile(before, input.fields) };
  if (after.profileImageId !== null && after.profileImageId !== before.profileImageId) {
    await assertProfileImageUsable(trx, before, after.profileImageId, input.actor);
  }
  return saveChangedUser(trx, before, { ...after, updatedAt: input.now }, input.actor);
}
