import { DomainError, conflict } from '../errors.ts';
import { revokeUserTokens } from '../identity/index.ts';
import { hashSecret } from '../../lib/secrets.ts';
import type { Trx } from '../../store/db.ts';
import { sameEmail, type UserActor } from './user.ts';
import { assertPasswordRules, lockLiveUser, saveChangedUser } from './user-context.ts';
import { accountEmail, emailMarketplace, type AccountEmail, type UserChange } from './account-email.ts';
import { consumeEmailToken, issueEmailToken } from './email-tokens.ts';
import { countActiveEmailTokens, findUserRowByEmail } from './users.store.ts';

/** At most this many unused, unexpired reset tokens per user (then 429). */
export const MAX_ACTIVE_RESET_TOKENS = 5;

/**
 * `password_reset/request`: mails a 1 h reset token to the user with this email (verified or not).
 * Throws conflict `email-not-found`, rate-limited `too-many-requests`.
 */
export async function requestPasswordReset(trx: Trx, input: { marketplaceId: string; email: string; now: Date }): Promise<AccountEmail[]> {
  const found = await findUserRowByEmail(trx, input.marketplaceId, input.email.trim());
  if (!found) throw conflict('email-not-found', 'No user has this email address.');
  const { user } = await lockLiveUser(trx, input.marketplaceId, found.user.id);
  if ((await countActiveEmailTokens(trx, user.marketplaceId, user.id, 'reset-password', input.now)) >= MAX_ACTIVE_RESET_TOKENS) {
    throw new DomainError('rate-limited', 'too-many-requests', 'Too many password reset emails requested; use one already sent.');
  }
  const token = await issueEmailToken(trx, { marketplaceId: user.marketplaceId, userId: user.id, purpose: 'reset-password', email: user.email, now: input.now });
  return [accountEmail(await emailMarketplace(trx, user.marketplaceId), user, { name: 'reset-password', passwordResetToken: token })];
}

/**
 * `password_reset/reset`: burns the emailed token, sets the new password, revokes every session
 * and mails "password changed". Throws bad-request (password rules), conflict
 * `password-reset-token-invalid` (unknown, expired, used, or not for this email).
 */
export async function resetPassword(
  trx: Trx,
  input: { marketplaceId: string; actor: UserActor; email: string; passwordResetToken: string; newPassword: string; now: Date },
): Promise<UserChange> {
  assertPasswordRules(input.newPassword, 'newPassword');
  const token = await consumeEmailToken(trx, { marketplaceId: input.marketplaceId, token: input.passwordResetToken, purpose: 'reset-password', now: input.now });
  const found = await findUserRowByEmail(trx, input.marketplaceId, input.email.trim());
  if (!found || found.user.id !== token.userId || !sameEmail(token.email, found.user.email)) {
    throw conflict('password-reset-token-invalid', 'The password reset token is invalid, expired or already used.');
  }
  const { user: before } = await lockLiveUser(trx, input.marketplaceId, token.userId);
  await revokeUserTokens(trx, { now: () => input.now }, { marketplaceId: input.marketplaceId, userId: before.id, reason: 'password-reset' });
  const user = await saveChangedUser(trx, before, { ...before, updatedAt: input.now }, input.actor, await hashSecret(input.newPassword));
  return { user, emails: [accountEmail(await emailMarketplace(trx, user.marketplaceId), user, { name: 'password-changed' })] };
}
