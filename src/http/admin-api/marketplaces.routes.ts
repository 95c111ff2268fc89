import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createMarketplace, listMarketplaces } from '../../domain/marketplaces/index.ts';
import type { SurfaceDeps } from '../../app.ts';
import { presentMarketplace } from './present.ts';
import { Data, MarketplaceView, Slug } from './schemas.ts';

const CreateMarketplaceBody = Type.Object(
  { slug: Slug, name: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const marketplacesRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/marketplaces',
      { schema: { response: { 200: Data(Type.Array(MarketplaceView)) } } },
      async () => ({ data: (await listMarketplaces(deps.db)).map(presentMarketplace) }),
    );

    app.post(
      '/marketplaces',
      { schema: { body: CreateMarketplaceBody, response: { 201: Data(MarketplaceView) } } },
      async (request, reply) => {
        const marketplace = await deps.db.transaction().execute((trx) => createMarketplace(trx, request.body));
        return reply.status(201).send({ data: presentMarketplace(marketplace) });
      },
    );
  };
