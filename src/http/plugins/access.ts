/**
 * The Marketplace API's marketplace-wide read guard (catalogue §3.12): on a private marketplace
 * the read endpoints below answer 403 (`permission-denied-read`, `user-pending-approval`) unless
 * the caller is an active user allowed to read. One list, so a new read endpoint is one line here.
 */
import type { onRequestAsyncHookHandler } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { authorizeRead } from '../../domain/access/index.ts';
import { principalOf } from './authenticate.ts';

/**
 * Read endpoints closed to anonymous callers on a private marketplace (paths under the surface
 * prefix). `marketplace/show` too: only user creation and password reset stay public.
 */
export const PRIVATE_MARKETPLACE_READ_PATHS: readonly string[] = [
  '/marketplace/show',
  '/users/show',
  '/listings/query',
  '/listings/show',
  '/timeslots/query',
  '/reviews/query',
  '/reviews/show',
  '/sitemap_data/query_listings',
];

/**
 * The read guard as an onRequest hook; add it after the authenticate hook, inside the surface
 * whose `prefix` the paths are under. Other routes pass untouched.
 */
export function readAccessGuard(deps: Pick<SurfaceDeps, 'db'>, prefix: string, paths: readonly string[] = PRIVATE_MARKETPLACE_READ_PATHS): onRequestAsyncHookHandler {
  const guarded = readGuardedRoutes(prefix, paths);
  return async (request) => {
    const route = request.routeOptions.url;
    if (route === undefined || !guarded.has(route)) return;
    // The authenticate hook read the marketplace's settings with the token check (see its
    // `readGuardedRoutes` option); when it did not, authorizeRead loads them.
    await authorizeRead(deps.db, principalOf(request), request.readGuardMarketplace);
  };
}

/** The full URLs of the guarded routes under `prefix` (for the authenticate hook's option). */
export const readGuardedRoutes = (prefix: string, paths: readonly string[] = PRIVATE_MARKETPLACE_READ_PATHS): ReadonlySet<string> =>
  new Set(paths.map((path) => `${prefix}${path}`));
