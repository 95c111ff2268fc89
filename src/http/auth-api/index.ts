/**
 * The Authentication API surface (`/v1/auth`): form-encoded (or JSON) bodies, JSON responses,
 * OAuth2 error bodies, CORS for browsers.
 */
import { parse } from 'node:querystring';
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { identityContextLoader } from '../../domain/identity/index.ts';
import { registerCors } from '../plugins/cors.ts';
import { OAuthError, oauthErrorHandler } from './oauth-errors.ts';
import { tokenRoutes } from './token.routes.ts';

export const authApi =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    await registerCors(app);
    app.setErrorHandler(oauthErrorHandler);
    app.setNotFoundHandler((_request, reply) =>
      reply.code(404).send({ error: 'invalid_request', error_description: 'No such endpoint.' }),
    );
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      const fields: Record<string, string> = {};
      // A repeated field is ambiguous; take the first value rather than guessing.
      for (const [k, v] of Object.entries(parse(text))) {
        const value = Array.isArray(v) ? v[0] : v;
        if (value !== undefined) fields[k] = value;
      }
      done(null, fields);
    });
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, JSON.parse(typeof body === 'string' ? body : body.toString('utf8')));
      } catch {
        done(new OAuthError('invalid_request', 'Malformed JSON body.'), undefined);
      }
    });
    app.addContentTypeParser('*', (_req, _payload, done) =>
      done(new OAuthError('invalid_request', 'Use application/x-www-form-urlencoded.'), undefined),
    );
    const identity = identityContextLoader(deps);
    await app.register(tokenRoutes(deps, identity));
  };
