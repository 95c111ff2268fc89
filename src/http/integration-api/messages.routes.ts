/**
 * Integration `messages/query` (catalogue §4.6 I34): any transaction's messages, newest first, by
 * transaction and/or ids. Operators read every message but cannot send (domain §6.2).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { queryMessages } from '../../domain/messages/index.ts';
import { p, paginationMeta, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { principalOf } from '../plugins/authenticate.ts';
import { messageDocument, messagePresenterFor } from '../resources/message.presenter.ts';
import { transactionPresenterFor } from '../resources/transaction.presenter.ts';

const QueryMessagesQuery = { transactionId: p.uuid(), ids: p.uuidList() };

export const integrationMessagesRoutes =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Querystring: RawQuery }>('/messages/query', async (request, reply) => {
      const q = parseQuery(request.query, QueryMessagesQuery, { pagination: true });
      const { marketplaceId } = principalOf(request);
      const { messages, totalItems } = await queryMessages(deps.db, {
        marketplaceId,
        viewer: { kind: 'operator' },
        transactionId: q.params.transactionId?.uuid,
        ids: q.params.ids?.map((id) => id.uuid),
        page: q.page,
        perPage: q.perPage,
      });
      const transactions = transactionPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, { kind: 'operator' });
      const presenter = messagePresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, 'operator', transactions);
      const meta = paginationMeta({ page: q.page, perPage: q.perPage, totalItems });
      return sendDocument(request, reply, await messageDocument(presenter, messages, q, { meta }));
    });
  };
