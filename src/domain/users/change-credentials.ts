import { badRequest, conflict } from '../errors.ts';
import { hashSecret } from '../../lib/secrets.ts';
import type { Trx } from '../../store/db.ts';
import { isValidEmail, normalizeEmail, sameEmail, type User, type UserActor } from './user.ts';
import { assertCurrentPassword, assertPasswordRules, lockLiveUser, saveChangedUser } from './user-context.ts';
import { accountEmail, emailMarketplace, type UserChange } from './account-email.ts';
import { issueEmailToken } from './email-tokens.ts';
import { emailInUse } from './users.store.ts';

interface CurrentUserCommand {
  marketplaceId: string;
  actor: Extract<UserActor, { kind: 'user' }>;
  currentPassword: string;
  now: Date;
}

/**
 * `current_user/change_email`: the new address becomes `pendingEmail` and gets a verification
 * token; it replaces the email once verified. The same address as now clears a pending change.
 * Throws bad-request (malformed email), forbidden (wrong password), conflict `email-taken`.
 */
export async function changeEmail(trx: Trx, input: CurrentUserCommand & { email: string }): Promise<UserChange> {
  const email = normalizeEmail(input.email);
  if (!isValidEmail(email)) throw badRequest('validation-invalid-value', 'email is not a valid email address.', { type: 'body', path: ['email'] });
  const { user: before, passwordHash } = await lockLiveUser(trx, input.marketplaceId, input.actor.userId);
  await assertCurrentPassword(passwordHash, input.currentPassword);
  if (sameEmail(email, before.email)) {
    return { user: await saveChangedUser(trx, before, { ...before, pendingEmail: null, updatedAt: input.now }, input.actor), emails: [] };
  }
  if (await emailInUse(trx, input.marketplaceId, email, before.id)) throw conflict('email-taken', 'The email address is already in use.');
  const after: User = { ...before, pendingEmail: email, updatedAt: input.now };
  const token = await issueEmailToken(trx, { marketplaceId: before.marketplaceId, userId: before.id, purpose: 'verify-email', email, now: input.now });
  const mail = accountEmail(await emailMarketplace(trx, before.marketplaceId), before, { name: 'verify-changed-email', verificationToken: token }, { address: email, verified: false });
  return { user: await saveChangedUser(trx, before, after, input.actor), emails: [mail] };
}

/**
 * `current_user/change_password`: sets a new password and mails "password changed". Sessions stay
 * (the caller's included). Throws bad-request (password rules), forbidden (wrong password).
 */
export async function changePassword(trx: Trx, input: CurrentUserCommand & { newPassword: string }): Promise<UserChange> {
  assertPasswordRules(input.newPassword, 'newPassword');
  const { user: before, passwordHash } = await lockLiveUser(trx, input.marketplaceId, input.actor.userId);
  await assertCurrentPassword(passwordHash, input.currentPassword);
  const user = await saveChangedUser(trx, before, { ...before, updatedAt: input.now }, input.actor, await hashSecret(input.newPassword));
  return { user, emails: [accountEmail(await emailMarketplace(trx, before.marketplaceId), user, { name: 'password-changed' })] };
}
