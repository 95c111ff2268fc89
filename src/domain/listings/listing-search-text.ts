/**
 * What a listing write feeds the keyword vector (search/search-language.ts `listingSearchVector`):
 * title, description and the values of the marketplace's listing `text` search schemas (public data
 * and metadata, owned by the search-schemas module).
 */
import type { RawBuilder } from 'kysely';
import { searchSchemasOf } from '../search-schemas/index.ts';
import type { Executor } from '../../store/db.ts';
import { listingSearchVector, searchLanguageOf } from './search/search-language.ts';
import type { ExtendedData, JsonValue, Listing } from './listing.ts';

/** A `text` search-schema field of listings: its scope and top-level key. */
export interface TextSearchField {
  scope: 'public' | 'metadata';
  key: string;
}

/** The marketplace's listing `text` search-schema fields (one query). */
export async function textSearchFields(db: Executor, marketplaceId: string): Promise<TextSearchField[]> {
  const schemas = await searchSchemasOf(db, marketplaceId, 'listing');
  return schemas.flatMap(({ type, scope, key }): TextSearchField[] =>
    type === 'text' && (scope === 'public' || scope === 'metadata') ? [{ scope, key }] : [],
  );
}

const textOf = (value: JsonValue | undefined): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((item) => (typeof item === 'string' ? [item] : []));
  return [];
};

/** The string values of a listing's `text` search-schema fields. */
export function listingSchemaTexts(data: { publicData: ExtendedData; metadata: ExtendedData }, fields: readonly TextSearchField[]): string[] {
  return fields.flatMap((f) => {
    const source = f.scope === 'public' ? data.publicData : data.metadata;
    return Object.hasOwn(source, f.key) ? textOf(source[f.key]) : [];
  });
}

/** The keyword vector SQL of a listing, in the marketplace's search language and `text` fields. */
export function searchVectorFor(listing: Listing, settings: Record<string, unknown>, fields: readonly TextSearchField[]): RawBuilder<string> {
  return listingSearchVector(searchLanguageOf(settings), {
    title: listing.title,
    description: listing.description,
    schemaTexts: listingSchemaTexts(listing, fields),
  });
}
