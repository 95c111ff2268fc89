/**
 * `own_listings/*` (catalogue §3.3 M18, M20, M22–M29): the author's listings, in any state, with
 * `privateData`. Commands return `{id, type}` unless `expand=true`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SurfaceDeps } from '../../app.ts';
import {
  LISTING_STATES,
  addListingImage,
  closeListing,
  createOwnListing,
  discardDraft,
  openListing,
  publishDraft,
  queryOwnListings,
  showOwnListing,
  updateListing,
  type Listing,
} from '../../domain/listings/index.ts';
import type { Trx } from '../../store/db.ts';
import { p, paginationMeta, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { authorOf } from '../plugins/authenticate.ts';
import { listingDocument, listingPresenterFor } from '../resources/listing.presenter.ts';
import { checkInclude } from '../resources/include-check.ts';
import { AddListingImageBody, CreateOwnListingBody, ListingIdBody, UpdateOwnListingBody, rawQueryOf } from '../resources/listing.schemas.ts';

const ShowOwnListingQuery = { id: p.uuid({ required: true }) };
const QueryOwnListingsQuery = { states: p.enumList(LISTING_STATES) };

export const ownListingsRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    /** Runs a command in one transaction and answers with the author's view of the listing. */
    const command = async (
      request: FastifyRequest,
      reply: FastifyReply,
      run: (trx: Trx, author: ReturnType<typeof authorOf> & { now: Date }) => Promise<Listing>,
    ) => {
      const q = parseQuery(rawQueryOf(request), {}, { expand: true });
      const author = { ...authorOf(request), now: deps.clock.now() };
      const presenter = listingPresenterFor(deps.db, deps.config.publicUrl, author.marketplaceId, q, 'author');
      checkInclude(presenter.graph(), presenter.type, q.include); // before the write: a bad include stores nothing
      const listing = await deps.db.transaction().execute((trx) => run(trx, author));
      return sendDocument(request, reply, await listingDocument(presenter, listing, q, { expand: q.expand }));
    };

    app.get<{ Querystring: RawQuery }>('/own_listings/show', async (request, reply) => {
      const q = parseQuery(request.query, ShowOwnListingQuery);
      const { marketplaceId, actor } = authorOf(request);
      const listing = await showOwnListing(deps.db, { marketplaceId, userId: actor.userId, id: q.params.id.uuid });
      const presenter = listingPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, 'author');
      return sendDocument(request, reply, await listingDocument(presenter, listing, q));
    });

    app.get<{ Querystring: RawQuery }>('/own_listings/query', async (request, reply) => {
      const q = parseQuery(request.query, QueryOwnListingsQuery, { pagination: true });
      const { marketplaceId, actor } = authorOf(request);
      const { listings, totalItems } = await queryOwnListings(deps.db, { marketplaceId, userId: actor.userId, states: q.params.states, page: q.page, perPage: q.perPage });
      const presenter = listingPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, 'author');
      const meta = paginationMeta({ page: q.page, perPage: q.perPage, totalItems });
      return sendDocument(request, reply, await listingDocument(presenter, listings, q, { meta }));
    });

    app.post('/own_listings/create', { schema: { body: CreateOwnListingBody } }, (request, reply) =>
      command(request, reply, (trx, a) => createOwnListing(trx, { ...a, draft: false, fields: request.body })),
    );
    app.post('/own_listings/create_draft', { schema: { body: CreateOwnListingBody } }, (request, reply) =>
      command(request, reply, (trx, a) => createOwnListing(trx, { ...a, draft: true, fields: request.body })),
    );
    app.post('/own_listings/update', { schema: { body: UpdateOwnListingBody } }, (request, reply) =>
      command(request, reply, (trx, a) => {
        const { id, ...fields } = request.body;
        return updateListing(trx, { ...a, id, fields });
      }),
    );
    app.post('/own_listings/publish_draft', { schema: { body: ListingIdBody } }, (request, reply) =>
      command(request, reply, (trx, a) => publishDraft(trx, { ...a, id: request.body.id })),
    );
    app.post('/own_listings/discard_draft', { schema: { body: ListingIdBody } }, (request, reply) =>
      command(request, reply, (trx, a) => discardDraft(trx, { ...a, id: request.body.id })),
    );
    app.post('/own_listings/open', { schema: { body: ListingIdBody } }, (request, reply) =>
      command(request, reply, (trx, a) => openListing(trx, { ...a, id: request.body.id })),
    );
    app.post('/own_listings/close', { schema: { body: ListingIdBody } }, (request, reply) =>
      command(request, reply, (trx, a) => closeListing(trx, { ...a, id: request.body.id })),
    );
    app.post('/own_listings/add_image', { schema: { body: AddListingImageBody } }, (request, reply) =>
      command(request, reply, (trx, a) => addListingImage(trx, { ...a, id: request.body.id, imageId: request.body.imageId })),
    );
  };
