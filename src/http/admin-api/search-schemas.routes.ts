/**
 * Admin API search schemas (`/v1/admin/search-schemas`): list, set (insert or replace) and unset,
 * as the hosted platform's CLI does with `search`, `search set` and `search unset`. Setting and
 * unsetting also build or drop the backing index, after the change committed.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import {
  listSearchSchemas,
  setSearchSchema,
  syncSearchIndexes,
  unsetSearchSchema,
  type SearchSchema,
} from '../../domain/search-schemas/index.ts';
import type { SurfaceDeps } from '../../app.ts';
import { Data, Slug } from './schemas.ts';

const SchemaForType = Type.Union([Type.Literal('listing'), Type.Literal('userProfile'), Type.Literal('transaction')]);
const ScopeType = Type.Union([Type.Literal('public'), Type.Literal('protected'), Type.Literal('private'), Type.Literal('metadata')]);
const TypeType = Type.Union([Type.Literal('enum'), Type.Literal('multi-enum'), Type.Literal('boolean'), Type.Literal('long'), Type.Literal('text')]);
const DefaultType = Type.Union([Type.String(), Type.Array(Type.String()), Type.Boolean(), Type.Number()]);
const Key = Type.String({ minLength: 1, maxLength: 100 });

/** A search schema as the Admin API shows it (shared with the CLI). */
export const SearchSchemaView = Type.Object({
  marketplace: Type.String(),
  schemaFor: SchemaForType,
  scope: ScopeType,
  key: Type.String(),
  type: TypeType,
  default: Type.Union([DefaultType, Type.Null()]),
  doc: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const ListSearchSchemasQuery = Type.Object({ marketplace: Slug, schemaFor: Type.Optional(SchemaForType) }, { additionalProperties: false });

const SetSearchSchemaBody = Type.Object(
  {
    marketplace: Slug,
    schemaFor: SchemaForType,
    scope: ScopeType,
    key: Key,
    type: TypeType,
    default: Type.Optional(DefaultType),
    doc: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

const UnsetSearchSchemaBody = Type.Object(
  { marketplace: Slug, schemaFor: SchemaForType, scope: ScopeType, key: Key },
  { additionalProperties: false },
);

const present = (s: SearchSchema, marketplace: string): Static<typeof SearchSchemaView> => ({
  marketplace,
  schemaFor: s.schemaFor,
  scope: s.scope,
  key: s.key,
  type: s.type,
  default: s.defaultValue === null ? null : typeof s.defaultValue === 'object' ? [...s.defaultValue] : s.defaultValue,
  doc: s.doc,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

export const searchSchemasRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/search-schemas',
      { schema: { querystring: ListSearchSchemasQuery, response: { 200: Data(Type.Array(SearchSchemaView)) } } },
      async (request) => {
        const { marketplace, schemaFor } = request.query;
        const schemas = await listSearchSchemas(deps.db, { marketplaceSlug: marketplace, ...(schemaFor ? { schemaFor } : {}) });
        return { data: schemas.map((s) => present(s, marketplace)) };
      },
    );

    app.post(
      '/search-schemas',
      { schema: { body: SetSearchSchemaBody, response: { 200: Data(SearchSchemaView) } } },
      async (request) => {
        const { marketplace, ...input } = request.body;
        const now = deps.clock.now();
        const { schema, previous } = await deps.db
          .transaction()
          .execute((trx) => setSearchSchema(trx, { ...input, marketplaceSlug: marketplace, now }));
        await syncSearchIndexes(deps.db, previous ? [previous, schema] : [schema]);
        return { data: present(schema, marketplace) };
      },
    );

    app.post(
      '/search-schemas/unset',
      { schema: { body: UnsetSearchSchemaBody, response: { 200: Data(SearchSchemaView) } } },
      async (request) => {
        const { marketplace, ...id } = request.body;
        const removed = await deps.db.transaction().execute((trx) => unsetSearchSchema(trx, { ...id, marketplaceSlug: marketplace }));
        await syncSearchIndexes(deps.db, [removed]);
        return { data: present(removed, marketplace) };
      },
    );
  };
