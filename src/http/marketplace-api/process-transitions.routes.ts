/**
 * `process_transitions/query` (catalogue §3.5 M40): the transitions available from one of the
 * caller's transactions (`transactionId`), or of a process alias — its initial transitions, or
 * those after `lastTransition`.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { queryProcessTransitions } from '../../process-engine/index.ts';
import { p, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { requireUser } from '../plugins/authenticate.ts';
import { processTransitionDocument } from '../resources/process-transition.presenter.ts';

const QueryProcessTransitionsQuery = {
  transactionId: p.uuid(),
  processAlias: p.string({ maxLength: 200 }),
  lastTransition: p.string({ maxLength: 200 }),
};

export const processTransitionsRoutes =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Querystring: RawQuery }>('/process_transitions/query', async (request, reply) => {
      const q = parseQuery(request.query, QueryProcessTransitionsQuery);
      const { marketplaceId, userId } = requireUser(request);
      const transitions = await queryProcessTransitions(deps.db, {
        marketplaceId,
        reader: { kind: 'user', userId },
        transactionId: q.params.transactionId?.uuid,
        processAlias: q.params.processAlias,
        lastTransition: q.params.lastTransition,
      });
      return sendDocument(request, reply, await processTransitionDocument(transitions, q));
    });
  };
