/**
 * `GET sitemap_data/query_listings` and `sitemap_data/query_assets` (catalogue 3.9): the ids of the
 * 10 000 most recent published listings (refs without attributes), and the asset paths of the
 * marketplace's `latest` asset version under `pathPrefix` as `asset` resources (type per 3P).
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { listAssetPaths } from '../../domain/assets/index.ts';
import { listSitemapListingIds } from '../../domain/listings/index.ts';
import { Uuid } from '../../lib/values.ts';
import { p, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { principalOf } from '../plugins/authenticate.ts';

/** A stable UUID for an asset path (assets have no ids of their own). */
const assetId = (marketplaceId: string, path: string): Uuid => {
  const h = createHash('sha256').update(`${marketplaceId}\u0000${path}`).digest('hex');
  return new Uuid(`${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`);
};

export const sitemapRoutes =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Querystring: RawQuery }>('/sitemap_data/query_listings', async (request, reply) => {
      parseQuery(request.query, {}, { resource: false });
      const ids = await listSitemapListingIds(deps.db, principalOf(request).marketplaceId);
      const data = ids.map((id) => ({ id: new Uuid(id), type: 'listing' }));
      return sendDocument(request, reply, { data, included: [], meta: {} });
    });
    app.get<{ Querystring: RawQuery }>('/sitemap_data/query_assets', async (request, reply) => {
      const { params } = parseQuery(request.query, { pathPrefix: p.string({ maxLength: 1024 }) }, { resource: false });
      const { marketplaceId } = principalOf(request);
      const paths = await listAssetPaths(deps.db, marketplaceId, params.pathPrefix ?? '');
      const data = paths.map((assetPath) => ({ id: assetId(marketplaceId, assetPath), type: 'asset', attributes: { assetPath } }));
      return sendDocument(request, reply, { data, included: [], meta: {} });
    });
  };
