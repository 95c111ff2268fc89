import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listApps, revokeApp } from '../../domain/admin/index.ts';
import { createApplication } from '../../domain/marketplaces/index.ts';
import type { SurfaceDeps } from '../../app.ts';
import { presentApp } from './present.ts';
import { AppView, CreatedAppView, Data, Slug } from './schemas.ts';

const ListAppsQuery = Type.Object({ marketplace: Type.Optional(Slug) }, { additionalProperties: false });

const CreateAppBody = Type.Object(
  {
    marketplace: Slug,
    kind: Type.Union([Type.Literal('marketplace'), Type.Literal('integration')]),
    name: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

const RevokeAppBody = Type.Object({ clientId: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export const appsRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/apps',
      { schema: { querystring: ListAppsQuery, response: { 200: Data(Type.Array(AppView)) } } },
      async (request) => ({
        data: (await listApps(deps.db, { marketplaceSlug: request.query.marketplace })).map(presentApp),
      }),
    );

    app.post(
      '/apps',
      {
        schema: {
          body: CreateAppBody,
          // The secret appears in this one response only; it is stored as a scrypt hash.
          response: { 201: Data(CreatedAppView) },
        },
      },
      async (request, reply) => {
        const { marketplace, kind, name } = request.body;
        const created = await deps.db
          .transaction()
          .execute((trx) => createApplication(trx, { marketplaceSlug: marketplace, kind, name }));
        const view = presentApp({ application: created.application, marketplaceSlug: marketplace });
        return reply.status(201).send({ data: { ...view, clientSecret: created.clientSecret } });
      },
    );

    app.post(
      '/apps/revoke',
      { schema: { body: RevokeAppBody, response: { 200: Data(AppView) } } },
      async (request) => {
        const at = deps.clock.now();
        const revoked = await deps.db.transaction().execute((trx) => revokeApp(trx, { clientId: request.body.clientId, at }));
        return { data: presentApp(revoked) };
      },
    );
  };
