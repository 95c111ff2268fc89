/**
 * The Authentication API (`/v1/auth`): OAuth2 token and revoke endpoints in their own error dialect
 * (`{error, error_description}`), form-urlencoded or JSON bodies, JSON responses, CORS for browsers.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { identityContextLoader } from '../../domain/identity/index.ts';
import { registerCors } from '../plugins/cors.ts';
import { addFormParser } from './form-body.ts';
import { authErrorHandler, authNotFoundHandler } from './oauth-errors.ts';
import { revokeRoutes } from './revoke.routes.ts';
import { tokenRoutes } from './token.routes.ts';
import { authWithIdpRoutes } from './auth-with-idp.routes.ts';

export const authApi =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    app.setErrorHandler(authErrorHandler);
    app.setNotFoundHandler(authNotFoundHandler);
    await registerCors(app);
    addFormParser(app);
    const identity = identityContextLoader(deps);
    await app.register(tokenRoutes(deps, identity));
    await app.register(revokeRoutes(deps, identity));
    await app.register(authWithIdpRoutes(deps, identity));
  };
