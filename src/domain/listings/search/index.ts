/** Listing search: the public surface of `listings/search`. */
export type {
  AvailabilityMode,
  AvailabilitySearchInput,
  GeoPoint,
  ListingSearchInput,
  ListingSearchResult,
  ListingSortKey,
  SearchAudience,
  StockMode,
} from './listing-search.ts';
export { AVAILABILITY_MODES, MAX_SEARCH_IDS, SEARCH_ROW_CAP, SITEMAP_LISTING_LIMIT, STOCK_MODES } from './listing-search.ts';
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
