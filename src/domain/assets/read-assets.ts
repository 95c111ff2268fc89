import { badRequest, notFound } from '../errors.ts';
import { authenticateClient } from '../marketplaces/index.ts';
import type { Executor } from '../../store/db.ts';
import { normalizeAssetPath, TOKEN_RE, type AssetSet } from './asset.ts';
import { findVersion, selectAssets } from './assets.store.ts';

/** Which version to read: through an alias or by its version string. */
export type AssetVersionRef = { alias: string } | { version: string };

/**
 * Reads JSON assets of the marketplace whose Marketplace API client id is `clientId`, from the
 * version an alias points at or a given version. Throws not-found (unknown or revoked client,
 * alias, version or any path) or bad-request (a malformed path, e.g. with `..`).
 */
export async function readAssets(
  db: Executor,
  input: { clientId: string; paths: string[] } & AssetVersionRef,
): Promise<AssetSet> {
  const paths = input.paths.map((raw) => {
    const path = normalizeAssetPath(raw);
    if (path === undefined) throw badRequest('bad-request', `Invalid asset path "${raw}".`, { type: 'path', path: [raw] });
    return path;
  });
  if (paths.length === 0) throw badRequest('bad-request', 'No asset paths given.');
  const ref: AssetVersionRef = 'alias' in input ? { alias: input.alias } : { version: input.version };
  const token = 'alias' in ref ? ref.alias : ref.version;
  const app = TOKEN_RE.test(token) ? await authenticateClient(db, input.clientId) : undefined;
  if (!app || app.kind !== 'marketplace') throw notFound('Asset not found.');
  const version = await findVersion(db, app.marketplaceId, ref);
  if (!version) throw notFound('Asset version not found.');
  const unique = [...new Set(paths)];
  const assets = await selectAssets(db, version.id, unique);
  const missing = unique.find((p) => !assets.some((a) => a.path === p));
  if (missing !== undefined) throw notFound(`Asset ${missing} not found.`);
  return { version: version.version, assets };
}
