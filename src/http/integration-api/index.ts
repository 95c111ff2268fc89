/**
 * The Integration API surface (`/v1/integration_api`): transit/JSON bodies, the API error envelope,
 * the integration auth hook and (optionally) rate limits, then one route module per resource.
 * No CORS: this API is for back ends holding a client secret (see plugins/cors.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { addBodyParsers, apiErrorHandler, apiNotFoundHandler } from '../wire/index.ts';
import { authenticate } from '../plugins/authenticate.ts';
import { addRateLimit } from '../plugins/rate-limit.ts';
import { marketplaceRoutes } from '../marketplace-api/marketplace.routes.ts';
import { eventsRoutes } from './events.routes.ts';
import { integrationListingsQueryRoutes } from './listings-query.routes.ts';
import { listingsRoutes } from './listings.routes.ts';
import { integrationUsersRoutes } from './users.routes.ts';
import { integrationImagesRoutes } from './images.routes.ts';
import { integrationMessagesRoutes } from './messages.routes.ts';
import { integrationAvailabilityExceptionsRoutes } from './availability-exceptions.routes.ts';
import { integrationStockRoutes } from './stock.routes.ts';
import { integrationStockReservationsRoutes } from './stock-reservations.routes.ts';
import { integrationTransactionsRoutes } from './transactions.routes.ts';

/** Route modules of this surface: adding a resource is one line here. */
const ROUTES: ((deps: SurfaceDeps) => FastifyPluginAsync)[] = [
  marketplaceRoutes,
  eventsRoutes,
  integrationListingsQueryRoutes,
  listingsRoutes,
  integrationUsersRoutes,
  integrationImagesRoutes,
  integrationMessagesRoutes,
  integrationAvailabilityExceptionsRoutes,
  integrationStockRoutes,
  integrationStockReservationsRoutes,
  integrationTransactionsRoutes,
];

export const integrationApi =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    addBodyParsers(app);
    app.setErrorHandler(apiErrorHandler);
    app.setNotFoundHandler(apiNotFoundHandler);
    app.addHook('onRequest', authenticate(deps, 'integration'));
    addRateLimit(app, { mode: deps.config.rateLimit, clock: deps.clock, surface: 'integration' });
    for (const routes of ROUTES) await app.register(routes(deps));
  };
