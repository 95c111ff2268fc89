/**
 * Text-search configuration of a marketplace. The keyword vector (title A, description B,
 * text-schema fields C) and the query must be built with the same configuration, so both come from
 * here: writers call `listingSearchVector`, the search calls `keywordQuery`.
 */
import { sql, type RawBuilder } from 'kysely';

/** PostgreSQL 15's built-in text-search configurations (every one PGlite ships too). */
export const SEARCH_LANGUAGES = [
  'simple', 'arabic', 'danish', 'dutch', 'english', 'finnish', 'french', 'german', 'greek',
  'hungarian', 'indonesian', 'irish', 'italian', 'lithuanian', 'nepali', 'norwegian',
  'portuguese', 'romanian', 'russian', 'spanish', 'swedish', 'tamil', 'turkish',
] as const;
export type SearchLanguage = (typeof SEARCH_LANGUAGES)[number];
export const DEFAULT_SEARCH_LANGUAGE: SearchLanguage = 'english';

/** Most keyword tokens used from one query; the rest are ignored. */
export const MAX_KEYWORD_TOKENS = 32;

const isSearchLanguage = (v: unknown): v is SearchLanguage => SEARCH_LANGUAGES.some((l) => l === v);

/** The marketplace's `searchLanguage` setting, or English. */
export const searchLanguageOf = (settings: Record<string, unknown>): SearchLanguage => {
  const value = settings.searchLanguage;
  return isSearchLanguage(value) ? value : DEFAULT_SEARCH_LANGUAGE;
};

/** Keywords tokenized on non-alphanumerics (catalogue 3.3), deduplicated, lower-cased. */
export const keywordTokens = (keywords: string): string[] => [
  ...new Set(
    keywords
      .normalize('NFKC')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((t) => t !== ''),
  ),
].slice(0, MAX_KEYWORD_TOKENS);

const config = (language: SearchLanguage): RawBuilder<unknown> => sql`${language}::regconfig`;

/**
 * The weighted vector of a listing: title A, description B, text-schema values C. Listing writers
 * assign it to `search_vector` in the statement that writes the listing.
 */
export const listingSearchVector = (
  language: SearchLanguage,
  text: { title: string; description: string | null; schemaTexts: string[] },
): RawBuilder<string> =>
  sql<string>`setweight(to_tsvector(${config(language)}, ${text.title}), 'A')
    || setweight(to_tsvector(${config(language)}, ${text.description ?? ''}), 'B')
    || setweight(to_tsvector(${config(language)}, ${text.schemaTexts.join(' ')}), 'C')`;

/**
 * A tsquery matching any token (OR semantics, catalogue 3.3). Each token goes through
 * `plainto_tsquery`, which stems it and never fails on user input; tokens are OR-ed with `||`.
 * Returns undefined when there is no token.
 */
export const keywordQuery = (language: SearchLanguage, keywords: string): RawBuilder<unknown> | undefined => {
  const tokens = keywordTokens(keywords);
  if (tokens.length === 0) return undefined;
  return sql`(${sql.join(
    tokens.map((t) => sql`plainto_tsquery(${config(language)}, ${t})`),
    sql` || `,
  )})`;
};
