/** `GET marketplace/show`: the caller's marketplace (both APIs register this module). */
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { notFound } from '../../domain/errors.ts';
import { findMarketplaceById } from '../../domain/marketplaces/index.ts';
import { buildDocument, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { toMarketplaceResource } from './marketplace.presenter.ts';
import { principalOf } from '../plugins/authenticate.ts';

export const marketplaceRoutes =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Querystring: RawQuery }>('/marketplace/show', async (request, reply) => {
      const { include, fields, limits } = parseQuery(request.query, {});
      const marketplace = await findMarketplaceById(deps.db, principalOf(request).marketplaceId);
      if (!marketplace) throw notFound('Marketplace not found.');
      const data = toMarketplaceResource(marketplace);
      return sendDocument(request, reply, await buildDocument({ data, type: 'marketplace', include, fields, limits }));
    });
  };
