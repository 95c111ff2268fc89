/**
 * Types and pure rules of the identity module: scopes, token claims, grant requests and the
 * OAuth2 grant errors (RFC 6749 §5.2) the token endpoint speaks.
 */
import type { Clock } from '../../lib/clock.ts';
import type { TokenSigner } from './token-signer.ts';

/** `public-read` (anonymous), `user`, `trusted:user` (token exchange), `integ` (Integration API). */
export type Scope = 'public-read' | 'user' | 'trusted:user' | 'integ';

const SCOPES: readonly Scope[] = ['public-read', 'user', 'trusted:user', 'integ'];

export const parseScope = (value: string): Scope | undefined => SCOPES.find((s) => s === value);

/** What an access token says; signed, so the only lookup on use is the revocation check. */
export interface AccessTokenClaims {
  marketplaceId: string;
  applicationId: string;
  clientId: string;
  scope: Scope;
  /** The user of `user` / `trusted:user` tokens. */
  userId: string | undefined;
  /** The login (token family) a user or integration token belongs to; anonymous tokens have none. */
  familyId: string | undefined;
  /** An operator's login-as token. */
  loginAs: boolean;
}

/** Claims of a verified token, with its expiry. */
export interface VerifiedClaims extends AccessTokenClaims {
  expiresAt: Date;
}

export interface TokenLifetimes {
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  integrationRefreshTokenTtlSeconds: number;
  loginAsTokenTtlSeconds: number;
}

/** What identity use cases need besides the database: built once per app (see loadIdentityContext). */
export interface IdentityContext {
  signer: TokenSigner;
  clock: Clock;
  lifetimes: TokenLifetimes;
}

/** A token as the token endpoint returns it. */
export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  scope: Scope;
  refreshToken: string | undefined;
}

/** A token endpoint request, by grant type (the fields the SDKs send, catalogue §2.2). */
export type TokenRequest =
  | { grantType: 'client_credentials'; clientId: string; clientSecret: string | undefined; scope: string | undefined }
  | {
      grantType: 'password';
      clientId: string;
      clientSecret: string | undefined;
      scope: string | undefined;
      username: string;
      password: string;
    }
  | { grantType: 'refresh_token'; clientId: string; clientSecret: string | undefined; refreshToken: string }
  | {
      grantType: 'token_exchange';
      clientId: string;
      clientSecret: string;
      subjectToken: string;
      scope: string | undefined;
    }
  | {
      grantType: 'authorization_code';
      clientId: string;
      code: string;
      redirectUri: string;
      codeVerifier: string;
    };

export type GrantType = TokenRequest['grantType'];

export const GRANT_TYPES: readonly GrantType[] = [
  'client_credentials',
  'password',
  'refresh_token',
  'token_exchange',
  'authorization_code',
];

/** RFC 6749 §5.2 error codes. */
export type TokenErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope';

/**
 * A refused grant, in the OAuth2 vocabulary the token endpoint answers with. Thrown inside grant
 * use cases and turned into a result by grantToken, so what was written before the refusal (a
 * revoked family on refresh-token reuse, a burned authorization code) still commits.
 */
export class TokenGrantError extends Error {
  readonly error: TokenErrorCode;
  constructor(error: TokenErrorCode, description: string) {
    super(description);
    this.name = 'TokenGrantError';
    this.error = error;
  }
}

export type GrantResult = { ok: true; token: IssuedToken } | { ok: false; error: TokenGrantError };

/**
 * A used refresh token presented again within this many seconds of its first use is a concurrent
 * refresh (the SDK refreshes from every request that got a 401, e.g. parallel page loads), not a
 * replay: it rotates again instead of revoking the family. Later reuse revokes the family.
 */
export const REFRESH_REUSE_GRACE_SECONDS = 30;

/** Login-as codes live five minutes. */
export const AUTH_CODE_TTL_SECONDS = 5 * 60;

export const addSeconds = (at: Date, seconds: number): Date => new Date(at.getTime() + seconds * 1000);
