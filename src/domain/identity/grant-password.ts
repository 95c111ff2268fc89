import { authenticateClient } from '../marketplaces/index.ts';
import { verifyUserPassword } from '../users/index.ts';
import type { Trx } from '../../store/db.ts';
import { TokenGrantError, type IdentityContext, type IssuedToken, type TokenRequest } from './identity.ts';
import { issueRefreshableToken } from './issue-tokens.ts';

type Request = Extract<TokenRequest, { grantType: 'password' }>;

/**
 * password (`sdk.login`): a `user` token with a refresh token for a user of the app's marketplace.
 * Throws TokenGrantError invalid_client / unauthorized_client / invalid_scope / invalid_grant.
 */
export async function grantPassword(trx: Trx, ctx: IdentityContext, req: Request): Promise<IssuedToken> {
  const app = await authenticateClient(trx, req.clientId, req.clientSecret);
  if (!app) throw new TokenGrantError('invalid_client', 'Unknown client, revoked application or wrong client secret.');
  if (app.kind !== 'marketplace') throw new TokenGrantError('unauthorized_client', 'Only Marketplace API applications can log users in.');
  if ((req.scope ?? 'user') !== 'user') throw new TokenGrantError('invalid_scope', 'The password grant only gives scope user.');
  const user = await verifyUserPassword(trx, app.marketplaceId, req.username, req.password);
  if (!user || user.state === 'banned') throw new TokenGrantError('invalid_grant', 'Invalid username or password.');
  return issueRefreshableToken(trx, ctx, {
    marketplaceId: app.marketplaceId,
    applicationId: app.id,
    clientId: app.clientId,
    userId: user.id,
    scope: 'user',
  });
}
