/**
 * The Marketplace API surface (`/v1/api`): transit/JSON bodies, the API error envelope, CORS, the
 * marketplace-surface auth hook and (optionally) rate limits, then one route module per resource.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { addBodyParsers, apiErrorHandler, apiNotFoundHandler } from '../wire/index.ts';
import { authenticate } from '../plugins/authenticate.ts';
import { readAccessGuard, readGuardedRoutes } from '../plugins/access.ts';
import { registerCors } from '../plugins/cors.ts';
import { addRateLimit } from '../plugins/rate-limit.ts';
import { marketplaceRoutes } from './marketplace.routes.ts';
import { listingsQueryRoutes } from './listings-query.routes.ts';
import { sitemapRoutes } from './sitemap.routes.ts';
import { ownListingsRoutes } from './own-listings.routes.ts';
import { listingsShowRoutes } from './listings-show.routes.ts';
import { currentUserRoutes } from './current-user.routes.ts';
import { passwordResetRoutes } from './password-reset.routes.ts';
import { usersRoutes } from './users.routes.ts';
import { imagesRoutes } from './images.routes.ts';
import { createWithIdpRoutes } from './create-with-idp.routes.ts';
import { messagesRoutes } from './messages.routes.ts';
import { reviewsRoutes } from './reviews.routes.ts';
import { availabilityExceptionsRoutes } from './availability-exceptions.routes.ts';
import { timeslotsRoutes } from './timeslots.routes.ts';
import { stripeAccountRoutes } from './stripe-account.routes.ts';
import { stripeCustomerRoutes } from './stripe-customer.routes.ts';
import { transactionsRoutes } from './transactions.routes.ts';
import { processTransitionsRoutes } from './process-transitions.routes.ts';
import { bookingsRoutes } from './bookings.routes.ts';
import { stockRoutes } from './stock.routes.ts';

/** Route modules of this surface: adding a resource is one line here. */
const ROUTES: ((deps: SurfaceDeps) => FastifyPluginAsync)[] = [
  marketplaceRoutes,
  listingsQueryRoutes,
  sitemapRoutes,
  ownListingsRoutes,
  listingsShowRoutes,
  currentUserRoutes,
  passwordResetRoutes,
  usersRoutes,
  imagesRoutes,
  createWithIdpRoutes,
  messagesRoutes,
  reviewsRoutes,
  availabilityExceptionsRoutes,
  timeslotsRoutes,
  stripeAccountRoutes,
  stripeCustomerRoutes,
  stockRoutes,
  transactionsRoutes,
  processTransitionsRoutes,
  bookingsRoutes,
];

export const marketplaceApi =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    addBodyParsers(app);
    app.setErrorHandler(apiErrorHandler);
    app.setNotFoundHandler(apiNotFoundHandler);
    // CORS first: its onRequest hook answers preflights before authentication runs.
    await registerCors(app);
    app.addHook('onRequest', authenticate(deps, 'marketplace', { readGuardedRoutes: readGuardedRoutes(app.prefix) }));
    addRateLimit(app, { mode: deps.config.rateLimit, clock: deps.clock, surface: 'marketplace' });
    app.addHook('onRequest', readAccessGuard(deps, app.prefix));
    for (const routes of ROUTES) await app.register(routes(deps));
  };
