/**
 * Identity providers (catalogue 2.5, domain 9.3): configuration, IdP token verification, links
 * between IdP accounts and users, and the IdP login rule.
 *
 * Error mapping for callers. No code here is `unauthorized`, so nothing becomes a 401 by default:
 * - Auth API `POST /v1/auth/auth_with_idp` (resolveIdpLogin): `idp-token-invalid`,
 *   `idp-user-not-found`, `idp-email-unverified`, `user-is-banned`, `idp-identity-taken` →
 *   401 `invalid_grant`; `idp-not-found` → 400 `invalid_request`; IdpUnavailableError → 500.
 * - Marketplace API `current_user/create_with_idp` (verifyIdpToken + linkIdentity): use the kinds
 *   as they are — `idp-not-found` 400, `idp-token-invalid` 403 (never 401: the SDK would refresh
 *   and fall back to an anonymous token), `idp-identity-taken` 409; IdpUnavailableError → 500.
 * - Admin API (add/remove): `validation-*` 400, `idp-not-found` 400, `idp-already-exists` 409.
 */
export {
  GOOGLE_ISSUER,
  GOOGLE_JWKS_URL,
  IdpUnavailableError,
  type IdentityProvider,
  type IdpDeps,
  type IdpIdentity,
  type IdpType,
  type UserIdentity,
} from './idp.ts';
export { JwksCache, type JwksCacheOptions } from './jwks-cache.ts';
export {
  FACEBOOK_GRAPH_URL,
  createFacebookGraphHttp,
  type FacebookGraph,
  type FacebookGraphHttpOptions,
  type FacebookProfile,
  type FacebookTokenInfo,
} from './facebook-graph.ts';
export { addIdentityProvider, type AddIdentityProviderInput } from './add-identity-provider.ts';
export { removeIdentityProvider } from './remove-identity-provider.ts';
export { listIdentityProviders, listUserIdentities, deleteUserIdentities } from './idp.store.ts';
export { verifyIdpToken, type VerifyIdpTokenInput } from './verify-idp-token.ts';
export { linkIdentity, findUserIdByIdentity, type LinkIdentityInput } from './link-identity.ts';
export { resolveIdpLogin } from './resolve-idp-login.ts';
