/**
 * Listing search (catalogue 3.3 M19, 4.3 I9; domain 4.6, 5, 7.3): the query's typed input, its
 * result, and the limits that shape it.
 */
import type { Listing, ListingState } from '../listing.ts';

/** Most ids in one `ids` filter (catalogue 1.7). */
export const MAX_SEARCH_IDS = 100;
/** Most sort keys (catalogue 1.9). */
export const MAX_SORT_KEYS = 3;
/**
 * Rows a query can page through (catalogue 1.7: filtered / sorted queries are capped at 10 000
 * matching rows → `paginationLimit`). Applied to every listing query: counting stops there.
 */
export const SEARCH_ROW_CAP = 10_000;
/** What `sitemap_data/query_listings` returns at most (catalogue 3.9). */
export const SITEMAP_LISTING_LIMIT = 10_000;

/**
 * `availability` values (catalogue 3.3). `full` / `partial` are the legacy spellings of `day-full` /
 * `day-partial` (before time plans existed, every plan was a day plan).
 */
export const AVAILABILITY_MODES = ['full', 'partial', 'day-full', 'day-partial', 'time-full', 'time-partial'] as const;
export type AvailabilityMode = (typeof AVAILABILITY_MODES)[number];
export const STOCK_MODES = ['strict', 'match-undefined'] as const;
export type StockMode = (typeof STOCK_MODES)[number];

/**
 * The availability parameters as the client sent them; the search validates them together
 * (availability-filter.ts). `now` is the request's time, for the window's limits.
 */
export interface AvailabilitySearchInput {
  start?: Date;
  /** Exclusive. */
  end?: Date;
  seats?: number;
  mode?: AvailabilityMode;
  /** Days (`day-partial`) or minutes (`time-partial`). */
  minDuration?: number;
  now: Date;
}

/** A point on the map. */
export interface GeoPoint {
  lat: number;
  lng: number;
}

/** One sort key: a built-in attribute or a numeric extended-data key (`pub_x`, `meta_x`). */
export interface ListingSortKey {
  attribute: string;
  direction: 'asc' | 'desc';
}

/** Who is searching: the public (published only) or an integration (any state). */
export type SearchAudience = { kind: 'public' } | { kind: 'integration'; states?: ListingState[] };

/** What to search for. Every member is optional; absent members do not filter. */
export interface ListingSearchInput {
  marketplaceId: string;
  audience: SearchAudience;
  keywords?: string;
  /**
   * The marketplace's settings when the caller already has them (the Marketplace API reads them
   * with the token check; null: no such marketplace): keywords then need no lookup of their own
   * for the search language.
   */
  marketplace?: { settings: Record<string, unknown> } | null;
  /** Orders by great-circle distance from here; does not filter. */
  origin?: GeoPoint;
  /** Filters to the box (inclusive edges); `ne.lng < sw.lng` spans the antimeridian. */
  bounds?: { ne: GeoPoint; sw: GeoPoint };
  /** Price in minor units, `max` exclusive; currency ignored. */
  price?: { min: number | null; max: number | null };
  ids?: string[];
  authorId?: string;
  createdAtStart?: Date;
  /** Exclusive. */
  createdAtEnd?: Date;
  /** Free seats over a time window (domain 4.6); absent: no availability filter. */
  availability?: AvailabilitySearchInput;
  /** `minStock` / `stockMode` (domain 5): stock defined and ≥ min, or also undefined stock. */
  stock?: { min: number; mode: StockMode };
  /** Raw `pub_*` / `meta_*` filters keyed by parameter name (`pub_category` → `"a,b"`). */
  extendedData?: Record<string, string>;
  sort?: ListingSortKey[];
  page: number;
  perPage: number;
}

/** One page of results. */
export interface ListingSearchResult {
  listings: Listing[];
  /** Matching rows, counted up to `SEARCH_ROW_CAP`. */
  totalItems: number;
  page: number;
  perPage: number;
  /** The last page that may be requested (pages beyond it are empty). */
  paginationLimit: number;
  /**
   * True for availability modes that return one page only (`day-partial`, `time-full`,
   * `time-partial`, domain 4.6): `totalItems` is then just the page's size and not a total.
   */
  paginationUnsupported: boolean;
}
