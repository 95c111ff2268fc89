/**
 * Identity providers (catalogue 2.5, domain 9.3): which IdPs a marketplace accepts, what a verified
 * IdP token tells us, and the input rules for configuring providers.
 */
import { badRequest, conflict, forbidden, type DomainError, type ErrorSource } from '../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { IdpType } from '../../store/tables/idp.ts';
import type { FacebookGraph } from './facebook-graph.ts';
import type { JwksCache } from './jwks-cache.ts';

export type { IdpType };

/** A configured identity provider. The Facebook app secret never leaves the module. */
export type IdentityProvider =
  | { marketplaceId: string; idpId: string; type: 'oidc' | 'google'; issuer: string; jwksUrl: string; clientIds: string[]; createdAt: Date }
  | { marketplaceId: string; idpId: string; type: 'facebook'; clientIds: string[]; createdAt: Date };

/** What a verified IdP token says about its account. */
export interface IdpIdentity {
  idpId: string;
  /** The IdP's stable account id (`sub`, or the Facebook user id). */
  subject: string;
  email: string | undefined;
  /** True only when the IdP vouches for the email (`email_verified`). */
  emailVerified: boolean;
  firstName?: string;
  lastName?: string;
  displayName?: string;
}

/** A link between an IdP account and a user. */
export interface UserIdentity {
  marketplaceId: string;
  userId: string;
  idpId: string;
  subject: string;
  email: string | null;
  createdAt: Date;
}

/** Outside collaborators of token verification; built once per process and passed in. */
export interface IdpDeps {
  clock: Clock;
  jwks: JwksCache;
  facebook: FacebookGraph;
}

/** Google's issuer, as stored for the `google` preset. */
export const GOOGLE_ISSUER = 'https://accounts.google.com';
/** Both spellings of Google's `iss`. */
export const GOOGLE_ISSUERS: readonly string[] = [GOOGLE_ISSUER, 'accounts.google.com'];
/** Google's JWKS endpoint. */
export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';

/** How many client ids one provider may accept. */
export const MAX_CLIENT_IDS = 20;
const MAX_CLIENT_ID_LENGTH = 256;
const MAX_URL_LENGTH = 2048;
const IDP_ID_RE = /^[a-z0-9-]{1,64}$/;

const invalid = (message: string, path: string): DomainError => badRequest('validation-invalid-value', message, { type: 'body', path: [path] });

/** Checks an idp id: 1–64 of [a-z0-9-]. Throws bad-request `validation-invalid-value`. */
export function validateIdpId(idpId: string): string {
  if (!IDP_ID_RE.test(idpId)) throw invalid('idpId must be 1–64 characters of a-z, 0-9 and -.', 'idpId');
  return idpId;
}

/** Checks an absolute http(s) URL without credentials or fragment. Throws bad-request `validation-invalid-value`. */
export function validateHttpUrl(value: string, path: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`${path} must be an absolute http(s) URL.`, path);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(`${path} must be an http(s) URL.`, path);
  if (url.username !== '' || url.password !== '' || url.hash !== '' || value.length > MAX_URL_LENGTH) {
    throw invalid(`${path} must not carry credentials or a fragment and must be at most ${MAX_URL_LENGTH} characters.`, path);
  }
  return value;
}

/** Trims and de-duplicates client ids: 1–20 non-blank ids of at most 256 characters. Throws bad-request `validation-invalid-value`. */
export function validateClientIds(clientIds: readonly string[]): string[] {
  const ids = [...new Set(clientIds.map((id) => id.trim()))];
  if (ids.length === 0 || ids.length > MAX_CLIENT_IDS) throw invalid(`clientIds must hold 1–${MAX_CLIENT_IDS} client ids.`, 'clientIds');
  if (ids.some((id) => id === '' || id.length > MAX_CLIENT_ID_LENGTH)) {
    throw invalid(`Each client id must be 1–${MAX_CLIENT_ID_LENGTH} non-blank characters.`, 'clientIds');
  }
  return ids;
}

/** A key that must be absent for this provider type. */
export const disallowedKey = (path: string, message: string): DomainError =>
  badRequest('validation-disallowed-key', message, { type: 'body', path: [path] });

// Error codes of this module. None is `unauthorized`: the Marketplace API must never answer 401 for
// an IdP problem (the SDK would refresh and fall back to an anonymous token). The Auth API maps
// them to 401 invalid_grant itself (see index.ts).

/** The marketplace has no identity provider with this id. */
export const idpNotFound = (idpId: string, source?: ErrorSource): DomainError =>
  badRequest('idp-not-found', `No identity provider "${idpId}" in this marketplace.`, source);

/** The IdP token does not verify (signature, algorithm, audience, issuer, expiry, key, client id). Never carries the token. */
export const idpTokenInvalid = (reason: string): DomainError => forbidden('idp-token-invalid', `The IdP token was rejected: ${reason}.`);

/** No user is linked to the IdP account and none matches its verified email. */
export const idpUserNotFound = (): DomainError => forbidden('idp-user-not-found', 'No user is linked to this IdP account or has its email address.');

/** A user has the IdP account's email, but the IdP or the user has not verified it, so they are not linked. */
export const idpEmailUnverified = (): DomainError =>
  forbidden('idp-email-unverified', 'A user has this email address, but it is not verified at both the IdP and the marketplace.');

/** The IdP account is already linked to another user. */
export const idpIdentityTaken = (): DomainError => conflict('idp-identity-taken', 'This IdP account is already linked to another user.');

/** An identity provider with this id already exists in the marketplace. */
export const idpAlreadyExists = (idpId: string): DomainError => conflict('idp-already-exists', `The identity provider "${idpId}" already exists.`);

/**
 * The IdP could not be reached or answered nonsense (JWKS fetch failed, Graph API down). Not a
 * DomainError: the caller's error handler turns it into an opaque 500. Carries no token.
 */
export class IdpUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IdpUnavailableError';
  }
}
