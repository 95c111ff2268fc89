import { notFound } from '../errors.ts';
import { findMarketplaceBySlug } from '../marketplaces/index.ts';
import type { Trx } from '../../store/db.ts';
import { validateSchemaInput, type SearchSchema, type SearchSchemaInput } from './search-schema.ts';
import { selectSearchSchemas, upsertSearchSchema } from './search-schemas.store.ts';

export interface SetSearchSchemaInput extends SearchSchemaInput {
  marketplaceSlug: string;
  now: Date;
}

/**
 * Defines (or redefines) a search schema of a marketplace. Returns it and the definition it
 * replaced, whose index may no longer be needed: pass both to `syncSearchIndexes` after commit.
 * Throws not-found (marketplace) or bad-request (scope, key, type or default invalid).
 */
export async function setSearchSchema(
  trx: Trx,
  input: SetSearchSchemaInput,
): Promise<{ schema: SearchSchema; previous: SearchSchema | undefined }> {
  const { defaultValue, doc } = validateSchemaInput(input);
  const marketplace = await findMarketplaceBySlug(trx, input.marketplaceSlug);
  if (!marketplace) throw notFound(`No marketplace "${input.marketplaceSlug}".`);
  const previous = (await selectSearchSchemas(trx, marketplace.id, input.schemaFor)).find(
    (s) => s.scope === input.scope && s.key === input.key,
  );
  const schema = await upsertSearchSchema(
    trx,
    { marketplaceId: marketplace.id, schemaFor: input.schemaFor, scope: input.scope, key: input.key, type: input.type, defaultValue, doc },
    input.now,
  );
  return { schema, previous };
}
