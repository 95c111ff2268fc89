/**
 * Integration API `availability_exceptions/*` (catalogue §4.6 I26–I28): operators set, remove and
 * list seat exceptions of any listing. Include `listing`. Also the request shapes shared with the
 * Marketplace API routes.
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
import type { ListingActor } from '../../domain/listings/index.ts';
import { p, paginationMeta, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { principalOf } from '../plugins/authenticate.ts';
import { exceptionDocument } from '../resources/availability-exception.presenter.ts';
import { rawQueryOf } from '../resources/listing.schemas.ts';

const UUID_PATTERN =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const closed: { additionalProperties: false } = { additionalProperties: false };

/** `availability_exceptions/create`: timestamps arrive as ISO strings (transit instants decode to them). */
export const CreateExceptionBody = Type.Object(
  {
    listingId: Type.String({ pattern: UUID_PATTERN }),
    start: Type.String(),
    end: Type.String(),
    seats: Type.Number(),
  },
  closed,
);
export const ExceptionIdBody = Type.Object({ id: Type.String({ pattern: UUID_PATTERN }) }, closed);
export const QueryExceptionsQuery = {
  listingId: p.uuid({ required: true }),
  start: p.instant({ required: true }),
  end: p.instant({ required: true }),
};

const operatorOf = (request: FastifyRequest): { marketplaceId: string; actor: ListingActor } => {
  const { marketplaceId, clientId } = principalOf(request);
  return { marketplaceId, actor: { kind: 'operator', clientId, requestId: request.id } };
};

export const integrationAvailabilityExceptionsRoutes =
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
        const { marketplaceId, actor } = operatorOf(request);
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
          await exceptionDocument(ctx(marketplaceId), 'operator', exception, q, {
            expand: q.expand,
          }),
        );
      },
    );

    app.post(
      '/availability_exceptions/delete',
      { schema: { body: ExceptionIdBody } },
      async (request, reply) => {
        const q = parseQuery(rawQueryOf(request), {}, { expand: true });
        const { marketplaceId, actor } = operatorOf(request);
        const exception = await deps.db
          .transaction()
          .execute((trx) =>
            deleteAvailabilityException(trx, { marketplaceId, actor, id: request.body.id }),
          );
        return sendDocument(
          request,
          reply,
          await exceptionDocument(ctx(marketplaceId), 'operator', exception, q, {
            expand: q.expand,
          }),
        );
      },
    );

    app.get<{ Querystring: RawQuery }>('/availability_exceptions/query', async (request, reply) => {
      const q = parseQuery(request.query, QueryExceptionsQuery, { pagination: true });
      const { marketplaceId, actor } = operatorOf(request);
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
        await exceptionDocument(ctx(marketplaceId), 'operator', exceptions, q, { meta }),
      );
    });
  };
