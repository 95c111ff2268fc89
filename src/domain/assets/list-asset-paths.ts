import type { Executor } from '../../store/db.ts';
import { LATEST_ALIAS } from './asset.ts';
import { findVersion, selectAssetPaths } from './assets.store.ts';

/**
 * Paths of the marketplace's `latest` asset version under `pathPrefix` (all when empty), for
 * `sitemap_data/query_assets`. No version yet → no paths. Throws nothing.
 */
export async function listAssetPaths(db: Executor, marketplaceId: string, pathPrefix = ''): Promise<string[]> {
  const version = await findVersion(db, marketplaceId, { alias: LATEST_ALIAS });
  return version ? selectAssetPaths(db, version.id, pathPrefix) : [];
}
