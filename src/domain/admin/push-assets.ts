import { publishAssetVersion } from '../assets/index.ts';
import { findMarketplaceBySlug } from '../marketplaces/index.ts';
import { notFound } from '../errors.ts';
import type { Trx } from '../../store/db.ts';

/**
 * Publishes a new asset version of a marketplace (by slug) from parsed JSON files keyed by path
 * (leading slash) and moves alias `latest` to it. Throws not-found (marketplace) and what
 * publishAssetVersion throws (bad-request: no files, a bad path).
 */
export async function pushAssets(
  trx: Trx,
  input: { marketplaceSlug: string; files: Record<string, unknown> },
): Promise<{ version: string; fileCount: number }> {
  const marketplace = await findMarketplaceBySlug(trx, input.marketplaceSlug);
  if (!marketplace) throw notFound(`No marketplace "${input.marketplaceSlug}".`);
  const { version, paths } = await publishAssetVersion(trx, { marketplaceId: marketplace.id, files: input.files });
  return { version, fileCount: paths.length };
}
