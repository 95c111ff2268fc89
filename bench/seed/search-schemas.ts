/**
 * The bench marketplace's listing search schemas: `pub_category` (enum), `pub_amenities`
 * (multi-enum) and `pub_capacity` (long), so the search scenario's filters are accepted. They are
 * created through the search-schemas module, whose indexes are built here, before the load.
 */
import { findMarketplaceById } from '../../src/domain/marketplaces/index.ts';
import { searchSchemasOf, setSearchSchema, syncSearchIndexes, type SearchSchema } from '../../src/domain/search-schemas/index.ts';
import type { Db } from '../../src/store/db.ts';

export type SearchSchemaStatus = 'search-schemas module (per-schema indexes)';

export const BENCH_SEARCH_SCHEMAS = [
  { scope: 'public', key: 'category', type: 'enum' },
  { scope: 'public', key: 'amenities', type: 'multi-enum' },
  { scope: 'public', key: 'capacity', type: 'long' },
] as const;

/** Makes sure the bench marketplace has the schemas and their indexes; returns how they are stored. */
export async function createBenchSearchSchemas(db: Db, marketplaceId: string): Promise<SearchSchemaStatus> {
  const marketplace = await findMarketplaceById(db, marketplaceId);
  if (!marketplace) throw new Error('bench marketplace vanished');
  const existing = await searchSchemasOf(db, marketplaceId, 'listing');
  const set: SearchSchema[] = [];
  for (const s of BENCH_SEARCH_SCHEMAS) {
    const current = existing.find((e) => e.scope === s.scope && e.key === s.key);
    if (current?.type === s.type && current.defaultValue === null) {
      set.push(current);
      continue;
    }
    const { schema } = await db
      .transaction()
      .execute((trx) => setSearchSchema(trx, { marketplaceSlug: marketplace.slug, schemaFor: 'listing', now: new Date(), ...s }));
    set.push(schema);
  }
  // Idempotent: creates whichever index is missing (e.g. after a reseed dropped the table's indexes).
  await syncSearchIndexes(db, set);
  return 'search-schemas module (per-schema indexes)';
}
