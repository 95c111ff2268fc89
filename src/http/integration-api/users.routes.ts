/**
 * Integration API users (catalogue §4.2): `show` (by id or email), `query`, `update_profile` (incl.
 * metadata), `approve`, `update_permissions`, `verify_email`. Every attribute is visible here.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SurfaceDeps } from '../../app.ts';
import {
  approveUser,
  queryUsers,
  showUserAsOperator,
  changeUserPermissions,
  updateUserProfile,
  verifyEmailAsOperator,
  type User,
  type UserActor,
  type UserChange,
} from '../../domain/users/index.ts';
import type { Trx } from '../../store/db.ts';
import { p, paginationMeta, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { operatorOf, principalOf } from '../plugins/authenticate.ts';
import { userDocument, userPresenterFor } from '../resources/user.presenter.ts';
import { checkInclude } from '../resources/include-check.ts';
import { rawQueryOf } from '../resources/listing.schemas.ts';
import { UpdateUserPermissionsBody, UpdateUserProfileBody, UserIdBody, VerifyUserEmailBody } from '../resources/user.schemas.ts';
import { deliverEmails } from '../marketplace-api/account-mail.ts';

const ShowUserQuery = { id: p.uuid(), email: p.string({ maxLength: 254 }) };
const QueryUsersQuery = {
  createdAtStart: p.instant(),
  createdAtEnd: p.instant(),
  sort: p.sort({ allowed: ['createdAt'], max: 1 }),
};

type Operator = { marketplaceId: string; actor: Extract<UserActor, { kind: 'operator' }>; now: Date };

export const integrationUsersRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    /** Runs a command in one transaction, mails after commit, answers with the full `user`. */
    const command = async (request: FastifyRequest, reply: FastifyReply, run: (trx: Trx, op: Operator) => Promise<User | UserChange>) => {
      const q = parseQuery(rawQueryOf(request), {}, { expand: true });
      const op: Operator = { ...operatorOf(request), now: deps.clock.now() };
      const { marketplaceId } = op;
      const presenter = userPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, 'operator');
      checkInclude(presenter.graph(), presenter.type, q.include); // before the write: a bad include stores nothing
      const result = await deps.db.transaction().execute((trx) => run(trx, op));
      const { user, emails } = 'emails' in result ? result : { user: result, emails: [] };
      await deliverEmails(deps, request, emails);
      return sendDocument(request, reply, await userDocument(presenter, user, q, { expand: q.expand }));
    };

    app.get<{ Querystring: RawQuery }>('/users/show', async (request, reply) => {
      const q = parseQuery(request.query, ShowUserQuery);
      const { marketplaceId } = principalOf(request);
      const user = await showUserAsOperator(deps.db, { marketplaceId, id: q.params.id?.uuid, email: q.params.email });
      const presenter = userPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, 'operator');
      return sendDocument(request, reply, await userDocument(presenter, user, q));
    });

    app.get<{ Querystring: RawQuery }>('/users/query', async (request, reply) => {
      const q = parseQuery(request.query, QueryUsersQuery, { pagination: true, extendedData: ['pub', 'meta', 'priv', 'prot'] });
      const { marketplaceId } = principalOf(request);
      const [sort] = q.params.sort ?? [];
      const { users, totalItems } = await queryUsers(deps.db, {
        marketplaceId,
        createdAtStart: q.params.createdAtStart,
        createdAtEnd: q.params.createdAtEnd,
        sort: sort && { attribute: 'createdAt', direction: sort.direction },
        extendedData: q.extendedData,
        page: q.page,
        perPage: q.perPage,
      });
      const presenter = userPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, 'operator');
      const meta = paginationMeta({ page: q.page, perPage: q.perPage, totalItems });
      return sendDocument(request, reply, await userDocument(presenter, users, q, { meta }));
    });

    app.post('/users/update_profile', { schema: { body: UpdateUserProfileBody } }, (request, reply) =>
      command(request, reply, (trx, op) => {
        const { id, ...fields } = request.body;
        return updateUserProfile(trx, { ...op, id, fields });
      }),
    );
    app.post('/users/approve', { schema: { body: UserIdBody } }, (request, reply) =>
      command(request, reply, (trx, op) => approveUser(trx, { ...op, id: request.body.id })),
    );
    app.post('/users/update_permissions', { schema: { body: UpdateUserPermissionsBody } }, (request, reply) =>
      command(request, reply, (trx, op) => {
        const { id, ...permissions } = request.body;
        return changeUserPermissions(trx, { ...op, id, permissions });
      }),
    );
    app.post('/users/verify_email', { schema: { body: VerifyUserEmailBody } }, (request, reply) =>
      command(request, reply, (trx, op) => verifyEmailAsOperator(trx, { ...op, ...request.body })),
    );
  };
