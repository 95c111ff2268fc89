import { sql, type Expression, type SqlBool } from 'kysely';
import { badRequest, notFound } from '../../errors.ts';
import { findMarketplaceById } from '../../marketplaces/index.ts';
import type { Executor } from '../../../store/db.ts';
import { NO_LISTING_FILTERS, isExtendedDataSortKey, loadListingFilters, type ListingFilterCompiler } from './extended-data-filters.ts';
import {
  MAX_SEARCH_IDS,
  MAX_SORT_KEYS,
  SEARCH_ROW_CAP,
  SITEMAP_LISTING_LIMIT,
  type ListingSearchInput,
  type ListingSearchResult,
} from './listing-search.ts';
import { keywordQuery, searchLanguageOf } from './search-language.ts';
import { distanceFrom, explainListingPage, selectListingPage, selectRecentPublishedIds, type OrderTerm, type SearchPlan } from './search.store.ts';

const invalidParams = (message: string): Error => badRequest('validation-invalid-params', message);

const boundsConditions = (b: NonNullable<ListingSearchInput['bounds']>): Expression<SqlBool> => {
  // `point(lng, lat) <@ box` is what the GiST index on point(lng, lat) answers; `lat is not null`
  // matches the index's partial predicate. A box whose east edge is west of its west edge crosses
  // the antimeridian: split it into two boxes (a BitmapOr of two index scans).
  const box = (west: number, east: number) =>
    sql<SqlBool>`point(l.lng, l.lat) <@ box(point(${west}::float8, ${b.sw.lat}::float8), point(${east}::float8, ${b.ne.lat}::float8))`;
  return b.ne.lng >= b.sw.lng
    ? sql<SqlBool>`(l.lat is not null and ${box(b.sw.lng, b.ne.lng)})`
    : sql<SqlBool>`(l.lat is not null and (${box(b.sw.lng, 180)} or ${box(-180, b.ne.lng)}))`;
};

/** Compiles the input into the statement's conditions and order (pure; throws bad-request). */
export const planListingSearch = (
  input: ListingSearchInput,
  ctx: { language: ReturnType<typeof searchLanguageOf>; filters: ListingFilterCompiler },
): SearchPlan => {
  if (input.keywords !== undefined && input.origin !== undefined) {
    throw invalidParams('keywords and origin cannot be combined.');
  }
  if (input.ids && input.ids.length > MAX_SEARCH_IDS) {
    throw badRequest('validation-invalid-value', `At most ${MAX_SEARCH_IDS} ids.`, { type: 'query', path: ['ids'] });
  }
  if (input.sort && input.sort.length > MAX_SORT_KEYS) {
    throw badRequest('validation-invalid-value', `At most ${MAX_SORT_KEYS} sort keys.`, { type: 'query', path: ['sort'] });
  }
  const c: Expression<SqlBool>[] = [sql<SqlBool>`l.marketplace_id = ${input.marketplaceId}`, sql<SqlBool>`not l.deleted`];
  // Literal states, so the planner can match the partial indexes' `state = 'published'` predicate.
  if (input.audience.kind === 'public') c.push(sql<SqlBool>`l.state = ${sql.lit('published')}`);
  else if (input.audience.states && input.audience.states.length > 0) {
    c.push(sql<SqlBool>`l.state in (${sql.join(input.audience.states.map((s) => sql.lit(s)))})`);
  }
  if (input.authorId !== undefined) c.push(sql<SqlBool>`l.author_id = ${input.authorId}`);
  if (input.ids !== undefined) c.push(sql<SqlBool>`l.id = any(${input.ids}::uuid[])`);
  if (input.createdAtStart) c.push(sql<SqlBool>`l.created_at >= ${input.createdAtStart}`);
  if (input.createdAtEnd) c.push(sql<SqlBool>`l.created_at < ${input.createdAtEnd}`);
  if (input.price) {
    c.push(sql<SqlBool>`l.price_amount is not null`);
    if (input.price.min !== null) c.push(sql<SqlBool>`l.price_amount >= ${input.price.min}`);
    if (input.price.max !== null) c.push(sql<SqlBool>`l.price_amount < ${input.price.max}`);
  }
  if (input.bounds) c.push(boundsConditions(input.bounds));
  for (const [param, raw] of Object.entries(input.extendedData ?? {})) c.push(ctx.filters.filter(param, raw));

  const order: OrderTerm[] = [];
  for (const key of input.sort ?? []) {
    const value =
      key.attribute === 'createdAt'
        ? sql`l.created_at`
        : key.attribute === 'price'
          ? sql`l.price_amount`
          : isExtendedDataSortKey(key.attribute)
            ? ctx.filters.sortValue(key.attribute)
            : undefined;
    if (value === undefined) {
      throw badRequest('validation-invalid-value', `Unknown sort key "${key.attribute}".`, { type: 'query', path: ['sort'] });
    }
    order.push({ value, direction: key.direction, nullable: key.attribute !== 'createdAt' });
  }
  const tsquery = input.keywords !== undefined ? keywordQuery(ctx.language, input.keywords) : undefined;
  if (tsquery) {
    c.push(sql<SqlBool>`l.search_vector @@ ${tsquery}`);
    // Relevance: ts_rank's default weights make title (A) outrank description (B) and text fields (C).
    order.push({ value: sql`ts_rank(l.search_vector, ${tsquery})`, direction: 'desc', nullable: false });
  } else if (input.keywords !== undefined) {
    c.push(sql<SqlBool>`false`); // only separators or nothing: no word can match
  }
  if (input.origin) order.push({ value: distanceFrom(input.origin), direction: 'asc', nullable: true });
  // Default order: newest first (what the index on (marketplace_id, created_at desc) serves).
  // Default order, and the tie-break after any other key: newest first (served by the index on
  // (marketplace_id, created_at desc)); the statement adds `id` last so pages never overlap.
  if (!(input.sort ?? []).some((k) => k.attribute === 'createdAt')) order.push({ value: sql`l.created_at`, direction: 'desc', nullable: false });

  const offset = (input.page - 1) * input.perPage;
  return {
    conditions: c,
    order,
    // Rows past the cap are not reachable: the page is cut there.
    limit: Math.max(0, Math.min(input.perPage, SEARCH_ROW_CAP - offset)),
    offset: Math.min(offset, SEARCH_ROW_CAP),
    countCap: SEARCH_ROW_CAP,
  };
};

/**
 * What the plan needs beyond the input, loaded only when the input uses it (most queries have no
 * keywords and no extended-data keys, and then cost no lookup but the search statement): the
 * marketplace's search language for keywords, its listing search schemas for `pub_` / `meta_` keys.
 */
const contextFor = async (db: Executor, input: ListingSearchInput) => {
  const needsSchemas = Object.keys(input.extendedData ?? {}).length > 0 || (input.sort ?? []).some((k) => isExtendedDataSortKey(k.attribute));
  const [marketplace, filters] = await Promise.all([
    input.keywords !== undefined ? findMarketplaceById(db, input.marketplaceId) : undefined,
    needsSchemas ? loadListingFilters(db, input.marketplaceId) : NO_LISTING_FILTERS,
  ]);
  if (input.keywords !== undefined && !marketplace) throw notFound('Marketplace not found.');
  return { language: searchLanguageOf(marketplace?.settings ?? {}), filters };
};

/**
 * One page of a marketplace's listings matching the filters, in the requested order (relevance
 * with keywords, distance with origin, newest first by default; ties by id), with the match count
 * capped at 10 000. Throws bad-request (keywords with origin, unindexed or malformed extended-data
 * filters, unknown sort keys, too many ids) and not-found (no such marketplace, checked when
 * keywords need its search language; otherwise an unknown marketplace simply has no listings).
 */
export async function searchListings(db: Executor, input: ListingSearchInput): Promise<ListingSearchResult> {
  const plan = planListingSearch(input, await contextFor(db, input));
  const { listings, total } = await selectListingPage(db, plan);
  const totalItems = Math.min(total, SEARCH_ROW_CAP);
  return {
    listings,
    totalItems,
    page: input.page,
    perPage: input.perPage,
    paginationLimit: Math.max(1, Math.ceil(SEARCH_ROW_CAP / input.perPage)),
  };
}

/** The search statement's `EXPLAIN (FORMAT JSON)` plan, for tests and benchmarks. */
export async function explainListingSearch(db: Executor, input: ListingSearchInput): Promise<unknown> {
  return explainListingPage(db, planListingSearch(input, await contextFor(db, input)));
}

/** Ids of the marketplace's 10 000 most recent published listings (sitemap, catalogue 3.9). */
export async function listSitemapListingIds(db: Executor, marketplaceId: string): Promise<string[]> {
  return selectRecentPublishedIds(db, marketplaceId, SITEMAP_LISTING_LIMIT);
}
