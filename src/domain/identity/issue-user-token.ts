import type { Trx } from '../../store/db.ts';
import type { IdentityContext, IssuedToken } from './identity.ts';
import { issueRefreshableToken } from './issue-tokens.ts';

/**
 * Logs a known user in: a `user` token with a refresh token (a new token family), as the password
 * grant issues. For logins proven another way (an identity provider); the caller has checked the
 * application and the user. Throws nothing of its own.
 */
export async function issueUserToken(
  trx: Trx,
  ctx: IdentityContext,
  input: { marketplaceId: string; applicationId: string; clientId: string; userId: string },
): Promise<IssuedToken> {
  return issueRefreshableToken(trx, ctx, { ...input, scope: 'user' });
}
