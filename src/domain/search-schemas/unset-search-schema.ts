import { notFound } from '../errors.ts';
import { findMarketplaceBySlug } from '../marketplaces/index.ts';
import type { Trx } from '../../store/db.ts';
import { validateSchemaIdentity, type SchemaIdentity, type SearchSchema } from './search-schema.ts';
import { deleteSearchSchema } from './search-schemas.store.ts';

/**
 * Removes a search schema of a marketplace and returns it (then `syncSearchIndexes` drops its index
 * if no marketplace uses it). Throws not-found (marketplace or schema) or bad-request.
 */
export async function unsetSearchSchema(trx: Trx, input: SchemaIdentity & { marketplaceSlug: string }): Promise<SearchSchema> {
  validateSchemaIdentity(input);
  const marketplace = await findMarketplaceBySlug(trx, input.marketplaceSlug);
  if (!marketplace) throw notFound(`No marketplace "${input.marketplaceSlug}".`);
  const removed = await deleteSearchSchema(trx, marketplace.id, input);
  if (!removed) throw notFound(`No ${input.schemaFor} search schema for ${input.scope} key "${input.key}".`);
  return removed;
}
