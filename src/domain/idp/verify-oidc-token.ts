/**
 * OpenID Connect ID token verification (Google and custom OIDC IdPs, catalogue 2.5): RS256 only,
 * key chosen by `kid` from the IdP's JWKS, exact issuer, audience = the caller's IdP client id,
 * not expired at the injected clock's time.
 */
import { errors, jwtVerify, type JWTPayload } from 'jose';
import type { DomainError } from '../errors.ts';
import { IdpUnavailableError, idpTokenInvalid, type IdpDeps, type IdpIdentity } from './idp.ts';

/** OIDC IdPs must sign with RS256 (catalogue 2.5); anything else, `none` and HS256 included, is refused. */
const ALGORITHMS = ['RS256'];
/** Allowed clock skew between us and the IdP, seconds. */
export const CLOCK_TOLERANCE_SECONDS = 30;

export interface OidcVerification {
  idpId: string;
  issuers: readonly string[];
  jwksUrl: string;
  idpClientId: string;
  idpToken: string;
}

const text = (payload: JWTPayload, claim: string): string | undefined => {
  const value = payload[claim];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

/** Some IdPs (Cognito, older Azure) send `email_verified` as the string "true". */
const isTrue = (value: unknown): boolean => value === true || value === 'true';

/** Why jose refused the token, in words safe to log (never the token or its claims' values). */
const rejection = (e: errors.JOSEError): DomainError => {
  if (e instanceof errors.JWTExpired) return idpTokenInvalid('expired');
  if (e instanceof errors.JWTClaimValidationFailed) return idpTokenInvalid(`claim ${e.claim} ${e.reason}`);
  if (e instanceof errors.JOSEAlgNotAllowed) return idpTokenInvalid('algorithm not allowed (RS256 only)');
  if (e instanceof errors.JWKSNoMatchingKey) return idpTokenInvalid('no IdP signing key matches its kid');
  if (e instanceof errors.JWKSMultipleMatchingKeys) return idpTokenInvalid('several IdP signing keys match its kid');
  if (e instanceof errors.JWSSignatureVerificationFailed) return idpTokenInvalid('signature verification failed');
  return idpTokenInvalid('malformed token');
};

/** Failures of the IdP's key endpoint rather than of the token. */
const isUpstreamFailure = (e: unknown): boolean =>
  !(e instanceof errors.JOSEError) || e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid || e.code === 'ERR_JOSE_GENERIC';

/** Verifies an OIDC ID token and returns its identity. Throws forbidden `idp-token-invalid`, or IdpUnavailableError when the JWKS cannot be fetched. */
export async function verifyOidcToken(deps: IdpDeps, v: OidcVerification): Promise<IdpIdentity> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(v.idpToken, deps.jwks.keySet(v.jwksUrl), {
      algorithms: ALGORITHMS,
      issuer: [...v.issuers],
      audience: v.idpClientId,
      currentDate: deps.clock.now(),
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch (e) {
    if (isUpstreamFailure(e)) throw new IdpUnavailableError(`Could not fetch the signing keys of identity provider "${v.idpId}".`, { cause: e });
    if (e instanceof errors.JOSEError) throw rejection(e);
    throw e;
  }
  // jose checks iat only with maxTokenAge; a token from the future means a broken or forging IdP.
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  if (typeof payload.iat === 'number' && payload.iat > now + CLOCK_TOLERANCE_SECONDS) throw idpTokenInvalid('claim iat in the future');
  // OIDC Core 3.1.3.7: with several audiences, the authorized party must be this client.
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== v.idpClientId) {
    throw idpTokenInvalid('several audiences and azp is not the IdP client id');
  }
  const subject = text(payload, 'sub');
  if (subject === undefined) throw idpTokenInvalid('claim sub missing');
  const email = text(payload, 'email');
  const identity: IdpIdentity = { idpId: v.idpId, subject, email, emailVerified: email !== undefined && isTrue(payload.email_verified) };
  const firstName = text(payload, 'given_name');
  const lastName = text(payload, 'family_name');
  const displayName = text(payload, 'name');
  if (firstName !== undefined) identity.firstName = firstName;
  if (lastName !== undefined) identity.lastName = lastName;
  if (displayName !== undefined) identity.displayName = displayName;
  return identity;
}
