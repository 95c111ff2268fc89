import { findMarketplaceBySlug, listApplications, listMarketplaces, type Application } from '../marketplaces/index.ts';
import { notFound } from '../errors.ts';
import type { Executor } from '../../store/db.ts';

/** An application as operators see it: with its marketplace's slug. */
export interface AppListing {
  application: Application;
  marketplaceSlug: string;
}

/** Lists client applications, optionally of one marketplace (by slug). Throws not-found for an unknown slug. */
export async function listApps(db: Executor, input: { marketplaceSlug?: string | undefined }): Promise<AppListing[]> {
  const marketplaces = await listMarketplaces(db);
  const slugById = new Map(marketplaces.map((m) => [m.id, m.slug]));
  let marketplaceId: string | undefined;
  if (input.marketplaceSlug !== undefined) {
    const marketplace = await findMarketplaceBySlug(db, input.marketplaceSlug);
    if (!marketplace) throw notFound(`No marketplace "${input.marketplaceSlug}".`);
    marketplaceId = marketplace.id;
  }
  const apps = await listApplications(db, marketplaceId);
  return apps.map((application) => ({ application, marketplaceSlug: slugById.get(application.marketplaceId) ?? '' }));
}
