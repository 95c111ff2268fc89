/** Listing search: the public surface of `listings/search`. */
export type {
  GeoPoint,
  ListingSearchInput,
  ListingSearchResult,
  ListingSortKey,
  SearchAudience,
} from './listing-search.ts';
export { MAX_SEARCH_IDS, SEARCH_ROW_CAP, SITEMAP_LISTING_LIMIT } from './listing-search.ts';
export {
  DEFAULT_SEARCH_LANGUAGE,
  SEARCH_LANGUAGES,
  keywordTokens,
  listingSearchVector,
  searchLanguageOf,
  type SearchLanguage,
} from './search-language.ts';
export type { ListingFilterCompiler } from './extended-data-filters.ts';
export { explainListingSearch, listSitemapListingIds, searchListings } from './search-listings.ts';
