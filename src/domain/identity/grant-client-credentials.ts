import { authenticateClient } from '../marketplaces/index.ts';
import type { Trx } from '../../store/db.ts';
import { TokenGrantError, type IdentityContext, type IssuedToken, type TokenRequest } from './identity.ts';
import { issueRefreshableToken, signToken } from './issue-tokens.ts';

type Request = Extract<TokenRequest, { grantType: 'client_credentials' }>;

/**
 * client_credentials: an anonymous `public-read` token for a Marketplace API app (no secret needed,
 * no refresh token), or an `integ` token with a refresh token for an Integration API app (secret
 * required). Throws TokenGrantError invalid_client / invalid_scope.
 */
export async function grantClientCredentials(trx: Trx, ctx: IdentityContext, req: Request): Promise<IssuedToken> {
  const app = await authenticateClient(trx, req.clientId, req.clientSecret);
  if (!app) throw new TokenGrantError('invalid_client', 'Unknown client, revoked application or wrong client secret.');
  const claims = { marketplaceId: app.marketplaceId, applicationId: app.id, clientId: app.clientId, userId: undefined };
  if (app.kind === 'marketplace') {
    if ((req.scope ?? 'public-read') !== 'public-read') {
      throw new TokenGrantError('invalid_scope', 'A Marketplace API application can only get scope public-read with client_credentials.');
    }
    // Anonymous tokens are not stored: every visitor gets one, so they cost no write.
    return signToken(ctx, { ...claims, scope: 'public-read', familyId: undefined, loginAs: false }, ctx.lifetimes.accessTokenTtlSeconds);
  }
  if ((req.scope ?? 'integ') !== 'integ') {
    throw new TokenGrantError('invalid_scope', 'An Integration API application can only get scope integ.');
  }
  if (req.clientSecret === undefined) throw new TokenGrantError('invalid_client', 'client_secret is required for scope integ.');
  return issueRefreshableToken(trx, ctx, { ...claims, scope: 'integ' });
}
