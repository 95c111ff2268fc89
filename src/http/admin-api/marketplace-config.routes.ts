/**
 * Admin API marketplace configuration (`/v1/admin/marketplace-config`): the access-control
 * settings behind `bazaar marketplace config` (catalogue §3.12). Show, and change some and show all.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { configureAccessSettings, showAccessSettings, type AccessSettings } from '../../domain/access/index.ts';
import type { SurfaceDeps } from '../../app.ts';
import { Data, Slug } from './schemas.ts';

/** A marketplace's access-control settings as the Admin API shows them (shared with the CLI). */
export const MarketplaceConfigView = Type.Object({
  marketplace: Type.String(),
  privateMarketplace: Type.Boolean(),
  usersNeedApproval: Type.Boolean(),
  postingNeedsPermission: Type.Boolean(),
  transactionsNeedPermission: Type.Boolean(),
  listingsNeedApproval: Type.Boolean(),
});

const ShowMarketplaceConfigQuery = Type.Object({ marketplace: Slug }, { additionalProperties: false });

const UpdateMarketplaceConfigBody = Type.Object(
  {
    marketplace: Slug,
    privateMarketplace: Type.Optional(Type.Boolean()),
    usersNeedApproval: Type.Optional(Type.Boolean()),
    postingNeedsPermission: Type.Optional(Type.Boolean()),
    transactionsNeedPermission: Type.Optional(Type.Boolean()),
    listingsNeedApproval: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const present = (marketplace: string, s: AccessSettings): Static<typeof MarketplaceConfigView> => ({ marketplace, ...s });

export const marketplaceConfigRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/marketplace-config',
      { schema: { querystring: ShowMarketplaceConfigQuery, response: { 200: Data(MarketplaceConfigView) } } },
      async (request) => {
        const { marketplace } = request.query;
        return { data: present(marketplace, await showAccessSettings(deps.db, { marketplaceSlug: marketplace })) };
      },
    );

    app.post(
      '/marketplace-config',
      { schema: { body: UpdateMarketplaceConfigBody, response: { 200: Data(MarketplaceConfigView) } } },
      async (request) => {
        const { marketplace, ...changes } = request.body;
        const settings = await deps.db.transaction().execute((trx) => configureAccessSettings(trx, { marketplaceSlug: marketplace, changes }));
        return { data: present(marketplace, settings) };
      },
    );
  };
