/**
 * Reads a token endpoint form (catalogue §2.2) into the identity module's typed TokenRequest, or a
 * TokenGrantError (`invalid_request` / `unsupported_grant_type`) naming what is wrong.
 */
import { GRANT_TYPES, TokenGrantError, type TokenRequest } from '../../domain/identity/index.ts';

export type TokenForm = Record<string, string>;

const missing = (name: string): TokenGrantError => new TokenGrantError('invalid_request', `Missing required parameter ${name}.`);

const required = (form: TokenForm, name: string): string => {
  const value = form[name];
  if (value === undefined || value === '') throw missing(name);
  return value;
};

const optional = (form: TokenForm, name: string): string | undefined => {
  const value = form[name];
  return value === undefined || value === '' ? undefined : value;
};

/** Parses the form; throws TokenGrantError. */
export function parseTokenRequest(form: TokenForm): TokenRequest {
  const grantType = required(form, 'grant_type');
  const known = GRANT_TYPES.find((g) => g === grantType);
  if (known === undefined) throw new TokenGrantError('unsupported_grant_type', `Unsupported grant_type ${grantType}.`);
  const clientId = required(form, 'client_id');
  const clientSecret = optional(form, 'client_secret');
  switch (known) {
    case 'client_credentials':
      return { grantType: known, clientId, clientSecret, scope: optional(form, 'scope') };
    case 'password':
      return {
        grantType: known,
        clientId,
        clientSecret,
        scope: optional(form, 'scope'),
        username: required(form, 'username'),
        password: required(form, 'password'),
      };
    case 'refresh_token':
      return { grantType: known, clientId, clientSecret, refreshToken: required(form, 'refresh_token') };
    case 'token_exchange':
      return {
        grantType: known,
        clientId,
        clientSecret: required(form, 'client_secret'),
        subjectToken: required(form, 'subject_token'),
        scope: optional(form, 'scope'),
      };
    case 'authorization_code':
      return {
        grantType: known,
        clientId,
        code: required(form, 'code'),
        redirectUri: required(form, 'redirect_uri'),
        codeVerifier: required(form, 'code_verifier'),
      };
  }
}
