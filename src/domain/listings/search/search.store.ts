/**
 * The listing search statement. One statement, two independent sub-plans:
 *
 * - `page`: the filtered rows in order, `LIMIT perPage OFFSET …` — with the default order it walks
 *   `listings_published_created_idx` and stops after one page; keywords use the GIN index on
 *   `search_vector`, bounds the GiST index on `point(lng, lat)`.
 * - `total`: `count(*)` over the same filters with `LIMIT cap + 1` inside, so counting reads at most
 *   10 001 index entries however large the marketplace (a `count(*) over ()` window would force
 *   the page sub-plan to read every match before the limit, defeating the ordered index scan).
 *
 * `total LEFT JOIN page` keeps the count when the page is empty (page beyond the end). Sort values
 * are selected as `s0…sN` and the outer query orders by them again, so the result order never
 * depends on how the join emits rows.
 */
import { sql, type Expression, type RawBuilder, type Selectable, type SqlBool } from 'kysely';
import type { Executor } from '../../../store/db.ts';
import type { ListingsTable } from '../../../store/tables/listings.ts';
import type { Listing } from '../listing.ts';
import { toListing } from '../listings.store.ts';
import type { GeoPoint } from './listing-search.ts';

/** One ORDER BY term: an expression, a direction, and where NULLs go. */
export interface OrderTerm {
  value: Expression<unknown>;
  direction: 'asc' | 'desc';
  /**
   * Nullable terms put NULLs last in both directions. Non-null ones (created_at, rank) get a bare
   * direction, so `created_at desc` matches the `(marketplace_id, created_at desc)` index exactly.
   */
  nullable: boolean;
}

/** The compiled search: conditions over `listings l`, then order. */
export interface SearchPlan {
  conditions: Expression<SqlBool>[];
  order: OrderTerm[];
  limit: number;
  offset: number;
  /** Counting stops after this many rows. */
  countCap: number;
}

/** A listings row (the statement selects every column but the vector) plus the capped count. */
type SearchRow = { total: number } & (Selectable<ListingsTable> | NullRow);
/** What `total LEFT JOIN page` yields when the page is empty. */
interface NullRow {
  id: null;
}

const LISTING_COLUMNS = sql`l.id, l.marketplace_id, l.author_id, l.state, l.deleted, l.title, l.description,
  l.lat, l.lng, l.price_amount, l.price_currency, l.availability_plan, l.public_data, l.private_data,
  l.metadata, l.image_ids, l.created_at, l.updated_at, '' as search_vector`; // the vector itself is never needed: an empty stand-in keeps the rows small

const dir = (t: OrderTerm): RawBuilder<unknown> =>
  t.nullable ? (t.direction === 'asc' ? sql`asc nulls last` : sql`desc nulls last`) : t.direction === 'asc' ? sql`asc` : sql`desc`;

const hasId = (r: SearchRow): r is { total: number } & Selectable<ListingsTable> => r.id !== null;

const statement = (plan: SearchPlan, columns: RawBuilder<unknown>): RawBuilder<SearchRow> => {
  const where = plan.conditions.length > 0 ? sql.join(plan.conditions, sql` and `) : sql`true`;
  const sortColumns = plan.order.map((t, i) => sql`, ${t.value} as ${sql.ref(`s${i}`)}`);
  const innerOrder = plan.order.map((t) => sql`${t.value} ${dir(t)}`);
  const outerOrder = plan.order.map((t, i) => sql`${sql.ref(`page.s${i}`)} ${dir(t)}`);
  return sql<SearchRow>`
    with total as (
      select count(*) as total from (select 1 from listings l where ${where} limit ${plan.countCap + 1}) capped
    ), page as (
      select ${columns}${sql.join(sortColumns, sql``)}
      from listings l
      where ${where}
      order by ${sql.join([...innerOrder, sql`l.id asc`])}
      limit ${plan.limit} offset ${plan.offset}
    )
    select total.total, page.* from total left join page on true
    order by ${sql.join([...outerOrder, sql`page.id asc`])}`;
};

/** Runs the search statement: one page of listings plus the capped count. */
export async function selectListingPage(
  db: Executor,
  plan: SearchPlan,
): Promise<{ listings: Listing[]; total: number }> {
  const { rows } = await statement(plan, LISTING_COLUMNS).execute(db);
  return { listings: rows.filter(hasId).map(toListing), total: Number(rows[0]?.total ?? 0) };
}

/** `EXPLAIN (FORMAT JSON)` of the same statement (tests and the bench check the plan). */
export async function explainListingPage(db: Executor, plan: SearchPlan): Promise<unknown> {
  const { rows } = await sql<{ 'QUERY PLAN': unknown }>`explain (format json) ${statement(plan, LISTING_COLUMNS)}`.execute(db);
  return rows[0]?.['QUERY PLAN'];
}

/** Ids of the most recent published, not deleted listings (sitemap), newest first. */
export async function selectRecentPublishedIds(db: Executor, marketplaceId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('listings')
    .select('id')
    .where('marketplace_id', '=', marketplaceId)
    .where('state', '=', 'published')
    .where('deleted', '=', false)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Great-circle distance in metres from `origin` to the listing (haversine, R = 6 371 008.8 m). */
export const distanceFrom = (origin: GeoPoint): RawBuilder<number> =>
  sql<number>`(2 * 6371008.8 * asin(sqrt(
    power(sin(radians(l.lat - ${origin.lat}::float8) / 2), 2)
    + cos(radians(${origin.lat}::float8)) * cos(radians(l.lat)) * power(sin(radians(l.lng - ${origin.lng}::float8) / 2), 2))))`;
