import type { Trx } from '../../store/db.ts';
import {
  GOOGLE_ISSUER,
  GOOGLE_JWKS_URL,
  disallowedKey,
  idpAlreadyExists,
  validateClientIds,
  validateHttpUrl,
  validateIdpId,
  type IdentityProvider,
  type IdpType,
} from './idp.ts';
import { insertIdentityProvider } from './idp.store.ts';
import { badRequest } from '../errors.ts';

export interface AddIdentityProviderInput {
  marketplaceId: string;
  /** `google`, `facebook`, or a custom OIDC id ([a-z0-9-]{1,64}). */
  idpId: string;
  type: IdpType;
  /** oidc only: the exact `iss` of its ID tokens. */
  issuer?: string;
  /** oidc only: the IdP's JWKS URL (`jwks_uri` of its discovery document). */
  jwksUrl?: string;
  /** Accepted IdP client ids (e.g. web and mobile); for facebook exactly one, the app id. */
  clientIds: readonly string[];
  /** facebook only: the app secret (debug_token needs it in clear). */
  appSecret?: string;
}

const invalid = (message: string, path: string) => badRequest('validation-invalid-value', message, { type: 'body', path: [path] });
const missing = (path: string, message: string) => badRequest('validation-missing-key', message, { type: 'body', path: [path] });

/** The type-specific columns, validated. */
function providerSettings(input: AddIdentityProviderInput): { issuer: string | null; jwksUrl: string | null; facebookAppSecret: string | null } {
  const { type, idpId } = input;
  // `google` and `facebook` are the ids clients send for those IdPs (catalogue 2.5): id and type go together.
  const presetId = type === 'oidc' ? undefined : type;
  if (presetId !== undefined && idpId !== presetId) throw invalid(`idpId must be "${presetId}" for type ${type}.`, 'idpId');
  if (presetId === undefined && (idpId === 'google' || idpId === 'facebook')) throw invalid(`idpId "${idpId}" is reserved for type ${idpId}.`, 'idpId');
  if (type !== 'facebook' && input.appSecret !== undefined) throw disallowedKey('appSecret', 'appSecret is only for facebook.');
  if (type !== 'oidc') {
    if (input.issuer !== undefined) throw disallowedKey('issuer', `issuer is preset for ${type}.`);
    if (input.jwksUrl !== undefined) throw disallowedKey('jwksUrl', `jwksUrl is preset for ${type}.`);
  }
  switch (type) {
    case 'google':
      return { issuer: GOOGLE_ISSUER, jwksUrl: GOOGLE_JWKS_URL, facebookAppSecret: null };
    case 'facebook': {
      const secret = input.appSecret?.trim() ?? '';
      if (secret === '') throw missing('appSecret', 'appSecret is required for facebook.');
      return { issuer: null, jwksUrl: null, facebookAppSecret: secret };
    }
    case 'oidc':
      if (input.issuer === undefined) throw missing('issuer', 'issuer is required for oidc.');
      if (input.jwksUrl === undefined) throw missing('jwksUrl', 'jwksUrl is required for oidc.');
      return { issuer: validateHttpUrl(input.issuer, 'issuer'), jwksUrl: validateHttpUrl(input.jwksUrl, 'jwksUrl'), facebookAppSecret: null };
  }
}

/**
 * Configures an identity provider for a marketplace (`google` preset: Google's issuer and JWKS).
 * Throws bad-request (`validation-invalid-value`, `validation-missing-key`, `validation-disallowed-key`) or conflict `idp-already-exists`.
 */
export async function addIdentityProvider(trx: Trx, input: AddIdentityProviderInput): Promise<IdentityProvider> {
  const idpId = validateIdpId(input.idpId);
  const settings = providerSettings(input);
  const clientIds = validateClientIds(input.clientIds);
  if (input.type === 'facebook' && clientIds.length !== 1) {
    throw invalid('facebook takes exactly one client id: the app id its secret belongs to.', 'clientIds');
  }
  const provider = await insertIdentityProvider(trx, { marketplaceId: input.marketplaceId, idpId, type: input.type, clientIds, ...settings });
  if (!provider) throw idpAlreadyExists(idpId);
  return provider;
}
