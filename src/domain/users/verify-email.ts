import { badRequest, conflict } from '../errors.ts';
import type { Trx } from '../../store/db.ts';
import { sameEmail, type User, type UserActor } from './user.ts';
import { lockLiveUser, saveChangedUser } from './user-context.ts';
import { accountEmail, emailMarketplace, type AccountEmail, type UserChange } from './account-email.ts';
import { consumeEmailToken, issueEmailToken } from './email-tokens.ts';
import { countActiveEmailTokens, emailInUse } from './users.store.ts';

/** At most this many unused, unexpired verification tokens per user (then 409). */
export const MAX_ACTIVE_VERIFICATION_TOKENS = 5;

const alreadyVerified = () => conflict('email-already-verified', 'The email address is already verified.');
const emailTaken = () => conflict('email-taken', 'The email address is already in use.');

/**
 * Marks `address` verified: the current email, or the pending one, which then replaces the email
 * (and the old address, when it was verified, is told so).
 */
async function markVerified(trx: Trx, before: User, address: string, actor: UserActor, now: Date): Promise<UserChange> {
  if (before.pendingEmail !== null && sameEmail(address, before.pendingEmail)) {
    if (await emailInUse(trx, before.marketplaceId, before.pendingEmail, before.id)) throw emailTaken();
    const after: User = { ...before, email: before.pendingEmail, pendingEmail: null, emailVerified: true, updatedAt: now };
    const marketplace = await emailMarketplace(trx, before.marketplaceId);
    const user = await saveChangedUser(trx, before, after, actor);
    // A first verification (signed up, then changed the address before verifying) is the welcome.
    const emails: AccountEmail[] = before.emailVerified
      ? [accountEmail(marketplace, before, { name: 'email-changed' })]
      : [accountEmail(marketplace, user, { name: 'user-joined' })];
    return { user, emails };
  }
  if (before.emailVerified) throw alreadyVerified();
  // The first verification of the address: the welcome email ("User joined", domain §10.1).
  const user = await saveChangedUser(trx, before, { ...before, emailVerified: true, updatedAt: now }, actor);
  return { user, emails: [accountEmail(await emailMarketplace(trx, user.marketplaceId), user, { name: 'user-joined' })] };
}

/**
 * `current_user/verify_email`: burns the emailed token and verifies the address it was sent to.
 * Throws conflict `email-verification-token-invalid` (unknown, expired, used, another user's, or an
 * address the user no longer has), `email-already-verified`, `email-taken` (the pending address was
 * taken meanwhile).
 */
export async function verifyEmail(
  trx: Trx,
  input: { marketplaceId: string; actor: Extract<UserActor, { kind: 'user' }>; verificationToken: string; now: Date },
): Promise<UserChange> {
  const { user: before } = await lockLiveUser(trx, input.marketplaceId, input.actor.userId);
  if (before.emailVerified && before.pendingEmail === null) throw alreadyVerified();
  const token = await consumeEmailToken(trx, { marketplaceId: input.marketplaceId, token: input.verificationToken, purpose: 'verify-email', now: input.now });
  const current = sameEmail(token.email, before.email) || (before.pendingEmail !== null && sameEmail(token.email, before.pendingEmail));
  if (token.userId !== before.id || !current) {
    throw conflict('email-verification-token-invalid', 'The verification token is invalid, expired or already used.');
  }
  return markVerified(trx, before, token.email, input.actor, input.now);
}

/**
 * `current_user/send_verification_email`: a new 48 h token to the pending address, else to the
 * unverified email. Throws conflict `email-already-verified`, `email-too-many-verification-requests`.
 */
export async function sendVerificationEmail(
  trx: Trx,
  input: { marketplaceId: string; actor: Extract<UserActor, { kind: 'user' }>; now: Date },
): Promise<UserChange> {
  const { user } = await lockLiveUser(trx, input.marketplaceId, input.actor.userId);
  if (user.emailVerified && user.pendingEmail === null) throw alreadyVerified();
  const active = await countActiveEmailTokens(trx, user.marketplaceId, user.id, 'verify-email', input.now);
  if (active >= MAX_ACTIVE_VERIFICATION_TOKENS) {
    throw conflict('email-too-many-verification-requests', 'Too many verification emails requested; use one already sent or wait for them to expire.');
  }
  const address = user.pendingEmail ?? user.email;
  const token = await issueEmailToken(trx, { marketplaceId: user.marketplaceId, userId: user.id, purpose: 'verify-email', email: address, now: input.now });
  const name = user.pendingEmail === null ? 'verify-email' : 'verify-changed-email';
  return { user, emails: [accountEmail(await emailMarketplace(trx, user.marketplaceId), user, { name, verificationToken: token }, { address, verified: false })] };
}

/**
 * Integration `users/verify_email`: marks `email` verified when it is the user's email or pending
 * email. Throws not-found, bad-request (another address), conflict `email-already-verified`,
 * `email-taken`.
 */
export async function verifyEmailAsOperator(
  trx: Trx,
  input: { marketplaceId: string; actor: UserActor; id: string; email: string; now: Date },
): Promise<UserChange> {
  const { user: before } = await lockLiveUser(trx, input.marketplaceId, input.id);
  const email = input.email.trim();
  const known = sameEmail(email, before.email) || (before.pendingEmail !== null && sameEmail(email, before.pendingEmail));
  if (!known) throw badRequest('validation-invalid-value', "email is neither the user's email nor their pending email.", { type: 'body', path: ['email'] });
  return markVerified(trx, before, email, input.actor, input.now);
}
