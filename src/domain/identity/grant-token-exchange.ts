import { authenticateClient } from '../marketplaces/index.ts';
import type { Trx } from '../../store/db.ts';
import { TokenGrantError, type IdentityContext, type IssuedToken, type TokenRequest } from './identity.ts';
import { issueRefreshableToken, signToken } from './issue-tokens.ts';
import { liveClaims } from './verify-access-token.ts';

type Request = Extract<TokenRequest, { grantType: 'token_exchange' }>;

/**
 * token_exchange (`sdk.exchangeToken`): trades a live user access token of this app, plus the app's
 * client secret, for a `trusted:user` token with a refresh token (refreshing keeps the scope). A
 * login-as subject gives a trusted login-as token without refresh token that expires with it.
 * Throws TokenGrantError invalid_client / unauthorized_client / invalid_scope / invalid_grant (an
 * expired subject token is invalid_grant, so the SDK refreshes and retries).
 */
export async function grantTokenExchange(trx: Trx, ctx: IdentityContext, req: Request): Promise<IssuedToken> {
  const app = await authenticateClient(trx, req.clientId, req.clientSecret);
  if (!app) throw new TokenGrantError('invalid_client', 'Unknown client, revoked application or wrong client secret.');
  if (app.kind !== 'marketplace') throw new TokenGrantError('unauthorized_client', 'Only Marketplace API applications can exchange user tokens.');
  if ((req.scope ?? 'trusted:user') !== 'trusted:user') throw new TokenGrantError('invalid_scope', 'Token exchange only gives scope trusted:user.');
  const subject = await liveClaims(trx, ctx, req.subjectToken);
  if (!subject || subject.userId === undefined || subject.applicationId !== app.id) {
    throw new TokenGrantError('invalid_grant', 'The subject token is not a valid user access token of this application.');
  }
  const claims = { marketplaceId: app.marketplaceId, applicationId: app.id, clientId: app.clientId, userId: subject.userId };
  if (subject.loginAs) {
    const remaining = Math.floor((subject.expiresAt.getTime() - ctx.clock.now().getTime()) / 1000);
    const ttl = Math.max(1, Math.min(ctx.lifetimes.accessTokenTtlSeconds, remaining));
    return signToken(ctx, { ...claims, scope: 'trusted:user', familyId: subject.familyId, loginAs: true }, ttl);
  }
  return issueRefreshableToken(trx, ctx, { ...claims, scope: 'trusted:user' });
}
