/**
 * `password_reset/request` and `password_reset/reset` (catalogue §3.2 M15, M16): open to any
 * Marketplace API token. The token travels only by email; responses carry a `passwordReset`
 * resource with no attributes, so nothing about the account leaks to the (anonymous) caller.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SurfaceDeps } from '../../app.ts';
import { requestPasswordReset, resetPassword, type UserActor } from '../../domain/users/index.ts';
import { newId } from '../../lib/ids.ts';
import { Uuid } from '../../lib/values.ts';
import { buildDocument, parseQuery, sendDocument } from '../wire/index.ts';
import { principalOf } from '../plugins/authenticate.ts';
import { rawQueryOf } from '../resources/listing.schemas.ts';
import { PasswordResetBody, PasswordResetRequestBody } from '../resources/user.schemas.ts';
import { deliverEmails } from './account-mail.ts';

/** Parses the query (no includes: the answer is no stored resource); call before the command. */
const parsePasswordResetQuery = (request: FastifyRequest): void => {
  parseQuery(rawQueryOf(request), {}, { expand: true, resource: false });
};

const passwordResetDocument = (request: FastifyRequest, reply: FastifyReply) => {
  return buildDocument({ data: { id: new Uuid(newId()), type: 'passwordReset', attributes: {} } }).then((doc) => sendDocument(request, reply, doc));
};

export const passwordResetRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post('/password_reset/request', { schema: { body: PasswordResetRequestBody } }, async (request, reply) => {
      parsePasswordResetQuery(request);
      const { marketplaceId } = principalOf(request);
      const emails = await deps.db.transaction().execute((trx) => requestPasswordReset(trx, { marketplaceId, email: request.body.email, now: deps.clock.now() }));
      await deliverEmails(deps, request, emails);
      return passwordResetDocument(request, reply);
    });

    app.post('/password_reset/reset', { schema: { body: PasswordResetBody } }, async (request, reply) => {
      parsePasswordResetQuery(request);
      const { marketplaceId, clientId } = principalOf(request);
      const actor: UserActor = { kind: 'anonymous', clientId, requestId: request.id };
      const { emails } = await deps.db.transaction().execute((trx) => resetPassword(trx, { marketplaceId, actor, ...request.body, now: deps.clock.now() }));
      await deliverEmails(deps, request, emails);
      return passwordResetDocument(request, reply);
    });
  };
