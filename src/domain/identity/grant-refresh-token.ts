import { authenticateClient } from '../marketplaces/index.ts';
import { findUserById } from '../users/index.ts';
import { sha256 } from '../../lib/secrets.ts';
import type { Trx } from '../../store/db.ts';
import {
  REFRESH_REUSE_GRACE_SECONDS,
  TokenGrantError,
  addSeconds,
  type IdentityContext,
  type IssuedToken,
  type TokenRequest,
} from './identity.ts';
import { findRefreshToken, markRefreshTokenUsed, revokeFamily } from './identity.store.ts';
import { mintRefreshToken, signToken } from './issue-tokens.ts';

type Request = Extract<TokenRequest, { grantType: 'refresh_token' }>;

const invalidRefreshToken = (): TokenGrantError => new TokenGrantError('invalid_grant', 'The refresh token is invalid, expired or revoked.');

/**
 * refresh_token: rotates the refresh token (the presented one is marked used, a new one issued in
 * the same family) and issues a fresh access token with the family's scope. No client secret is
 * needed (the SDKs send none). Reusing a used refresh token after the grace window revokes the whole
 * family (`refresh-token-reuse`). Throws TokenGrantError invalid_client / invalid_grant.
 */
export async function grantRefreshToken(trx: Trx, ctx: IdentityContext, req: Request): Promise<IssuedToken> {
  const app = await authenticateClient(trx, req.clientId, req.clientSecret);
  if (!app) throw new TokenGrantError('invalid_client', 'Unknown client, revoked application or wrong client secret.');
  const stored = await findRefreshToken(trx, sha256(req.refreshToken), { lock: true });
  if (!stored || stored.family.applicationId !== app.id || stored.family.revokedAt !== null) throw invalidRefreshToken();
  const { family } = stored;
  const now = ctx.clock.now();
  if (stored.usedAt !== null) {
    if (now > addSeconds(stored.usedAt, REFRESH_REUSE_GRACE_SECONDS)) {
      // A replayed refresh token: whoever holds the family's tokens, it is no longer only its owner.
      await revokeFamily(trx, family.id, now, 'refresh-token-reuse');
      throw invalidRefreshToken();
    }
  } else {
    if (stored.expiresAt <= now) throw invalidRefreshToken();
    await markRefreshTokenUsed(trx, stored.tokenHash, now);
  }
  if (family.userId !== null) {
    const user = await findUserById(trx, family.marketplaceId, family.userId);
    if (!user || user.state === 'banned') {
      await revokeFamily(trx, family.id, now, 'user-unavailable');
      throw invalidRefreshToken();
    }
  }
  const refreshToken = await mintRefreshToken(trx, ctx, family);
  return signToken(
    ctx,
    {
      marketplaceId: family.marketplaceId,
      applicationId: app.id,
      clientId: app.clientId,
      scope: family.scope,
      userId: family.userId ?? undefined,
      familyId: family.id,
      loginAs: false,
    },
    ctx.lifetimes.accessTokenTtlSeconds,
    refreshToken,
  );
}
