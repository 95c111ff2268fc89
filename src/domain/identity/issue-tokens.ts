/** Building blocks shared by the grants: sign an access token, start a family, mint a refresh token. */
import { newId, randomToken } from '../../lib/ids.ts';
import { sha256 } from '../../lib/secrets.ts';
import type { Trx } from '../../store/db.ts';
import type { Principal } from './principal.ts';
import { addSeconds, type AccessTokenClaims, type IdentityContext, type IssuedToken, type Scope } from './identity.ts';
import { insertFamily, insertRefreshToken } from './identity.store.ts';

/** Refresh tokens of integration apps follow their own lifetime setting. */
const refreshTtl = (ctx: IdentityContext, scope: Scope): number =>
  scope === 'integ' ? ctx.lifetimes.integrationRefreshTokenTtlSeconds : ctx.lifetimes.refreshTokenTtlSeconds;

/** Signs an access token valid for `ttlSeconds` from now, optionally with a refresh token. */
export async function signToken(
  ctx: IdentityContext,
  claims: AccessTokenClaims,
  ttlSeconds: number,
  refreshToken?: string,
): Promise<IssuedToken> {
  return {
    accessToken: await ctx.signer.sign(claims, ctx.clock.now(), ttlSeconds),
    expiresIn: ttlSeconds,
    scope: claims.scope,
    refreshToken,
  };
}

/** Stores a new refresh token (hashed) in a family and returns the opaque token. */
export async function mintRefreshToken(
  trx: Trx,
  ctx: IdentityContext,
  family: { id: string; marketplaceId: string; scope: Scope },
): Promise<string> {
  const token = randomToken(32);
  const at = ctx.clock.now();
  await insertRefreshToken(trx, {
    tokenHash: sha256(token),
    familyId: family.id,
    marketplaceId: family.marketplaceId,
    expiresAt: addSeconds(at, refreshTtl(ctx, family.scope)),
    at,
  });
  return token;
}

/** Starts a token family (one login) and returns its id. */
export async function startFamily(
  trx: Trx,
  ctx: IdentityContext,
  f: { marketplaceId: string; applicationId: string; userId: string | null; scope: Scope },
): Promise<string> {
  const id = newId();
  await insertFamily(trx, { id, ...f, at: ctx.clock.now() });
  return id;
}

/** Starts a family and issues an access token with a refresh token in it (password, integ, exchange grants). */
export async function issueRefreshableToken(
  trx: Trx,
  ctx: IdentityContext,
  t: { marketplaceId: string; applicationId: string; clientId: string; userId: string | undefined; scope: Scope },
): Promise<IssuedToken> {
  const familyId = await startFamily(trx, ctx, { ...t, userId: t.userId ?? null });
  const refreshToken = await mintRefreshToken(trx, ctx, { id: familyId, marketplaceId: t.marketplaceId, scope: t.scope });
  return signToken(ctx, { ...t, familyId, loginAs: false }, ctx.lifetimes.accessTokenTtlSeconds, refreshToken);
}

/** The principal an access token's claims stand for. */
export function toPrincipal(claims: AccessTokenClaims): Principal | undefined {
  const base = { marketplaceId: claims.marketplaceId, applicationId: claims.applicationId, clientId: claims.clientId };
  switch (claims.scope) {
    case 'public-read':
      return { kind: 'anonymous', ...base };
    case 'integ':
      return { kind: 'integration', ...base };
    case 'user':
    case 'trusted:user':
      if (claims.userId === undefined) return undefined;
      return { kind: 'user', ...base, userId: claims.userId, trusted: claims.scope === 'trusted:user', loginAs: claims.loginAs };
  }
}
