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
import {
  distanceFrom,
  explainListingPage,
  selectListingBatch,
  selectListingPage,
  selectRecentPublishedIds,
  withoutJit,
  type OrderTerm,
  type SearchPlan,
} from './search.store.ts';
import { parseAvailabilityFilter, type AvailabilityFilter } from './availability-filter.ts';
import { capacityWindow, matchesAvailability } from './availability-match.ts';
import { dayBasedCondition, dayFullFilter, selectCapacityInWindow, timePlanCondition, type SearchCte } from './availability-search.store.ts';
import type { Listing } from '../listing.ts';

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
/**
 * The availability filter's SQL: all of `day-full` (it pages and counts), or for the other modes
 * only the plan kind — the rest is checked listing by listing (searchByAvailabilityScan).
 */
const availabilitySql = (marketplaceId: string, f: AvailabilityFilter): { ctes: SearchCte[]; condition: Expression<SqlBool> } =>
  f.paginated ? dayFullFilter(marketplaceId, f) : { ctes: [], condition: f.kind === 'day' ? dayBasedCondition() : timePlanCondition() };

/** The statement's plan, plus the availability filter to apply in code (non-paginated modes). */
type ListingSearchPlan = SearchPlan & { postFilter?: AvailabilityFilter };

export const planListingSearch = (
  input: ListingSearchInput,
  ctx: { language: ReturnType<typeof searchLanguageOf>; filters: ListingFilterCompiler },
): ListingSearchPlan => {
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
  if (input.stock) {
    // Catalogue 3.3: strict = stock defined and ≥ min; match-undefined also listings without stock.
    c.push(
      input.stock.mode === 'strict'
        ? sql<SqlBool>`l.stock_quantity >= ${input.stock.min}`
        : sql<SqlBool>`(l.stock_quantity is null or l.stock_quantity >= ${input.stock.min})`,
    );
  }
  const availability = input.availability ? parseAvailabilityFilter(input.availability) : undefined;
  const ctes: SearchCte[] = [];
  if (availability) {
    if (!availability.paginated && input.page > 1) {
      throw badRequest('validation-invalid-params', 'This availability mode returns a single page: pagination is not supported.', {
        type: 'query',
        path: ['page'],
      });
    }
    const part = availabilitySql(input.marketplaceId, availability);
    ctes.push(...part.ctes);
    c.push(part.condition);
  }

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
  // Default order, and the tie-break after any other key: newest first (served by the index on
  // (marketplace_id, created_at desc)); the statement adds `id` last so pages never overlap.
  if (!(input.sort ?? []).some((k) => k.attribute === 'createdAt')) order.push({ value: sql`l.created_at`, direction: 'desc', nullable: false });

  const offset = (input.page - 1) * input.perPage;
  return {
    ctes,
    ...(availability && !availability.paginated ? { postFilter: availability } : {}),
    // Relevance and distance orders need every match before the first row: count from that scan.
    scan: tsquery !== undefined || input.origin !== undefined ? 'once' : 'ordered',
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
    input.keywords === undefined ? undefined : input.marketplace !== undefined ? input.marketplace : findMarketplaceById(db, input.marketplaceId),
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
  if (plan.postFilter) {
    const listings = await searchByAvailabilityScan(db, input, plan, plan.postFilter);
    return { listings, totalItems: listings.length, page: 1, perPage: input.perPage, paginationLimit: 1, paginationUnsupported: true };
  }
  const { listings, total } = plan.ctes.length > 0 ? await withoutJit(db, (ex) => selectListingPage(ex, plan)) : await selectListingPage(db, plan);
  const totalItems = Math.min(total, SEARCH_ROW_CAP);
  return {
    listings,
    totalItems,
    page: input.page,
    perPage: input.perPage,
    paginationLimit: Math.max(1, Math.ceil(SEARCH_ROW_CAP / input.perPage)),
    paginationUnsupported: false,
  };
}

/** Candidates read per batch at first; each further batch is twice as large, up to the maximum. */
const FIRST_BATCH = 100;
const MAX_BATCH = 1_000;

/**
 * The single page of a non-paginated availability mode (`day-partial`, `time-full`,
 * `time-partial`): candidates (every other filter, the plan kind) in the search's order, batch by
 * batch, each checked against its plan, exceptions and bookings (availability-match.ts) until the
 * page is full. At most SEARCH_ROW_CAP candidates are examined, as for any search.
 */
async function searchByAvailabilityScan(db: Executor, input: ListingSearchInput, plan: SearchPlan, f: AvailabilityFilter): Promise<Listing[]> {
  const found: Listing[] = [];
  const window = capacityWindow(f);
  let offset = 0;
  for (let size = FIRST_BATCH; offset < SEARCH_ROW_CAP && found.length < input.perPage; size = Math.min(MAX_BATCH, size * 2)) {
    const batch = await selectListingBatch(db, plan, Math.min(size, SEARCH_ROW_CAP - offset), offset);
    const capacity = await selectCapacityInWindow(db, input.marketplaceId, batch.map((l) => l.id), window.from, window.to);
    for (const l of batch) {
      if (found.length >= input.perPage) break;
      if (matchesAvailability(l.availabilityPlan, capacity.exceptions.get(l.id) ?? [], capacity.bookings.get(l.id) ?? [], f)) found.push(l);
    }
    if (batch.length < size) break;
    offset += batch.length;
  }
  return found;
}

/**
 * The search statement's `EXPLAIN (FORMAT JSON)` plan, for tests and benchmarks; `analyze` runs it
 * (`EXPLAIN (ANALYZE, BUFFERS)`: actual times). Modes that filter in code explain their first batch's
 * candidate statement's shape (the page statement).
 */
export async function explainListingSearch(db: Executor, input: ListingSearchInput, opts: { analyze?: boolean } = {}): Promise<unknown> {
  const plan = planListingSearch(input, await contextFor(db, input));
  return plan.ctes.length > 0 ? withoutJit(db, (ex) => explainListingPage(ex, plan, opts)) : explainListingPage(db, plan, opts);
}

/** Ids of the marketplace's 10 000 most recent published listings (sitemap, catalogue 3.9). */
export async function listSitemapListingIds(db: Executor, marketplaceId: string): Promise<string[]> {
  return selectRecentPublishedIds(db, marketplaceId, SITEMAP_LISTING_LIMIT);
}
