/**
 * `availability_exceptions/*` (catalogue §3.4 M30–M32): the listing author sets, removes and lists
 * seat exceptions of their own listing. Include `ownListing`. Commands return `{id, type}` unless
 * `expand=true`.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SurfaceDeps } from '../../app.ts';
import {
  createAvailabilityException,
  deleteAvailabilityException,
  parseInstant,
  queryAvailabilityExceptions,
} from '../../domain/availability/index.ts';
import type { ListingActor } from '../../domain/listings/index.ts';
import { paginationMeta, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { requireUser } from '../plugins/authenticate.ts';
import { exceptionDocument } from '../resources/availability-exception.presenter.ts';
import { rawQueryOf } from '../resources/listing.schemas.ts';
import {
  CreateExceptionBody,
  ExceptionIdBody,
  QueryExceptionsQuery,
} from '../integration-api/availability-exceptions.routes.ts';

const authorOf = (request: FastifyRequest): { marketplaceId: string; actor: ListingActor } => {
  const user = requireUser(request);
  return {
    marketplaceId: user.marketplaceId,
    actor: { kind: 'user', userId: user.userId, clientId: user.clientId, requestId: request.id },
  };
};

export const availabilityExceptionsRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
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
        const { marketplaceId, actor } = authorOf(request);
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
        const exception = await deps.db
          .transaction()
          .execute((trx) => createAvailabilityException(trx, input));
        return sendDocument(
          request,
          reply,
          await exceptionDocument(ctx(marketplaceId), 'author', exception, q, { expand: q.expand }),
        );
      },
    );

    app.post(
      '/availability_exceptions/delete',
      { schema: { body: ExceptionIdBody } },
      async (request, reply) => {
        const q = parseQuery(rawQueryOf(request), {}, { expand: true });
        const { marketplaceId, actor } = authorOf(request);
        const exception = await deps.db
          .transaction()
          .execute((trx) =>
            deleteAvailabilityException(trx, { marketplaceId, actor, id: request.body.id }),
          );
        return sendDocument(
          request,
          reply,
          await exceptionDocument(ctx(marketplaceId), 'author', exception, q, { expand: q.expand }),
        );
      },
    );

    app.get<{ Querystring: RawQuery }>('/availability_exceptions/query', async (request, reply) => {
      const q = parseQuery(request.query, QueryExceptionsQuery, { pagination: true });
      const { marketplaceId, actor } = authorOf(request);
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
        await exceptionDocument(ctx(marketplaceId), 'author', exceptions, q, { meta }),
      );
    });
  };
