import type { Json, Timestamp } from './marketplaces.ts';

export interface AssetVersionsTable {
  id: string;
  marketplace_id: string;
  /** Opaque version string shown to clients (meta.version). */
  version: string;
  created_at: Timestamp;
}

export interface AssetsTable {
  version_id: string;
  marketplace_id: string;
  /** Path with a leading slash, e.g. /content/translations.json. */
  path: string;
  content: Json;
  etag: string;
}

export interface AssetAliasesTable {
  marketplace_id: string;
  alias: string;
  version_id: string;
  updated_at: Timestamp;
}

export interface AssetTables {
  asset_versions: AssetVersionsTable;
  assets: AssetsTable;
  asset_aliases: AssetAliasesTable;
}
