export type { Asset, AssetSet } from './asset.ts';
export { LATEST_ALIAS, normalizeAssetPath } from './asset.ts';
export { publishAssetVersion } from './publish-asset-version.ts';
export { readAssets, type AssetVersionRef } from './read-assets.ts';
export { listAssetPaths } from './list-asset-paths.ts';
