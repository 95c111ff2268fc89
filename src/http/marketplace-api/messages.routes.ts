/**
 * `messages/send` and `messages/query` (catalogue §3.6 M42, M43): the two parties of a transaction
 * write to each other and read their transaction's messages, newest first.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { SurfaceDeps } from '../../app.ts';
import { queryMessages, sendMessage } from '../../domain/messages/index.ts';
import { p, paginationMeta, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { requireUser } from '../plugins/authenticate.ts';
import { messageDocument, messagePresenterFor } from '../resources/message.presenter.ts';
import { transactionPresenterFor } from '../resources/transaction.presenter.ts';
import { checkInclude } from '../resources/include-check.ts';
import { rawQueryOf } from '../resources/listing.schemas.ts';
import { Id } from '../resources/body-schemas.ts';


/**
 * Shape only (blank or too long content is the messages module's rule). `publicFileAttachments`
 * is accepted as the template sends it (null or empty) until files arrive.
 */
const SendMessageBody = Type.Object(
  {
    transactionId: Id,
    content: Type.String(),
    publicFileAttachments: Type.Optional(Type.Union([Type.Null(), Type.Array(Type.Object({ fileId: Type.String() }), { maxItems: 0 })])),
  },
  { additionalProperties: false },
);

const QueryMessagesQuery = { transactionId: p.uuid(), ids: p.uuidList() };

export const messagesRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post('/messages/send', { schema: { body: SendMessageBody } }, async (request, reply) => {
      const q = parseQuery(rawQueryOf(request), {}, { expand: true });
      const user = requireUser(request);
      const sender = { userId: user.userId, clientId: user.clientId, requestId: request.id };
      const { marketplaceId } = user;
      const { transactionId, content } = request.body;
      const transactions = transactionPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, { kind: 'user', userId: user.userId });
      const presenter = messagePresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, 'party', transactions);
      checkInclude(presenter.graph(), 'message', q.include); // before the write: a bad include stores nothing
      const message = await deps.db
        .transaction()
        .execute((trx) => sendMessage(trx, { marketplaceId, sender, transactionId: transactionId.toLowerCase(), content, now: deps.clock.now() }));
      return sendDocument(request, reply, await messageDocument(presenter, message, q, { expand: q.expand }));
    });

    app.get<{ Querystring: RawQuery }>('/messages/query', async (request, reply) => {
      const q = parseQuery(request.query, QueryMessagesQuery, { pagination: true });
      const { marketplaceId, userId } = requireUser(request);
      const { messages, totalItems } = await queryMessages(deps.db, {
        marketplaceId,
        viewer: { kind: 'user', userId },
        transactionId: q.params.transactionId?.uuid,
        ids: q.params.ids?.map((id) => id.uuid),
        page: q.page,
        perPage: q.perPage,
      });
      const transactions = transactionPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, { kind: 'user', userId });
      const presenter = messagePresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, 'party', transactions);
      const meta = paginationMeta({ page: q.page, perPage: q.perPage, totalItems });
      return sendDocument(request, reply, await messageDocument(presenter, messages, q, { meta }));
    });
  };
