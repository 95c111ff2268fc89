import type { Trx } from '../../store/db.ts';
import { TokenGrantError, type GrantResult, type IdentityContext, type IssuedToken, type TokenRequest } from './identity.ts';
import { grantAuthorizationCode } from './grant-authorization-code.ts';
import { grantClientCredentials } from './grant-client-credentials.ts';
import { grantPassword } from './grant-password.ts';
import { grantRefreshToken } from './grant-refresh-token.ts';
import { grantTokenExchange } from './grant-token-exchange.ts';

const dispatch = (trx: Trx, ctx: IdentityContext, req: TokenRequest): Promise<IssuedToken> => {
  switch (req.grantType) {
    case 'client_credentials':
      return grantClientCredentials(trx, ctx, req);
    case 'password':
      return grantPassword(trx, ctx, req);
    case 'refresh_token':
      return grantRefreshToken(trx, ctx, req);
    case 'token_exchange':
      return grantTokenExchange(trx, ctx, req);
    case 'authorization_code':
      return grantAuthorizationCode(trx, ctx, req);
  }
};

/**
 * The token endpoint's use case: runs the requested grant. A refused grant is a result, not an
 * exception, so the caller commits what the refusal wrote (family revoked on refresh-token reuse,
 * burned code). Throws only unexpected errors.
 */
export async function grantToken(trx: Trx, ctx: IdentityContext, req: TokenRequest): Promise<GrantResult> {
  try {
    return { ok: true, token: await dispatch(trx, ctx, req) };
  } catch (e) {
    if (e instanceof TokenGrantError) return { ok: false, error: e };
    throw e;
  }
}
