/**
 * Integration API listings (catalogue §4.3): `show` (any state), `create` (own rate-limit bucket,
 * see plugins/rate-limit.ts), `update` (incl. metadata), `approve`, `open`, `close`. `listings/query`
 * lives in listings-query.routes.ts (search).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SurfaceDeps } from '../../app.ts';
import {
  approveListing,
  closeListing,
  createListingAsOperator,
  openListing,
  showListingAsOperator,
  updateListing,
  type Listing,
  type ListingActor,
} from '../../domain/listings/index.ts';
import type { Trx } from '../../store/db.ts';
import { listingApprovedEmails, type AccountEmail } from '../../domain/users/index.ts';
import { deliverEmails } from '../marketplace-api/account-mail.ts';
import { p, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { operatorOf, principalOf } from '../plugins/authenticate.ts';
import { listingDocument, listingPresenterFor } from '../resources/listing.presenter.ts';
import { checkInclude } from '../resources/include-check.ts';
import { CreateListingBody, ListingIdBody, UpdateListingBody, rawQueryOf } from '../resources/listing.schemas.ts';

const ShowListingQuery = { id: p.uuid({ required: true }) };

type Operator = { marketplaceId: string; actor: Extract<ListingActor, { kind: 'operator' }>; now: Date };

export const listingsRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    /** Runs a command in one transaction and answers with the Integration view of the listing. */
    const command = async (request: FastifyRequest, reply: FastifyReply, run: (trx: Trx, op: Operator) => Promise<Listing>) => {
      const q = parseQuery(rawQueryOf(request), {}, { expand: true });
      const op: Operator = { ...operatorOf(request), now: deps.clock.now() };
      const { marketplaceId } = op;
      const presenter = listingPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, 'operator');
      checkInclude(presenter.graph(), presenter.type, q.include); // before the write: a bad include stores nothing
      const listing = await deps.db.transaction().execute((trx) => run(trx, op));
      return sendDocument(request, reply, await listingDocument(presenter, listing, q, { expand: q.expand }));
    };

    app.get<{ Querystring: RawQuery }>('/listings/show', async (request, reply) => {
      const q = parseQuery(request.query, ShowListingQuery);
      const { marketplaceId } = principalOf(request);
      const listing = await showListingAsOperator(deps.db, { marketplaceId, id: q.params.id.uuid });
      const presenter = listingPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, 'operator');
      return sendDocument(request, reply, await listingDocument(presenter, listing, q));
    });

    app.post('/listings/create', { schema: { body: CreateListingBody } }, (request, reply) =>
      command(request, reply, (trx, op) => {
        const { authorId, state, ...fields } = request.body;
        return createListingAsOperator(trx, { ...op, authorId: authorId.toLowerCase(), state, fields });
      }),
    );
    app.post('/listings/update', { schema: { body: UpdateListingBody } }, (request, reply) =>
      command(request, reply, (trx, op) => {
        const { id, ...fields } = request.body;
        return updateListing(trx, { ...op, id, fields });
      }),
    );
    app.post('/listings/approve', { schema: { body: ListingIdBody } }, async (request, reply) => {
      // "Listing approved" goes to the author after commit (a failed delivery is only logged).
      let emails: AccountEmail[] = [];
      const answered = await command(request, reply, async (trx, op) => {
        const listing = await approveListing(trx, { ...op, id: request.body.id });
        emails = await listingApprovedEmails(trx, listing);
        return listing;
      });
      await deliverEmails(deps, request, emails);
      return answered;
    });
    app.post('/listings/open', { schema: { body: ListingIdBody } }, (request, reply) =>
      command(request, reply, (trx, op) => openListing(trx, { ...op, id: request.body.id })),
    );
    app.post('/listings/close', { schema: { body: ListingIdBody } }, (request, reply) =>
      command(request, reply, (trx, op) => closeListing(trx, { ...op, id: request.body.id })),
    );
  };
