/**
 * What a listing write feeds the keyword vector (search/search-language.ts `listingSearchVector`):
 * title, description and the values of `text` search-schema fields of public data and metadata.
 * PROVISIONAL: `textSearchFields` reads the marketplace's `listingSearchSchemas` setting, as the
 * search module's provisional filter compiler does, until src/domain/search-schemas lands; then it
 * asks that module for the marketplace's listing `text` schemas instead.
 */
import type { RawBuilder } from 'kysely';
import { listingSearchVector, searchLanguageOf } from './search/search-language.ts';
import type { ExtendedData, JsonValue, Listing } from './listing.ts';

/** A `text` search-schema field of listings: its scope and top-level key. */
export interface TextSearchField {
  scope: 'public' | 'metadata';
  key: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The marketplace's listing `text` search-schema fields. */
export function textSearchFields(settings: Record<string, unknown>): TextSearchField[] {
  const list = settings.listingSearchSchemas;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown): TextSearchField[] => {
    if (!isRecord(item) || item.type !== 'text' || typeof item.key !== 'string') return [];
    return item.scope === 'public' || item.scope === 'metadata' ? [{ scope: item.scope, key: item.key }] : [];
  });
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

/** The keyword vector SQL of a listing in a marketplace with these settings. */
export function searchVectorFor(listing: Listing, settings: Record<string, unknown>): RawBuilder<string> {
  return listingSearchVector(searchLanguageOf(settings), {
    title: listing.title,
    description: listing.description,
    schemaTexts: listingSchemaTexts(listing, textSearchFields(settings)),
  });
}
