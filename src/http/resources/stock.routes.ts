/**
 * Stock routes (catalogue §3.8 M56–M58, §4.6 I30–I32), one definition for both APIs: the listing's
 * author on the Marketplace API, operators on the Integration API. `stock/compare_and_set` sets
 * the total (returns `stock`), `stock_adjustments/create` records an adjustment,
 * `stock_adjustments/query` reads the ledger. Include `ownListing`/`listing` (by viewer),
 * `….currentStock`, `stockReservation`. Commands return `{id, type}` unless `expand=true`.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SurfaceDeps } from '../../app.ts';
import type { Executor } from '../../store/db.ts';
import {
  compareAndSetStock,
  createStockAdjustment,
  queryStockAdjustments,
} from '../../domain/stock/index.ts';
import { paginationMeta, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import type { ListingCaller } from '../plugins/authenticate.ts';
import { rawQueryOf } from './listing.schemas.ts';
import { stockAdjustmentDocument, stockDocument } from './stock.presenter.ts';
import {
  CompareAndSetStockBody,
  CreateStockAdjustmentBody,
  QueryStockAdjustmentsQuery,
} from './stock.schemas.ts';

/** Who calls on this surface, and which view of the listing they get. */
export interface StockRouteOptions {
  callerOf: (request: FastifyRequest) => ListingCaller;
  viewer: 'author' | 'operator';
}

export const stockRoutesFor =
  (deps: SurfaceDeps, { callerOf, viewer }: StockRouteOptions): FastifyPluginAsyncTypebox =>
  async (app) => {
    const ctx = (db: Executor, marketplaceId: string) => ({
      db,
      publicUrl: deps.config.publicUrl,
      marketplaceId,
    });

    app.post(
      '/stock/compare_and_set',
      { schema: { body: CompareAndSetStockBody } },
      async (request, reply) => {
        const q = parseQuery(rawQueryOf(request), {}, { expand: true });
        const { marketplaceId, actor } = callerOf(request);
        const input = { marketplaceId, actor, ...request.body, now: deps.clock.now() };
        // Presented inside the transaction, so an include the resource lacks (a 400) stores nothing.
        const doc = await deps.db
          .transaction()
          .execute(async (trx) =>
            stockDocument(await compareAndSetStock(trx, input), q, { expand: q.expand }),
          );
        return sendDocument(request, reply, doc);
      },
    );

    app.post(
      '/stock_adjustments/create',
      { schema: { body: CreateStockAdjustmentBody } },
      async (request, reply) => {
        const q = parseQuery(rawQueryOf(request), {}, { expand: true });
        const { marketplaceId, actor } = callerOf(request);
        const input = { marketplaceId, actor, ...request.body, now: deps.clock.now() };
        const doc = await deps.db.transaction().execute(async (trx) => {
          // Presented inside the transaction (on trx): a bad nested include (a 400) stores nothing.
          const adjustment = await createStockAdjustment(trx, input);
          return stockAdjustmentDocument(ctx(trx, marketplaceId), viewer, adjustment, q, {
            expand: q.expand,
          });
        });
        return sendDocument(request, reply, doc);
      },
    );

    app.get<{ Querystring: RawQuery }>('/stock_adjustments/query', async (request, reply) => {
      const q = parseQuery(request.query, QueryStockAdjustmentsQuery, { pagination: true });
      const { marketplaceId, actor } = callerOf(request);
      const { listingId, start, end } = q.params;
      const { adjustments, totalItems } = await queryStockAdjustments(deps.db, {
        marketplaceId,
        actor,
        listingId: listingId.uuid,
        start,
        end,
        page: q.page,
        perPage: q.perPage,
        now: deps.clock.now(),
      });
      const meta = paginationMeta({ page: q.page, perPage: q.perPage, totalItems });
      return sendDocument(
        request,
        reply,
        await stockAdjustmentDocument(ctx(deps.db, marketplaceId), viewer, adjustments, q, {
          meta,
        }),
      );
    });
  };
