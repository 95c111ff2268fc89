/** `POST /v1/auth/token` (every grant the SDKs use) and `POST /v1/auth/revoke` (logout). */
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import {
  GRANT_TYPES,
  grantToken,
  identityContextLoader,
  revokeToken,
  type IdentityContext,
  type TokenRequest,
} from '../../domain/identity/index.ts';
import { bearerToken } from '../plugins/authenticate.ts';
import { OAuthError, sendOAuthError } from './oauth-errors.ts';

type Form = Record<string, string | undefined>;

const required = (form: Form, name: string): string => {
  const value = form[name];
  if (value === undefined || value === '') throw new OAuthError('invalid_request', `Missing parameter: ${name}.`);
  return value;
};

/** Reads the grant's fields from the form (catalogue §2.2). */
function tokenRequest(form: Form): TokenRequest {
  const grantType = required(form, 'grant_type');
  const clientId = required(form, 'client_id');
  const clientSecret = form.client_secret || undefined;
  const scope = form.scope || undefined;
  switch (GRANT_TYPES.find((g) => g === grantType)) {
    case 'client_credentials':
      return { grantType: 'client_credentials', clientId, clientSecret, scope };
    case 'password':
      return {
        grantType: 'password',
        clientId,
        clientSecret,
        scope,
        username: required(form, 'username'),
        password: required(form, 'password'),
      };
    case 'refresh_token':
      return { grantType: 'refresh_token', clientId, clientSecret, refreshToken: required(form, 'refresh_token') };
    case 'token_exchange':
      return {
        grantType: 'token_exchange',
        clientId,
        clientSecret: required(form, 'client_secret'),
        subjectToken: required(form, 'subject_token'),
        scope,
      };
    case 'authorization_code':
      return {
        grantType: 'authorization_code',
        clientId,
        code: required(form, 'code'),
        redirectUri: required(form, 'redirect_uri'),
        codeVerifier: required(form, 'code_verifier'),
      };
    case undefined:
      throw new OAuthError('unsupported_grant_type', `Unsupported grant_type: ${grantType}.`);
  }
}

const formOf = (body: unknown): Form => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const form: Form = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') form[k] = v;
  return form;
};

export const tokenRoutes =
  (deps: SurfaceDeps, identity: () => Promise<IdentityContext> = identityContextLoader(deps)): FastifyPluginAsync =>
  async (app) => {
    app.post('/token', async (request, reply) => {
      const req = tokenRequest(formOf(request.body));
      const ctx = await identity();
      const result = await deps.db.transaction().execute((trx) => grantToken(trx, ctx, req));
      if (!result.ok) return sendOAuthError(reply, result.error.error, result.error.message);
      const { token } = result;
      return reply.header('cache-control', 'no-store').send({
        access_token: token.accessToken,
        token_type: 'bearer',
        expires_in: token.expiresIn,
        scope: token.scope,
        ...(token.refreshToken ? { refresh_token: token.refreshToken } : {}),
      });
    });

    app.post('/revoke', async (request, reply) => {
      const accessToken = bearerToken(request);
      if (accessToken === undefined) throw new OAuthError('invalid_client', 'An access token is required (Authorization: Bearer).');
      const refreshToken = required(formOf(request.body), 'token');
      const ctx = await identity();
      await deps.db.transaction().execute((trx) => revokeToken(trx, ctx, { accessToken, refreshToken }));
      return reply.header('cache-control', 'no-store').send({ action: 'revoked' });
    });
  };
