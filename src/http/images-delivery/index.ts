/**
 * Image variant delivery (`GET /v1/images/:urlKey/:segment`): the URLs the `image` resource hands
 * out (src/domain/images/variant-url.ts). Rendered on first request and cached in the blob store
 * by `renderVariant`; a URL's bytes never change (the segment names the size and carries a
 * signature), so responses are cacheable forever by browsers and CDNs. No authentication, like
 * Sharetribe's image CDN; any origin may read them. Unknown keys and bad signatures → 404.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { renderVariant } from '../../domain/images/index.ts';
import { apiErrorHandler, apiNotFoundHandler } from '../wire/index.ts';

const CACHE_CONTROL = 'public, max-age=31536000, immutable';

export const imagesDelivery =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    app.setErrorHandler(apiErrorHandler);
    app.setNotFoundHandler(apiNotFoundHandler);
    app.get<{ Params: { urlKey: string; segment: string } }>('/:urlKey/:segment', async (request, reply) => {
      const blob = await renderVariant(deps.db, { blobs: deps.blobs }, request.params);
      return reply
        .header('cache-control', CACHE_CONTROL)
        .header('access-control-allow-origin', '*')
        .header('x-content-type-options', 'nosniff')
        .header('etag', `"${request.params.segment}"`)
        .type(blob.contentType)
        .send(blob.bytes);
    });
  };
