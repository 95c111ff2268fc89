/**
 * Admin API transaction processes (`/v1/admin/processes…`), behind `bazaar process push|list|pull|
 * create-alias|update-alias|delete-alias` (the hosted platform CLI's commands): push a process
 * directory's content as a new version (validated; unchanged content creates none), list processes
 * or one process's versions, pull a version's files, and manage `NAME/ALIAS` → version aliases.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { badRequest, notFound } from '../../domain/errors.ts';
import { findMarketplaceBySlug } from '../../domain/marketplaces/index.ts';
import type { ProcessAlias } from '../../domain/processes/index.ts';
import {
  createProcessAlias,
  deleteProcessAlias,
  listProcesses,
  listProcessVersions,
  pullProcessVersion,
  pushProcess,
  updateProcessAlias,
} from '../../process-engine/registry/index.ts';
import type { Executor } from '../../store/db.ts';
import type { SurfaceDeps } from '../../app.ts';
import { Data, Slug } from './schemas.ts';
import {
  Name,
  ProcessAliasView,
  ProcessSummaryView,
  ProcessVersionView,
  PulledProcessView,
  PushedProcessView,
  TemplateFilesSchema,
  Version,
} from './processes.views.ts';

/** Processes carry every template of a process: larger than the API's default body limit. */
const PROCESS_BODY_LIMIT = 16 * 1024 * 1024;

const ListQuery = Type.Object({ marketplace: Slug }, { additionalProperties: false });
const VersionsQuery = Type.Object(
  { marketplace: Slug, process: Name },
  { additionalProperties: false },
);
const PullQuery = Type.Object(
  { marketplace: Slug, process: Name, version: Type.Optional(Version), alias: Type.Optional(Name) },
  { additionalProperties: false },
);
const PushBody = Type.Object(
  {
    marketplace: Slug,
    process: Name,
    definition: Type.String(),
    templates: Type.Optional(Type.Record(Type.String(), TemplateFilesSchema)),
  },
  { additionalProperties: false },
);
const AliasBody = Type.Object(
  { marketplace: Slug, process: Name, version: Version, alias: Name },
  { additionalProperties: false },
);
const DeleteAliasBody = Type.Object(
  { marketplace: Slug, process: Name, alias: Name },
  { additionalProperties: false },
);

const presentAlias = (a: ProcessAlias): Static<typeof ProcessAliasView> => ({
  name: a.name,
  alias: a.alias,
  version: a.version,
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});

/** The marketplace's id by slug; throws not-found. */
async function marketplaceIdOf(db: Executor, slug: string): Promise<string> {
  const marketplace = await findMarketplaceBySlug(db, slug);
  if (!marketplace) throw notFound(`No marketplace "${slug}".`);
  return marketplace.id;
}

export const processesRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/processes',
      {
        schema: { querystring: ListQuery, response: { 200: Data(Type.Array(ProcessSummaryView)) } },
      },
      async (request) => {
        const marketplaceId = await marketplaceIdOf(deps.db, request.query.marketplace);
        const processes = await listProcesses(deps.db, { marketplaceId });
        return {
          data: processes.map((p) => ({
            name: p.name,
            latestVersion: p.latestVersion,
            latestCreatedAt: p.latestCreatedAt.toISOString(),
            aliases: p.aliases.map(presentAlias),
          })),
        };
      },
    );

    app.get(
      '/processes/versions',
      {
        schema: {
          querystring: VersionsQuery,
          response: { 200: Data(Type.Array(ProcessVersionView)) },
        },
      },
      async (request) => {
        const marketplaceId = await marketplaceIdOf(deps.db, request.query.marketplace);
        const versions = await listProcessVersions(deps.db, {
          marketplaceId,
          name: request.query.process,
        });
        return {
          data: versions.map((v) => ({
            ...v,
            aliases: [...v.aliases],
            createdAt: v.createdAt.toISOString(),
          })),
        };
      },
    );

    app.post(
      '/processes/push',
      {
        bodyLimit: PROCESS_BODY_LIMIT,
        schema: {
          body: PushBody,
          response: { 200: Data(PushedProcessView), 201: Data(PushedProcessView) },
        },
      },
      async (request, reply) => {
        const { marketplace, process, definition, templates } = request.body;
        const marketplaceId = await marketplaceIdOf(deps.db, marketplace);
        const pushed = await pushProcess(deps.db, {
          marketplaceId,
          name: process,
          source: definition,
          templates: templates ?? {},
          now: deps.clock.now(),
        });
        const data = {
          name: process,
          version: pushed.version,
          created: pushed.created,
          warnings: [...pushed.warnings],
        };
        return reply.status(pushed.created ? 201 : 200).send({ data });
      },
    );

    app.get(
      '/processes/pull',
      { schema: { querystring: PullQuery, response: { 200: Data(PulledProcessView) } } },
      async (request) => {
        const { marketplace, process, version, alias } = request.query;
        if ((version === undefined) === (alias === undefined)) {
          throw badRequest('validation-invalid-params', 'Give exactly one of version or alias.');
        }
        const marketplaceId = await marketplaceIdOf(deps.db, marketplace);
        const pulled = await pullProcessVersion(deps.db, {
          marketplaceId,
          name: process,
          ...(version === undefined ? {} : { version }),
          ...(alias === undefined ? {} : { alias }),
        });
        const v = pulled.version;
        return {
          data: {
            name: v.name,
            version: v.version,
            createdAt: v.createdAt.toISOString(),
            aliases: pulled.aliases,
            definition: v.source,
            templates: { ...v.templates },
          },
        };
      },
    );

    app.post(
      '/processes/aliases/create',
      { schema: { body: AliasBody, response: { 201: Data(ProcessAliasView) } } },
      async (request, reply) => {
        const { marketplace, process, version, alias } = request.body;
        const marketplaceId = await marketplaceIdOf(deps.db, marketplace);
        const created = await deps.db.transaction().execute((trx) =>
          createProcessAlias(trx, {
            marketplaceId,
            name: process,
            alias,
            version,
            now: deps.clock.now(),
          }),
        );
        return reply.status(201).send({ data: presentAlias(created) });
      },
    );

    app.post(
      '/processes/aliases/update',
      { schema: { body: AliasBody, response: { 200: Data(ProcessAliasView) } } },
      async (request) => {
        const { marketplace, process, version, alias } = request.body;
        const marketplaceId = await marketplaceIdOf(deps.db, marketplace);
        const updated = await deps.db.transaction().execute((trx) =>
          updateProcessAlias(trx, {
            marketplaceId,
            name: process,
            alias,
            version,
            now: deps.clock.now(),
          }),
        );
        return { data: presentAlias(updated) };
      },
    );

    app.post(
      '/processes/aliases/delete',
      { schema: { body: DeleteAliasBody, response: { 200: Data(ProcessAliasView) } } },
      async (request) => {
        const { marketplace, process, alias } = request.body;
        const marketplaceId = await marketplaceIdOf(deps.db, marketplace);
        const removed = await deps.db
          .transaction()
          .execute((trx) => deleteProcessAlias(trx, { marketplaceId, name: process, alias }));
        return { data: presentAlias(removed) };
      },
    );
  };
