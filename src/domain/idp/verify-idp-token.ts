import type { Executor } from '../../store/db.ts';
import { GOOGLE_ISSUERS, idpNotFound, idpTokenInvalid, type IdpDeps, type IdpIdentity } from './idp.ts';
import { findIdentityProvider } from './idp.store.ts';
import { verifyFacebookToken } from './verify-facebook-token.ts';
import { verifyOidcToken } from './verify-oidc-token.ts';

export interface VerifyIdpTokenInput {
  marketplaceId: string;
  idpId: string;
  /** The client id at the IdP the token was issued to (ID token `aud`, Facebook app id). */
  idpClientId: string;
  /** Google/OIDC: an ID token; Facebook: a user access token. Never logged. */
  idpToken: string;
}

/** ID tokens are a few KB; refuse anything far bigger before parsing it. */
const MAX_IDP_TOKEN_LENGTH = 16 * 1024;

/**
 * Verifies an IdP token against the marketplace's provider and returns the IdP account it proves.
 * Throws bad-request `idp-not-found`, forbidden `idp-token-invalid`, or IdpUnavailableError (the
 * IdP's keys or Graph API cannot be reached; not a DomainError).
 */
export async function verifyIdpToken(db: Executor, deps: IdpDeps, input: VerifyIdpTokenInput): Promise<IdpIdentity> {
  const found = await findIdentityProvider(db, input.marketplaceId, input.idpId);
  if (!found) throw idpNotFound(input.idpId, { type: 'body', path: ['idpId'] });
  const { provider, facebookAppSecret } = found;
  // Checked before any network call: a client id the marketplace never configured cannot pass.
  if (!provider.clientIds.includes(input.idpClientId)) throw idpTokenInvalid('idpClientId is not a client id of this identity provider');
  if (input.idpToken === '' || input.idpToken.length > MAX_IDP_TOKEN_LENGTH) throw idpTokenInvalid('empty or oversized token');
  switch (provider.type) {
    case 'facebook':
      if (facebookAppSecret === null) throw new Error(`identity provider ${provider.idpId} lacks its app secret`);
      return verifyFacebookToken(deps, { idpId: provider.idpId, appId: input.idpClientId, appSecret: facebookAppSecret, accessToken: input.idpToken });
    case 'google':
    case 'oidc':
      return verifyOidcToken(deps, {
        idpId: provider.idpId,
        // Google's ID tokens carry its issuer with or without the scheme.
        issuers: provider.type === 'google' ? GOOGLE_ISSUERS : [provider.issuer],
        jwksUrl: provider.jwksUrl,
        idpClientId: input.idpClientId,
        idpToken: input.idpToken,
      });
  }
}
