/** `POST /v1/auth/revoke` (logout): bearer access token in the header, `token=<refresh token>` in the form. */
import type { FastifyPluginAsyncTypebox, Static } from '@fastify/type-provider-typebox';
import { revokeToken, type IdentityContext } from '../../domain/identity/index.ts';
import type { SurfaceDeps } from '../../app.ts';
import { bearerToken } from '../plugins/authenticate.ts';
import { sendOAuthError } from './oauth-errors.ts';
import { AuthForm, RevokeResponse } from './schemas.ts';

const REVOKED: Static<typeof RevokeResponse> = { action: 'revoked' };

export const revokeRoutes =
  (deps: SurfaceDeps, identity: () => Promise<IdentityContext>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post('/revoke', { schema: { body: AuthForm, response: { 200: RevokeResponse } } }, async (request, reply) => {
      const accessToken = bearerToken(request);
      // 401 (not 400) so the SDK refreshes and retries, then treats the logout as done (catalogue §2.4).
      if (accessToken === undefined) return sendOAuthError(reply, 'invalid_token', 'An access token is required (Authorization: Bearer <token>).');
      const refreshToken = request.body.token;
      if (refreshToken === undefined || refreshToken === '') return sendOAuthError(reply, 'invalid_request', 'Missing required parameter token.');
      const ctx = await identity();
      await deps.db.transaction().execute((trx) => revokeToken(trx, ctx, { accessToken, refreshToken }));
      return reply.header('cache-control', 'no-store').send(REVOKED);
    });
  };
