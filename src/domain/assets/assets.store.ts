/** SQL of hosted assets: the only code touching `asset_versions`, `assets` and `asset_aliases`. */
import type { Executor, Trx } from '../../store/db.ts';
import type { Asset } from './asset.ts';

export async function insertVersion(
  trx: Trx,
  v: { id: string; marketplaceId: string; version: string; createdAt: Date | undefined },
): Promise<void> {
  await trx
    .insertInto('asset_versions')
    .values({ id: v.id, marketplace_id: v.marketplaceId, version: v.version, ...(v.createdAt ? { created_at: v.createdAt } : {}) })
    .execute();
}

export async function insertAssets(
  trx: Trx,
  versionId: string,
  marketplaceId: string,
  files: { path: string; json: string; etag: string }[],
): Promise<void> {
  await trx
    .insertInto('assets')
    .values(files.map((f) => ({ version_id: versionId, marketplace_id: marketplaceId, path: f.path, content: f.json, etag: f.etag })))
    .execute();
}

export async function pointAlias(trx: Trx, marketplaceId: string, alias: string, versionId: string): Promise<void> {
  await trx
    .insertInto('asset_aliases')
    .values({ marketplace_id: marketplaceId, alias, version_id: versionId })
    .onConflict((oc) =>
      oc.columns(['marketplace_id', 'alias']).doUpdateSet((eb) => ({
        version_id: eb.ref('excluded.version_id'),
        updated_at: eb.fn('now'),
      })),
    )
    .execute();
}

/** The version (id and string) an alias or a version string names, if any. */
export async function findVersion(
  db: Executor,
  marketplaceId: string,
  ref: { alias: string } | { version: string },
): Promise<{ id: string; version: string } | undefined> {
  if ('alias' in ref) {
    return db
      .selectFrom('asset_aliases')
      .innerJoin('asset_versions', 'asset_versions.id', 'asset_aliases.version_id')
      .select(['asset_versions.id', 'asset_versions.version'])
      .where('asset_aliases.marketplace_id', '=', marketplaceId)
      .where('asset_aliases.alias', '=', ref.alias)
      .executeTakeFirst();
  }
  return db
    .selectFrom('asset_versions')
    .select(['id', 'version'])
    .where('marketplace_id', '=', marketplaceId)
    .where('version', '=', ref.version)
    .executeTakeFirst();
}

export async function selectAssets(db: Executor, versionId: string, paths: string[]): Promise<Asset[]> {
  if (paths.length === 0) return [];
  const rows = await db
    .selectFrom('assets')
    .select(['path', 'content', 'etag'])
    .where('version_id', '=', versionId)
    .where('path', 'in', paths)
    .execute();
  return rows.map((r) => ({ path: r.path, content: r.content, etag: r.etag }));
}

/** Paths of a version's assets starting with `prefix` (escaped for LIKE), in path order. */
export async function selectAssetPaths(db: Executor, versionId: string, prefix: string): Promise<string[]> {
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .selectFrom('assets')
    .select('path')
    .where('version_id', '=', versionId)
    .where('path', 'like', pattern)
    .orderBy('path')
    .execute();
  return rows.map((r) => r.path);
}
