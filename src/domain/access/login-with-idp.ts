import { authenticateClient } from '../marketplaces/index.ts';
import { issueUserToken, TokenGrantError, type IdentityContext, type IssuedToken } from '../identity/index.ts';
import { resolveIdpLogin, type IdpDeps } from '../idp/index.ts';
import { DomainError } from '../errors.ts';
import type { Trx } from '../../store/db.ts';

/** An `auth_with_idp` request (catalogue §2.1 A3), as the SDK's `loginWithIdp` sends it. */
export interface LoginWithIdpRequest {
  clientId: string;
  clientSecret: string;
  idpId: string;
  idpClientId: string;
  /** Never logged. */
  idpToken: string;
}

/**
 * The idp module's refusals in the OAuth2 dialect: an unknown IdP is a malformed request (400
 * invalid_request); every other refusal — bad token, no such user, unverified email, banned user,
 * identity linked elsewhere — is 401 invalid_grant, like a wrong password.
 */
const toGrantError = (e: unknown): unknown => {
  if (!(e instanceof DomainError)) return e;
  return new TokenGrantError(e.kind === 'bad-request' ? 'invalid_request' : 'invalid_grant', e.message);
};

/**
 * `POST /v1/auth/auth_with_idp`: verifies the IdP token, finds (or links by verified email) its
 * user and logs them in with a `user` token and refresh token. Throws TokenGrantError
 * invalid_client / unauthorized_client / invalid_request / invalid_grant; IdpUnavailableError
 * when the IdP cannot be reached.
 */
export async function loginWithIdp(trx: Trx, deps: { identity: IdentityContext; idp: IdpDeps }, req: LoginWithIdpRequest): Promise<IssuedToken> {
  const app = await authenticateClient(trx, req.clientId, req.clientSecret);
  if (!app) throw new TokenGrantError('invalid_client', 'Unknown client, revoked application or wrong client secret.');
  if (app.kind !== 'marketplace') throw new TokenGrantError('unauthorized_client', 'Only Marketplace API applications can log users in.');
  let userId: string;
  try {
    ({ userId } = await resolveIdpLogin(trx, deps.idp, {
      marketplaceId: app.marketplaceId,
      idpId: req.idpId,
      idpClientId: req.idpClientId,
      idpToken: req.idpToken,
    }));
  } catch (e) {
    throw toGrantError(e);
  }
  return issueUserToken(trx, deps.identity, { marketplaceId: app.marketplaceId, applicationId: app.id, clientId: app.clientId, userId });
}
