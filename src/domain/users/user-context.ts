/** Steps shared by the user commands: locking the user, checking the password, saving a change. */
import { badRequest, forbidden, notFound } from '../errors.ts';
import { findImageById } from '../images/index.ts';
import { verifySecret } from '../../lib/secrets.ts';
import type { Trx } from '../../store/db.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type User, type UserActor } from './user.ts';
import { appendUserEvent } from './user-event.ts';
import { lockUserRow, saveUser } from './users.store.ts';

/** The live user, locked for update, with its password hash. Throws not-found (unknown or deleted). */
export async function lockLiveUser(trx: Trx, marketplaceId: string, id: string): Promise<{ user: User; passwordHash: string | null }> {
  const found = await lockUserRow(trx, marketplaceId, id.toLowerCase());
  if (!found || found.user.deleted) throw notFound('No such user.');
  return found;
}

/** Throws forbidden when `password` is not the user's current password (catalogue §1.10: 403). */
export async function assertCurrentPassword(passwordHash: string | null, password: string): Promise<void> {
  if (passwordHash === null || !(await verifySecret(password, passwordHash))) {
    throw forbidden('forbidden', 'The current password is wrong.');
  }
}

/** Throws bad-request unless the password is 8–256 characters. */
export function assertPasswordRules(password: string, field: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw badRequest('validation-invalid-value', `${field} must be ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters.`, { type: 'body', path: [field] });
  }
}

/** Throws bad-request unless the image exists and was uploaded by the user (or, for operators, by an operator). */
export async function assertProfileImageUsable(trx: Trx, user: Pick<User, 'marketplaceId' | 'id'>, imageId: string, actor: UserActor): Promise<void> {
  const image = await findImageById(trx, user.marketplaceId, imageId);
  const owned = image !== undefined && (image.ownerUserId === user.id || (actor.kind === 'operator' && image.ownerUserId === null));
  if (!owned) {
    throw badRequest('validation-invalid-value', `Image ${imageId} does not exist or was not uploaded by this user.`, { type: 'body', path: ['profileImageId'] });
  }
}

/** Saves `after` (and a new password hash) and appends `user/updated` (last) when something visible changed. */
export async function saveChangedUser(trx: Trx, before: User, after: User, actor: UserActor, passwordHash?: string): Promise<User> {
  const saved = await saveUser(trx, after, passwordHash);
  await appendUserEvent(trx, 'updated', actor, before, saved);
  return saved;
}
