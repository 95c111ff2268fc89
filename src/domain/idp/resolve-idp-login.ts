import { conflict, type DomainError } from '../errors.ts';
import { findUserByEmail, findUserById, type User } from '../users/index.ts';
import type { Trx } from '../../store/db.ts';
import { idpEmailUnverified, idpUserNotFound, type IdpDeps } from './idp.ts';
import { findUserIdentity } from './idp.store.ts';
import { linkIdentity } from './link-identity.ts';
import { verifyIdpToken, type VerifyIdpTokenInput } from './verify-idp-token.ts';

const banned = (): DomainError => conflict('user-is-banned', 'The user is banned.');

const usable = (user: User): User => {
  if (user.state === 'banned') throw banned();
  return user;
};

/**
 * The user an IdP login is for (domain 9.3): the user the IdP account is linked to, else the user
 * whose verified email equals the IdP's verified email — then linked permanently. Verifies the
 * token first. Throws bad-request `idp-not-found`; forbidden `idp-token-invalid`,
 * `idp-user-not-found`, `idp-email-unverified`; conflict `user-is-banned` (and `idp-identity-taken`
 * if a concurrent login linked the account elsewhere); IdpUnavailableError when the IdP is unreachable.
 */
export async function resolveIdpLogin(trx: Trx, deps: IdpDeps, input: VerifyIdpTokenInput): Promise<{ userId: string }> {
  const identity = await verifyIdpToken(trx, deps, input);
  const link = await findUserIdentity(trx, input.marketplaceId, identity.idpId, identity.subject);
  if (link) {
    // A deleted user's link is dead: account deletion should remove it (deleteUserIdentities).
    const user = await findUserById(trx, input.marketplaceId, link.userId);
    if (!user) throw idpUserNotFound();
    return { userId: usable(user).id };
  }
  if (identity.email === undefined) throw idpUserNotFound();
  const user = await findUserByEmail(trx, input.marketplaceId, identity.email);
  if (!user) throw idpUserNotFound();
  // Both sides must vouch for the address, or anyone could claim an account through an IdP.
  if (!identity.emailVerified || !user.emailVerified) throw idpEmailUnverified();
  usable(user);
  await linkIdentity(trx, { marketplaceId: input.marketplaceId, userId: user.id, idpId: identity.idpId, subject: identity.subject, email: identity.email });
  return { userId: user.id };
}
