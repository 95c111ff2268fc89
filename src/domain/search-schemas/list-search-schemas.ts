import { notFound } from '../errors.ts';
import { findMarketplaceBySlug } from '../marketplaces/index.ts';
import type { Executor } from '../../store/db.ts';
import type { SchemaFor, SearchSchema } from './search-schema.ts';
import { selectSearchSchemas } from './search-schemas.store.ts';

/** A marketplace's search schemas (by slug), optionally of one schemaFor. Throws not-found (marketplace). */
export async function listSearchSchemas(db: Executor, input: { marketplaceSlug: string; schemaFor?: SchemaFor }): Promise<SearchSchema[]> {
  const marketplace = await findMarketplaceBySlug(db, input.marketplaceSlug);
  if (!marketplace) throw notFound(`No marketplace "${input.marketplaceSlug}".`);
  return selectSearchSchemas(db, marketplace.id, input.schemaFor);
}

/** A marketplace's search schemas of one schemaFor, by marketplace id (what query endpoints load). */
export const searchSchemasOf = (db: Executor, marketplaceId: string, schemaFor: SchemaFor): Promise<SearchSchema[]> =>
  selectSearchSchemas(db, marketplaceId, schemaFor);
