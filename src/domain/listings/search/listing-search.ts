/**
 * Listing search (catalogue 3.3 M19, 4.3 I9; domain 7.3): the query's typed input, its result, and
 * the limits that shape it. Availability search (`start`, `end`, `seats`, `availability`,
 * `minDuration`, `minStock`, `stockMode`, domain 4.6) is a later issue: the routes do not accept
 * those parameters yet (400), and `ListingSearchInput` grows an `availability` member then.
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
}
