/** `POST /v1/auth/auth_with_idp` (catalogue §2.1 A3, `sdk.loginWithIdp`): an IdP token → a user token. */
import type { FastifyPluginAsyncTypebox, Static } from '@fastify/type-provider-typebox';
import { TokenGrantError, type IdentityContext } from '../../domain/identity/index.ts';
import { loginWithIdp } from '../../domain/access/index.ts';
import type { SurfaceDeps } from '../../app.ts';
import { AuthForm, TokenResponse } from './schemas.ts';

/** A required, non-empty form parameter; missing → 400 invalid_request. */
const required = (form: Record<string, string>, name: string): string => {
  const value = form[name];
  if (value === undefined || value === '') throw new TokenGrantError('invalid_request', `Missing required parameter ${name}.`);
  return value;
};

export const authWithIdpRoutes =
  (deps: SurfaceDeps, identity: () => Promise<IdentityContext>): FastifyPluginAsyncTypebox =>
  async (app) => {
    // 200 exactly, with the token JSON of the password grant (the template checks the status).
    app.post('/auth_with_idp', { schema: { body: AuthForm, response: { 200: TokenResponse } } }, async (request, reply) => {
      const form = request.body;
      const req = {
        clientId: required(form, 'client_id'),
        // The IdP token is a bearer credential of the user: only the app's server may trade it.
        clientSecret: required(form, 'client_secret'),
        idpId: required(form, 'idp_id'),
        idpClientId: required(form, 'idp_client_id'),
        idpToken: required(form, 'idp_token'),
      };
      const ctx = await identity();
      const token = await deps.db.transaction().execute((trx) => loginWithIdp(trx, { identity: ctx, idp: deps.idp }, req));
      const body: Static<typeof TokenResponse> = {
        access_token: token.accessToken,
        token_type: 'bearer',
        expires_in: token.expiresIn,
        scope: token.scope,
      };
      if (token.refreshToken !== undefined) body.refresh_token = token.refreshToken;
      return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(body);
    });
  };
