/**
 * `POST current_user/create_with_idp` (catalogue §2.5, §3.2 M5): signs a user up with an IdP token.
 * Anon-ok (also on private marketplaces); does not log in — the client calls `auth_with_idp` next.
 * IdP refusals are 403 here, never 401 (the SDK would refresh and retry anonymously).
 */
import { Type, type FastifyPluginAsyncTypebox, type TSchema } from '@fastify/type-provider-typebox';
import type { SurfaceDeps } from '../../app.ts';
import { createUserWithIdp } from '../../domain/access/index.ts';
import type { UserActor } from '../../domain/users/index.ts';
import { parseQuery, sendDocument } from '../wire/index.ts';
import { principalOf } from '../plugins/authenticate.ts';
import { userDocument, userPresenterFor } from '../resources/user.presenter.ts';
import { rawQueryOf } from '../resources/listing.schemas.ts';
import { deliverEmails } from './account-mail.ts';
import { checkInclude } from '../resources/include-check.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const JsonMap = Type.Record(Type.String(), Type.Unknown());

/** Shape only; the idp and users modules validate values. Unknown keys → 400. */
export const CreateUserWithIdpBody = Type.Object(
  {
    idpId: Type.String(),
    idpClientId: Type.String(),
    idpToken: Type.String(),
    email: Type.Optional(Type.String()),
    firstName: Type.Optional(Type.String()),
    lastName: Type.Optional(Type.String()),
    displayName: Type.Optional(Type.String()),
    bio: Type.Optional(Nullable(Type.String())),
    publicData: Type.Optional(JsonMap),
    protectedData: Type.Optional(JsonMap),
    privateData: Type.Optional(JsonMap),
  },
  { additionalProperties: false },
);

export const createWithIdpRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post('/current_user/create_with_idp', { schema: { body: CreateUserWithIdpBody } }, async (request, reply) => {
      const q = parseQuery(rawQueryOf(request), {}, { expand: true });
      const { marketplaceId, clientId } = principalOf(request);
      const actor: UserActor = { kind: 'anonymous', clientId, requestId: request.id };
      const presenter = userPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, 'self');
      checkInclude(presenter.graph(), presenter.type, q.include); // before the write: a bad include stores nothing
      const { user, emails } = await deps.db
        .transaction()
        .execute((trx) => createUserWithIdp(trx, deps.idp, { ...request.body, marketplaceId, actor, now: deps.clock.now() }));
      await deliverEmails(deps, request, emails);
      return sendDocument(request, reply, await userDocument(presenter, user, q, { expand: q.expand }));
    });
  };
