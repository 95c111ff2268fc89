/**
 * `GET pub/{clientId}/a/{alias}/{path…}` and `GET pub/{clientId}/v/{version}/{path…}`: one asset, or
 * several with `?assets=rel1,rel2` (paths relative to the URL's path, percent-encoded, comma-joined;
 * the SDK's `assetsByAlias`/`assetsByVersion`). ETag + If-None-Match → 304.
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { badRequest } from '../../domain/errors.ts';
import { readAssets, type AssetSet, type AssetVersionRef } from '../../domain/assets/index.ts';
import { JSON_CONTENT_TYPE } from '../wire/index.ts';

interface AssetRoute {
  Params: { clientId: string; alias?: string; version?: string; '*'?: string };
  Querystring: Record<string, string | string[] | undefined>;
}

/** By-version content never changes; alias targets move, so caches may keep them briefly (dev: 10 s). */
const CACHE_BY_VERSION = 'public, max-age=31536000, immutable';
const CACHE_BY_ALIAS = 'public, max-age=10';

/**
 * The requested paths: the URL path alone, or each `assets` entry relative to it. With `assets`, the
 * URL path is a directory (the SDK sends it with a trailing slash, which the router strips).
 */
const requestedPaths = (urlPath: string, assets: string | string[] | undefined): { multi: boolean; paths: string[] } => {
  if (assets === undefined) return { multi: false, paths: [urlPath] };
  const prefix = urlPath === '' || urlPath.endsWith('/') ? urlPath : `${urlPath}/`;
  const list = (Array.isArray(assets) ? assets.join(',') : assets).split(',').filter((s) => s !== '');
  if (list.length === 0 || list.length > 100) {
    throw badRequest('bad-request', 'assets must list 1–100 asset paths.', { type: 'query', path: ['assets'] });
  }
  return { multi: true, paths: list.map((relative) => `${prefix}${relative}`) };
};

const etagOf = (set: AssetSet, multi: boolean): string => {
  const hash = createHash('sha256').update(`${multi ? 'multi' : 'single'}\n${set.version}\n`);
  for (const a of set.assets) hash.update(`${a.path}\n${a.etag}\n`);
  return `"${hash.digest('hex').slice(0, 32)}"`;
};

/** True when an `If-None-Match` header (a list of possibly weak tags, or `*`) matches `etag`. */
const matches = (header: string | undefined, etag: string): boolean =>
  header !== undefined &&
  header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });

const present = (set: AssetSet, multi: boolean, paths: string[]): unknown => {
  if (!multi) return { data: set.assets[0]?.content ?? null, included: [], meta: { version: set.version } };
  const byPath = new Map(set.assets.map((a) => [a.path, a]));
  const ordered = [...new Set(paths.map((p) => (p.startsWith('/') ? p : `/${p}`)))].flatMap((p) => byPath.get(p) ?? []);
  return {
    data: ordered.map((a) => ({ id: a.path, type: 'jsonAsset', attributes: { assetPath: a.path, data: a.content } })),
    included: [],
    meta: { version: set.version },
  };
};

export const assetsRoutes =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    const handler = (cacheControl: string) => async (request: FastifyRequest<AssetRoute>, reply: FastifyReply) => {
      const { clientId, alias, version } = request.params;
      const { multi, paths } = requestedPaths(request.params['*'] ?? '', request.query.assets);
      const ref: AssetVersionRef = alias !== undefined ? { alias } : { version: version ?? '' };
      const set = await readAssets(deps.db, { clientId, paths, ...ref });
      const etag = etagOf(set, multi);
      reply.header('etag', etag).header('cache-control', cacheControl);
      if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();
      return reply.type(JSON_CONTENT_TYPE).send(JSON.stringify(present(set, multi, paths)));
    };
    app.get<AssetRoute>('/pub/:clientId/a/:alias/*', handler(CACHE_BY_ALIAS));
    app.get<AssetRoute>('/pub/:clientId/v/:version/*', handler(CACHE_BY_VERSION));
    // `assetsByAlias` with no common prefix ends the URL in `/a/latest/?assets=…`; the router drops
    // the trailing slash, so the bare forms are routes too.
    app.get<AssetRoute>('/pub/:clientId/a/:alias', handler(CACHE_BY_ALIAS));
    app.get<AssetRoute>('/pub/:clientId/v/:version', handler(CACHE_BY_VERSION));
  };
