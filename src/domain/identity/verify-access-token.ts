import { unauthorized, type DomainError } from '../errors.ts';
import type { Executor } from '../../store/db.ts';
import type { IdentityContext, VerifiedClaims } from './identity.ts';
import { isTokenLive, liveTokenMarketplaceSettings } from './identity.store.ts';
import { toPrincipal } from './issue-tokens.ts';
import type { Principal } from './principal.ts';

const invalidToken = (): DomainError => unauthorized('auth-invalid-access-token', 'The access token is invalid or expired.');

/** The verified claims of a live access token, or undefined (bad signature, expired, revoked app or family). */
export async function liveClaims(db: Executor, ctx: IdentityContext, token: string): Promise<VerifiedClaims | undefined> {
  const claims = await ctx.signer.verify(token, ctx.clock.now());
  if (!claims) return undefined;
  return (await isTokenLive(db, claims)) ? claims : undefined;
}

/**
 * Resolves a bearer access token to its principal: checks signature, expiry (against the clock),
 * that the application is live and the token family not revoked. Throws unauthorized
 * `auth-invalid-access-token`.
 */
export async function verifyAccessToken(db: Executor, ctx: IdentityContext, token: string): Promise<Principal> {
  const claims = await liveClaims(db, ctx, token);
  const principal = claims && toPrincipal(claims);
  if (!principal) throw invalidToken();
  return principal;
}

/**
 * `verifyAccessToken` that also returns the settings of the token's marketplace, read in the
 * same statement as the revocation check (null when the marketplace row is missing), for the
 * Marketplace API's read guard. Same checks and errors as `verifyAccessToken`.
 */
export async function verifyAccessTokenWithMarketplace(
  db: Executor,
  ctx: IdentityContext,
  token: string,
): Promise<{ principal: Principal; marketplace: { settings: Record<string, unknown> } | null }> {
  const claims = await ctx.signer.verify(token, ctx.clock.now());
  const live = claims && (await liveTokenMarketplaceSettings(db, claims));
  const principal = live && claims && toPrincipal(claims);
  if (!live || !principal) throw invalidToken();
  return { principal, marketplace: live.settings === null ? null : { settings: live.settings } };
}
