/**
 * The Asset Delivery API surface (`/v1/assets`, catalogue 7): public JSON assets addressed by a
 * Marketplace API client id in the URL. JSON only (errors too), CORS for browsers, no bearer auth.
 *
 * Not rate limited, even in dev-parity mode: the platform serves assets from a CDN, outside the
 * API rate limits, and the template fetches them on every server render.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { addBodyParsers } from '../wire/index.ts';
import { registerCors } from '../plugins/cors.ts';
import { assetErrorHandler, assetNotFoundHandler } from './asset-errors.ts';
import { assetsRoutes } from './assets.routes.ts';

/** Route modules of this surface: adding one is one line here. */
const ROUTES: ((deps: SurfaceDeps) => FastifyPluginAsync)[] = [assetsRoutes];

export const assetsApi =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    addBodyParsers(app);
    app.setErrorHandler(assetErrorHandler);
    app.setNotFoundHandler(assetNotFoundHandler);
    await registerCors(app);
    for (const routes of ROUTES) await app.register(routes(deps));
  };
