/**
 * `availability_exceptions/*` (catalogue §3.4 M30–M32, §4.6 I26–I28), one definition for both APIs:
 * the listing's author on the Marketplace API (include `ownListing`), operators on the Integration
 * API (include `listing`). Commands return `{id, type}` unless `expand=true`.
 */
import type { FastifyRequest } from 'fastify';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SurfaceDeps } from '../../app.ts';
import {
  createAvailabilityException,
  deleteAvailabilityException,
  parseInstant,
  queryAvailabilityExceptions,
} from '../../domain/availability/index.ts';
import { p, paginationMeta, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import type { ListingCaller } from '../plugins/authenticate.ts';
import { exceptionDocument } from './availability-exception.presenter.ts';
import { Id, closed } from './body-schemas.ts';
import { rawQueryOf } from './listing.schemas.ts';

/** `availability_exceptions/create`: timestamps arrive as ISO strings (transit instants decode to them). */
export const CreateExceptionBody = Type.Object(
  {
    listingId: Id,
    start: Type.String(),
    end: Type.String(),
    seats: Type.Number(),
  },
  closed,
);
export const ExceptionIdBody = Type.Object({ id: Id }, closed);
export const QueryExceptionsQuery = {
  listingId: p.uuid({ required: true }),
  start: p.instant({ required: true }),
  end: p.instant({ required: true }),
};

/** Who calls on this surface, and which view of the listing they get. */
export interface ExceptionRouteOptions {
  callerOf: (request: FastifyRequest) => ListingCaller;
  viewer: 'author' | 'operator';
}

export const availabilityExceptionRoutesFor =
  (deps: SurfaceDeps, { callerOf, viewer }: ExceptionRouteOptions): FastifyPluginAsyncTypebox =>
  async (app) => {
    const ctx = (marketplaceId: string) => ({
      db: deps.db,
      publicUrl: deps.config.publicUrl,
      marketplaceId,
    });

    app.post(
      '/availability_exceptions/create',
      { schema: { body: CreateExceptionBody } },
      async (request, reply) => {
        const q = parseQuery(rawQueryOf(request), {}, { expand: true });
        const { marketplaceId, actor } = callerOf(request);
        const { listingId, seats } = request.body;
        const input = {
          marketplaceId,
          actor,
          listingId,
          seats,
          start: parseInstant(request.body.start, 'start'),
          end: parseInstant(request.body.end, 'end'),
          now: deps.clock.now(),
        };
        // Presented inside the transaction (on trx): a bad include (a 400) stores nothing.
        const doc = await deps.db.transaction().execute(async (trx) => {
          const exception = await createAvailabilityException(trx, input);
          return exceptionDocument({ ...ctx(marketplaceId), db: trx }, viewer, exception, q, { expand: q.expand });
        });
        return sendDocument(request, reply, doc);
      },
    );

    app.post(
      '/availability_exceptions/delete',
      { schema: { body: ExceptionIdBody } },
      async (request, reply) => {
        const q = parseQuery(rawQueryOf(request), {}, { expand: true });
        const { marketplaceId, actor } = callerOf(request);
        // Presented inside the transaction (on trx): a bad include (a 400) deletes nothing.
        const doc = await deps.db.transaction().execute(async (trx) => {
          const exception = await deleteAvailabilityException(trx, { marketplaceId, actor, id: request.body.id });
          return exceptionDocument({ ...ctx(marketplaceId), db: trx }, viewer, exception, q, { expand: q.expand });
        });
        return sendDocument(request, reply, doc);
      },
    );

    app.get<{ Querystring: RawQuery }>('/availability_exceptions/query', async (request, reply) => {
      const q = parseQuery(request.query, QueryExceptionsQuery, { pagination: true });
      const { marketplaceId, actor } = callerOf(request);
      const { exceptions, totalItems } = await queryAvailabilityExceptions(deps.db, {
        marketplaceId,
        actor,
        listingId: q.params.listingId.uuid,
        start: q.params.start,
        end: q.params.end,
        page: q.page,
        perPage: q.perPage,
        now: deps.clock.now(),
      });
      const meta = paginationMeta({ page: q.page, perPage: q.perPage, totalItems });
      return sendDocument(
        request,
        reply,
        await exceptionDocument(ctx(marketplaceId), viewer, exceptions, q, { meta }),
      );
    });
  };
