/**
 * `transactions/*` on the Marketplace API (catalogue §3.5 M34–M39): a user initiates and
 * transitions transactions (speculatively or not) and reads their own. Privileged transitions need
 * a trusted token (`sdk.exchangeToken()`); commands return `{id, type}` unless `expand=true`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SurfaceDeps } from '../../app.ts';
import { queryTransactions, showTransaction } from '../../domain/transactions/index.ts';
import { initiateTransaction, transitionTransaction, type TransitionOutcome, type UserCaller, paymentPhaseOf } from '../../process-engine/index.ts';
import { p, paginationMeta, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { requireUser } from '../plugins/authenticate.ts';
import { rawQueryOf } from '../resources/listing.schemas.ts';
import { transactionDocument, transactionPresenterFor } from '../resources/transaction.presenter.ts';
import { checkInclude } from '../resources/include-check.ts';
import {
  InitiateTransactionBody,
  QueryOwnTransactionsQuery,
  TransitionTransactionBody,
  transactionFiltersOf,
} from '../resources/transaction.schemas.ts';

const ShowTransactionQuery = { id: p.uuid({ required: true }) };

/** The calling user as a transition caller. */
const callerOf = (request: FastifyRequest): { marketplaceId: string; caller: UserCaller } => {
  const user = requireUser(request);
  return {
    marketplaceId: user.marketplaceId,
    caller: { kind: 'user', userId: user.userId, trusted: user.trusted, clientId: user.clientId, requestId: request.id },
  };
};

export const transactionsRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const runner = { db: deps.db, clock: deps.clock, payments: paymentPhaseOf(deps.db, deps.payments) };

    /** Answers a command with the caller's view of the transaction it left. */
    const respond = async (request: FastifyRequest, reply: FastifyReply, marketplaceId: string, userId: string, run: () => Promise<TransitionOutcome>) => {
      const q = parseQuery(rawQueryOf(request), {}, { expand: true });
      const presenter = transactionPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, { kind: 'user', userId });
      checkInclude(presenter.graph(), 'transaction', q.include); // before the transition: a bad include changes nothing
      const outcome = await run();
      presenter.rememberRelated(outcome.transaction.id, outcome);
      return sendDocument(request, reply, await transactionDocument(presenter, outcome.transaction, q, { expand: q.expand }));
    };

    for (const [path, speculative] of [['initiate', false], ['initiate_speculative', true]] as const) {
      app.post(`/transactions/${path}`, { schema: { body: InitiateTransactionBody } }, (request, reply) => {
        const { marketplaceId, caller } = callerOf(request);
        const { processAlias, transition, params = {} } = request.body;
        return respond(request, reply, marketplaceId, caller.userId, () =>
          initiateTransaction(runner, { marketplaceId, caller, processAlias, transition, params }, { speculative }),
        );
      });
    }

    for (const [path, speculative] of [['transition', false], ['transition_speculative', true]] as const) {
      app.post(`/transactions/${path}`, { schema: { body: TransitionTransactionBody } }, (request, reply) => {
        const { marketplaceId, caller } = callerOf(request);
        const { id, transition, params = {} } = request.body;
        return respond(request, reply, marketplaceId, caller.userId, () =>
          transitionTransaction(runner, { marketplaceId, caller, transactionId: id.toLowerCase(), transition, params }, { speculative }),
        );
      });
    }

    app.get<{ Querystring: RawQuery }>('/transactions/query', async (request, reply) => {
      const q = parseQuery(request.query, QueryOwnTransactionsQuery, { pagination: true, extendedData: ['prot', 'meta'] });
      const { marketplaceId, userId } = requireUser(request);
      const { transactions, totalItems } = await queryTransactions(deps.db, { marketplaceId, userId, only: q.params.only, ...transactionFiltersOf(q) });
      const presenter = transactionPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, { kind: 'user', userId });
      const meta = paginationMeta({ page: q.page, perPage: q.perPage, totalItems });
      return sendDocument(request, reply, await transactionDocument(presenter, transactions, q, { meta }));
    });

    app.get<{ Querystring: RawQuery }>('/transactions/show', async (request, reply) => {
      const q = parseQuery(request.query, ShowTransactionQuery);
      const { marketplaceId, userId } = requireUser(request);
      const { transaction } = await showTransaction(deps.db, { marketplaceId, reader: { kind: 'user', userId }, id: q.params.id.uuid });
      const presenter = transactionPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, { kind: 'user', userId });
      return sendDocument(request, reply, await transactionDocument(presenter, transaction, q));
    });
  };
