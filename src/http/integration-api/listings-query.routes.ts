/**
 * `GET listings/query` on the Integration API (catalogue 4.3 I9): listings in any state (filter
 * with `states`), `createdAtStart` / `createdAtEnd` (end exclusive), plus every Marketplace API
 * search parameter. Deleted listings are never returned.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { searchListings, type ListingState } from '../../domain/listings/index.ts';
import { p, parseQuery, type RawQuery } from '../wire/index.ts';
import { principalOf } from '../plugins/authenticate.ts';
import { LISTING_SEARCH_PARAMS, searchInputOf, sendListingPage } from '../marketplace-api/listings-query.routes.ts';

const LISTING_STATES: readonly ListingState[] = ['draft', 'pendingApproval', 'published', 'closed'];

const IntegrationQueryListingsQuery = {
  ...LISTING_SEARCH_PARAMS,
  states: p.enumList(LISTING_STATES),
  createdAtStart: p.instant(),
  createdAtEnd: p.instant(),
};

export const integrationListingsQueryRoutes =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Querystring: RawQuery }>('/listings/query', async (request, reply) => {
      const q = parseQuery(request.query, IntegrationQueryListingsQuery, { pagination: true, extendedData: ['pub', 'meta'] });
      const { marketplaceId } = principalOf(request);
      const { states, createdAtStart, createdAtEnd } = q.params;
      const result = await searchListings(deps.db, {
        ...searchInputOf(marketplaceId, { kind: 'integration', ...(states ? { states } : {}) }, q, deps.clock.now()),
        ...(createdAtStart ? { createdAtStart } : {}),
        ...(createdAtEnd ? { createdAtEnd } : {}),
      });
      return sendListingPage(request, reply, deps, q, marketplaceId, result, 'operator');
    });
  };
