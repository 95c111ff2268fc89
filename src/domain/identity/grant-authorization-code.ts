import { authenticateClient } from '../marketplaces/index.ts';
import { findUserById } from '../users/index.ts';
import { sha256 } from '../../lib/secrets.ts';
import type { Trx } from '../../store/db.ts';
import { TokenGrantError, type IdentityContext, type IssuedToken, type Scope, type TokenRequest } from './identity.ts';
import { findAuthCodeForUpdate, markAuthCodeUsed } from './identity.store.ts';
import { signToken, startFamily } from './issue-tokens.ts';
import { verifyS256 } from './pkce.ts';

type Request = Extract<TokenRequest, { grantType: 'authorization_code' }>;

const invalidCode = (): TokenGrantError =>
  new TokenGrantError('invalid_grant', 'The authorization code is invalid, expired or used, or does not match the request.');

/**
 * authorization_code (`sdk.loginAs`): redeems a login-as code once (PKCE S256, same client and
 * redirect URI) for a short-lived `user` token marked login-as, without refresh token. A code is
 * burned even when the redemption fails. Throws TokenGrantError invalid_client / invalid_grant.
 */
export async function grantAuthorizationCode(trx: Trx, ctx: IdentityContext, req: Request): Promise<IssuedToken> {
  const app = await authenticateClient(trx, req.clientId);
  if (!app) throw new TokenGrantError('invalid_client', 'Unknown client or revoked application.');
  const code = await findAuthCodeForUpdate(trx, sha256(req.code));
  if (!code || code.usedAt !== null) throw invalidCode();
  const now = ctx.clock.now();
  await markAuthCodeUsed(trx, code.codeHash, now);
  const matches =
    code.expiresAt > now &&
    code.applicationId === app.id &&
    code.redirectUri === req.redirectUri &&
    verifyS256(req.codeVerifier, code.codeChallenge);
  if (!matches) throw invalidCode();
  const user = await findUserById(trx, code.marketplaceId, code.userId);
  if (!user || user.state === 'banned') throw invalidCode();
  // Sharetribe gives `user:limited` in live and `user` in dev/test; Bazaar has no live mode.
  const scope: Scope = 'user';
  const base = { marketplaceId: app.marketplaceId, applicationId: app.id, clientId: app.clientId, userId: user.id, scope };
  // A family without refresh tokens: it lets the user's sessions (this one included) be revoked.
  const familyId = await startFamily(trx, ctx, base);
  return signToken(ctx, { ...base, familyId, loginAs: true }, ctx.lifetimes.loginAsTokenTtlSeconds);
}
