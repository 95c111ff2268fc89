/**
 * The bench marketplace's listing search schemas: `pub_category` (enum), `pub_amenities`
 * (multi-enum) and `pub_capacity` (long), so the search scenario's filters are accepted.
 *
 * PROVISIONAL, like the listings search itself: until the search-schemas module lands, listing
 * search reads schemas from the marketplace's `listingSearchSchemas` setting (see
 * src/domain/listings/search/extended-data-filters.ts), and no per-schema index exists. When the
 * module lands, create the schemas through it here so its indexes are built before the load.
 */
import { findMarketplaceById, updateMarketplaceSettings } from '../../src/domain/marketplaces/index.ts';
import type { Db } from '../../src/store/db.ts';

export type SearchSchemaStatus = 'marketplace setting (provisional, no per-schema index)';

export const BENCH_SEARCH_SCHEMAS = [
  { scope: 'public', key: 'category', type: 'enum' },
  { scope: 'public', key: 'amenities', type: 'multi-enum' },
  { scope: 'public', key: 'capacity', type: 'long' },
] as const;

/** Makes sure the bench marketplace declares the schemas; returns how they are stored. */
export async function createBenchSearchSchemas(db: Db, marketplaceId: string): Promise<SearchSchemaStatus> {
  const marketplace = await findMarketplaceById(db, marketplaceId);
  if (!marketplace) throw new Error('bench marketplace vanished');
  const wanted = JSON.stringify(BENCH_SEARCH_SCHEMAS);
  if (JSON.stringify(marketplace.settings.listingSearchSchemas) !== wanted) {
    await updateMarketplaceSettings(db, marketplaceId, { ...marketplace.settings, listingSearchSchemas: BENCH_SEARCH_SCHEMAS.map((s) => ({ ...s })) });
  }
  return 'marketplace setting (provisional, no per-schema index)';
}
