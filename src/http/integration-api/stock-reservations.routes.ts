/**
 * Integration API `stock_reservations/show` (catalogue §4.6 I33): a stock reservation by id.
 * Include `listing`, `stockAdjustments`, and `transaction` (with everything below it, as
 * `transactions/show` serves it to operators).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SurfaceDeps } from '../../app.ts';
import { showStockReservation } from '../../domain/stock/index.ts';
import { buildDocument, mergeGraphs, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { operatorOf } from '../plugins/authenticate.ts';
import { StockPresenter } from '../resources/stock.presenter.ts';
import { ShowStockReservationQuery } from '../resources/stock.schemas.ts';
import { transactionPresenterFor } from '../resources/transaction.presenter.ts';

export const integrationStockReservationsRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get<{ Querystring: RawQuery }>('/stock_reservations/show', async (request, reply) => {
      const q = parseQuery(request.query, ShowStockReservationQuery);
      const { marketplaceId } = operatorOf(request);
      const reservation = await showStockReservation(deps.db, {
        marketplaceId,
        id: q.params.id.uuid,
      });
      const ctx = { db: deps.db, publicUrl: deps.config.publicUrl, marketplaceId };
      const transactions = transactionPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, { kind: 'operator' });
      const stock = new StockPresenter(ctx, 'operator', q);
      const document = await buildDocument({
        data: stock.reservation(reservation),
        type: 'stockReservation',
        include: q.include,
        fields: q.fields,
        limits: q.limits,
        graph: mergeGraphs(stock.graph(), transactions.graph(), {
          stockReservation: { transaction: transactions.relationship(() => reservation.transactionId ?? undefined) },
        }),
      });
      return sendDocument(request, reply, document);
    });
  };
