/**
 * `transactions/*` on the Integration API (catalogue §4.4 I15–I19): operators read every
 * transaction (all line items), run operator transitions (a trusted context: privileged actions
 * allowed; no initiation) and update metadata (`transaction/updated`).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SurfaceDeps } from '../../app.ts';
import { queryTransactions, showTransaction, type Transaction } from '../../domain/transactions/index.ts';
import { transitionTransaction, updateTransactionMetadata, paymentPhaseOf } from '../../process-engine/index.ts';
import { p, paginationMeta, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { operatorOf, principalOf } from '../plugins/authenticate.ts';
import { rawQueryOf } from '../resources/listing.schemas.ts';
import { transactionDocument, transactionPresenterFor, type TransactionPresenter } from '../resources/transaction.presenter.ts';
import { checkInclude } from '../resources/include-check.ts';
import {
  QueryTransactionsQuery,
  TransitionTransactionBody,
  UpdateTransactionMetadataBody,
  transactionFiltersOf,
} from '../resources/transaction.schemas.ts';

const ShowTransactionQuery = { id: p.uuid({ required: true }) };

export const integrationTransactionsRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const runner = { db: deps.db, clock: deps.clock, payments: paymentPhaseOf(deps.db, deps.payments) };
    const presenterFor = (marketplaceId: string, q: Parameters<typeof transactionPresenterFor>[3]): TransactionPresenter =>
      transactionPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, { kind: 'operator' });

    /** Answers a command with the operator's view of the transaction. */
    const respond = async (request: FastifyRequest, reply: FastifyReply, marketplaceId: string, run: (presenter: TransactionPresenter) => Promise<Transaction>) => {
      const q = parseQuery(rawQueryOf(request), {}, { expand: true });
      const presenter = presenterFor(marketplaceId, q);
      checkInclude(presenter.graph(), 'transaction', q.include); // before the transition: a bad include changes nothing
      const transaction = await run(presenter);
      return sendDocument(request, reply, await transactionDocument(presenter, transaction, q, { expand: q.expand }));
    };

    for (const [path, speculative] of [['transition', false], ['transition_speculative', true]] as const) {
      app.post(`/transactions/${path}`, { schema: { body: TransitionTransactionBody } }, (request, reply) => {
        const { marketplaceId, actor: caller } = operatorOf(request);
        const { id, transition, params = {} } = request.body;
        return respond(request, reply, marketplaceId, async (presenter) => {
          const outcome = await transitionTransaction(runner, { marketplaceId, caller, transactionId: id.toLowerCase(), transition, params }, { speculative });
          presenter.rememberRelated(outcome.transaction.id, outcome);
          return outcome.transaction;
        });
      });
    }

    app.post('/transactions/update_metadata', { schema: { body: UpdateTransactionMetadataBody } }, (request, reply) => {
      const { marketplaceId, actor: caller } = operatorOf(request);
      const { id, metadata } = request.body;
      return respond(request, reply, marketplaceId, () =>
        deps.db.transaction().execute((trx) =>
          updateTransactionMetadata(trx, { marketplaceId, transactionId: id.toLowerCase(), metadata, caller, now: deps.clock.now() }),
        ),
      );
    });

    app.get<{ Querystring: RawQuery }>('/transactions/query', async (request, reply) => {
      const q = parseQuery(request.query, QueryTransactionsQuery, { pagination: true, extendedData: ['prot', 'meta'] });
      const { marketplaceId } = principalOf(request);
      const v = q.params;
      const { transactions, totalItems } = await queryTransactions(deps.db, {
        marketplaceId,
        userId: v.userId?.uuid,
        customerId: v.customerId?.uuid,
        providerId: v.providerId?.uuid,
        listingId: v.listingId?.uuid,
        ...transactionFiltersOf(q),
      });
      const meta = paginationMeta({ page: q.page, perPage: q.perPage, totalItems });
      return sendDocument(request, reply, await transactionDocument(presenterFor(marketplaceId, q), transactions, q, { meta }));
    });

    app.get<{ Querystring: RawQuery }>('/transactions/show', async (request, reply) => {
      const q = parseQuery(request.query, ShowTransactionQuery);
      const { marketplaceId } = principalOf(request);
      const { transaction } = await showTransaction(deps.db, { marketplaceId, reader: { kind: 'operator' }, id: q.params.id.uuid });
      return sendDocument(request, reply, await transactionDocument(presenterFor(marketplaceId, q), transaction, q));
    });
  };
