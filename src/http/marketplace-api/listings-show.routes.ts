/** `GET listings/show` (catalogue §3.3 M17): a published listing, public view. */
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { showListing } from '../../domain/listings/index.ts';
import { p, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { principalOf } from '../plugins/authenticate.ts';
import { listingDocument, listingPresenterFor } from '../resources/listing.presenter.ts';

const ShowListingQuery = { id: p.uuid({ required: true }) };

// SEAM: private-marketplace / read-permission 403s (catalogue §3.12) come with the access module.
export const listingsShowRoutes =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Querystring: RawQuery }>('/listings/show', async (request, reply) => {
      const q = parseQuery(request.query, ShowListingQuery);
      const { marketplaceId } = principalOf(request);
      const listing = await showListing(deps.db, { marketplaceId, id: q.params.id.uuid });
      const presenter = listingPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, 'public');
      return sendDocument(request, reply, await listingDocument(presenter, listing, q));
    });
  };
