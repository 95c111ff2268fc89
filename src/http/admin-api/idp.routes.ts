/**
 * Admin API identity providers (`/v1/admin/idps`): list, add and remove the IdPs a marketplace
 * accepts for `auth_with_idp` and `create_with_idp` (catalogue §2.5). Facebook app secrets go in
 * and never come out.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { addIdentityProvider, listIdentityProviders, removeIdentityProvider, type IdentityProvider } from '../../domain/idp/index.ts';
import { findMarketplaceBySlug } from '../../domain/marketplaces/index.ts';
import { notFound } from '../../domain/errors.ts';
import type { Executor } from '../../store/db.ts';
import type { SurfaceDeps } from '../../app.ts';
import { Data, Slug } from './schemas.ts';

const IdpTypeSchema = Type.Union([Type.Literal('oidc'), Type.Literal('google'), Type.Literal('facebook')]);
const IdpId = Type.String({ minLength: 1, maxLength: 64 });

/** An identity provider as the Admin API shows it (shared with the CLI). */
export const IdpView = Type.Object({
  marketplace: Type.String(),
  idpId: Type.String(),
  type: IdpTypeSchema,
  issuer: Type.Union([Type.String(), Type.Null()]),
  jwksUrl: Type.Union([Type.String(), Type.Null()]),
  clientIds: Type.Array(Type.String()),
  createdAt: Type.String(),
});

export const RemovedIdpView = Type.Object({ marketplace: Type.String(), idpId: Type.String(), removed: Type.Literal(true) });

const ListIdpsQuery = Type.Object({ marketplace: Slug }, { additionalProperties: false });

const AddIdpBody = Type.Object(
  {
    marketplace: Slug,
    idpId: IdpId,
    type: IdpTypeSchema,
    issuer: Type.Optional(Type.String({ minLength: 1 })),
    jwksUrl: Type.Optional(Type.String({ minLength: 1 })),
    clientIds: Type.Array(Type.String(), { minItems: 1 }),
    appSecret: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

const RemoveIdpBody = Type.Object({ marketplace: Slug, idpId: IdpId }, { additionalProperties: false });

const present = (marketplace: string, p: IdentityProvider): Static<typeof IdpView> => ({
  marketplace,
  idpId: p.idpId,
  type: p.type,
  issuer: p.type === 'facebook' ? null : p.issuer,
  jwksUrl: p.type === 'facebook' ? null : p.jwksUrl,
  clientIds: p.clientIds,
  createdAt: p.createdAt.toISOString(),
});

/** The marketplace's id by slug; 404 when there is none. */
async function marketplaceIdOf(db: Executor, slug: string): Promise<string> {
  const marketplace = await findMarketplaceBySlug(db, slug);
  if (!marketplace) throw notFound(`No marketplace "${slug}".`);
  return marketplace.id;
}

export const idpRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/idps', { schema: { querystring: ListIdpsQuery, response: { 200: Data(Type.Array(IdpView)) } } }, async (request) => {
      const { marketplace } = request.query;
      const providers = await listIdentityProviders(deps.db, await marketplaceIdOf(deps.db, marketplace));
      return { data: providers.map((p) => present(marketplace, p)) };
    });

    app.post('/idps', { schema: { body: AddIdpBody, response: { 201: Data(IdpView) } } }, async (request, reply) => {
      const { marketplace, ...input } = request.body;
      const provider = await deps.db
        .transaction()
        .execute(async (trx) => addIdentityProvider(trx, { ...input, marketplaceId: await marketplaceIdOf(trx, marketplace) }));
      return reply.status(201).send({ data: present(marketplace, provider) });
    });

    app.post('/idps/remove', { schema: { body: RemoveIdpBody, response: { 200: Data(RemovedIdpView) } } }, async (request) => {
      const { marketplace, idpId } = request.body;
      await deps.db.transaction().execute(async (trx) => removeIdentityProvider(trx, { marketplaceId: await marketplaceIdOf(trx, marketplace), idpId }));
      const removed: Static<typeof RemovedIdpView> = { marketplace, idpId, removed: true };
      return { data: removed };
    });
  };
