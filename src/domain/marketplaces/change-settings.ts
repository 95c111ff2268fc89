import { notFound } from '../errors.ts';
import type { Executor, Trx } from '../../store/db.ts';
import type { Marketplace, MarketplaceSettings } from './marketplace.ts';
import { findMarketplaceBySlug, updateMarketplaceSettings } from './marketplaces.store.ts';

/** The marketplace with this slug (operator commands name marketplaces by slug). Throws not-found. */
export async function marketplaceBySlug(db: Executor, slug: string): Promise<Marketplace> {
  const marketplace = await findMarketplaceBySlug(db, slug);
  if (!marketplace) throw notFound(`No marketplace "${slug}".`);
  return marketplace;
}

/**
 * Changes a marketplace's settings (one JSON document shared by access control, emails, …): reads
 * them under the row lock, applies `change` and writes the result, so two operators changing
 * different settings at once never undo each other. Returns the marketplace as stored. Throws
 * not-found.
 */
export async function changeMarketplaceSettings(
  trx: Trx,
  slug: string,
  change: (current: MarketplaceSettings) => MarketplaceSettings,
): Promise<Marketplace> {
  const marketplace = await findMarketplaceBySlug(trx, slug, { forUpdate: true });
  if (!marketplace) throw notFound(`No marketplace "${slug}".`);
  const updated = await updateMarketplaceSettings(trx, marketplace.id, change(marketplace.settings));
  if (!updated) throw notFound(`No marketplace "${slug}".`);
  return updated;
}
