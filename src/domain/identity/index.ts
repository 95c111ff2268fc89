export type { Principal, PrincipalKind } from './principal.ts';
export {
  GRANT_TYPES,
  REFRESH_REUSE_GRACE_SECONDS,
  TokenGrantError,
  parseScope,
  type AccessTokenClaims,
  type GrantResult,
  type GrantType,
  type IdentityContext,
  type IssuedToken,
  type Scope,
  type TokenErrorCode,
  type TokenLifetimes,
  type TokenRequest,
} from './identity.ts';
export { TokenSigner } from './token-signer.ts';
export { identityContextLoader } from './identity-context.ts';
export { grantToken } from './grant-token.ts';
export { issueUserToken } from './issue-user-token.ts';
export { verifyAccessToken, verifyAccessTokenWithMarketplace } from './verify-access-token.ts';
export { revokeToken } from './revoke-token.ts';
export { revokeUserTokens } from './revoke-user-tokens.ts';
export { issueLoginAsCode, type IssueLoginAsCodeInput } from './issue-login-as-code.ts';
export { s256Challenge } from './pkce.ts';
