/** `POST /v1/auth/token`: every grant of catalogue §2.2. */
import type { FastifyPluginAsyncTypebox, Static } from '@fastify/type-provider-typebox';
import { grantToken, type IdentityContext } from '../../domain/identity/index.ts';
import type { SurfaceDeps } from '../../app.ts';
import { sendGrantError } from './oauth-errors.ts';
import { AuthForm, TokenResponse } from './schemas.ts';
import { parseTokenRequest } from './token-request.ts';

export const tokenRoutes =
  (deps: SurfaceDeps, identity: () => Promise<IdentityContext>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post('/token', { schema: { body: AuthForm, response: { 200: TokenResponse } } }, async (request, reply) => {
      const tokenRequest = parseTokenRequest(request.body);
      const ctx = await identity();
      // A refused grant still commits (a reused refresh token's family stays revoked).
      const result = await deps.db.transaction().execute((trx) => grantToken(trx, ctx, tokenRequest));
      if (!result.ok) return sendGrantError(reply, result.error);
      const { token } = result;
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
