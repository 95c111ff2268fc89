import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { pushAssets } from '../../domain/admin/index.ts';
import type { SurfaceDeps } from '../../app.ts';
import { AssetVersionView, Data, Slug } from './schemas.ts';

/** Asset bundles are JSON files (translations, configuration); larger than the API default limit. */
const ASSETS_BODY_LIMIT = 16 * 1024 * 1024;

const PushAssetsBody = Type.Object(
  {
    marketplace: Slug,
    /** Parsed JSON content by path with a leading slash, e.g. "/content/translations.json". */
    files: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);

export const assetsRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/assets',
      {
        bodyLimit: ASSETS_BODY_LIMIT,
        schema: {
          body: PushAssetsBody,
          response: { 201: Data(AssetVersionView) },
        },
      },
      async (request, reply) => {
        const { marketplace, files } = request.body;
        const published = await deps.db.transaction().execute((trx) => pushAssets(trx, { marketplaceSlug: marketplace, files }));
        return reply.status(201).send({ data: published });
      },
    );
  };
