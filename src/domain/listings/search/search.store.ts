/**
 * The listing search statement: one page of listings plus the match count capped at 10 000, in one
 * statement, in one of two shapes chosen by the plan's `scan`:
 *
 * - `ordered` (the order is one an index can serve: newest first, price, …): two independent
 *   sub-plans. `page` is the filtered rows in order, `LIMIT perPage OFFSET …` — with the default
 *   order it walks `listings_published_created_idx` and stops after one page. `total` is
 *   `count(*)` over the same filters with `LIMIT cap + 1` inside, so counting reads at most 10 001
 *   index entries however large the marketplace (a `count(*) over ()` window would force the page
 *   to read every match before the limit, defeating the ordered index scan).
 * - `once` (relevance or distance order: no index yields it, so the page has to read every match
 *   anyway): the matches' ids and sort values are collected by one scan into a materialized CTE;
 *   the count and the page both come from it, and only the page's rows are read back (by primary
 *   key) for their columns. Running the filters twice would double the cost of these, the most
 *   expensive searches (docs/performance.md, T2).
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
import type { SearchCte } from './availability-search.store.ts';

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
  /** Statement shape (see the file comment): `once` when the order needs every match anyway. */
  scan: 'ordered' | 'once';
  /** Materialized CTEs the conditions refer to (availability search), computed once per statement. */
  ctes: SearchCte[];
}

/** A listings row (the statement selects every column but the vector) plus the capped count. */
type SearchRow = { total: number } & (Selectable<ListingsTable> | NullRow);
/** What `total LEFT JOIN page` yields when the page is empty. */
interface NullRow {
  id: null;
}

const LISTING_COLUMNS = sql`l.id, l.marketplace_id, l.author_id, l.state, l.deleted, l.title, l.description,
  l.lat, l.lng, l.price_amount, l.price_currency, l.availability_plan, l.public_data, l.private_data,
  l.metadata, l.image_ids, l.stock_quantity, l.created_at, l.updated_at, '' as search_vector`; // the vector itself is never needed: an empty stand-in keeps the rows small

const dir = (t: OrderTerm): RawBuilder<unknown> =>
  t.nullable ? (t.direction === 'asc' ? sql`asc nulls last` : sql`desc nulls last`) : t.direction === 'asc' ? sql`asc` : sql`desc`;

const hasId = (r: SearchRow): r is { total: number } & Selectable<ListingsTable> => r.id !== null;

const whereOf = (plan: SearchPlan): RawBuilder<unknown> =>
  plan.conditions.length > 0 ? sql.join(plan.conditions, sql` and `) : sql`true`;

/** `name as materialized (…), ` for each of the plan's CTEs (to follow `with`). */
const ctePrelude = (plan: SearchPlan): RawBuilder<unknown> =>
  sql.join(
    plan.ctes.map((c) => sql`${sql.id(c.name)} as materialized (${c.query}), `),
    sql``,
  );

const orderedStatement = (plan: SearchPlan, columns: RawBuilder<unknown>): RawBuilder<SearchRow> => {
  const where = whereOf(plan);
  const sortColumns = plan.order.map((t, i) => sql`, ${t.value} as ${sql.ref(`s${i}`)}`);
  const innerOrder = plan.order.map((t) => sql`${t.value} ${dir(t)}`);
  const outerOrder = plan.order.map((t, i) => sql`${sql.ref(`page.s${i}`)} ${dir(t)}`);
  return sql<SearchRow>`
    with ${ctePrelude(plan)}total as (
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

const onceStatement = (plan: SearchPlan, columns: RawBuilder<unknown>): RawBuilder<SearchRow> => {
  const where = whereOf(plan);
  const sortColumns = plan.order.map((t, i) => sql`, ${t.value} as ${sql.ref(`s${i}`)}`);
  const pageColumns = plan.order.map((_, i) => sql`, ${sql.ref(`page.s${i}`)}`);
  const matchOrder = plan.order.map((t, i) => sql`${sql.ref(`m.s${i}`)} ${dir(t)}`);
  const outerOrder = plan.order.map((t, i) => sql`${sql.ref(`page.s${i}`)} ${dir(t)}`);
  // The count is exact here (the matches are all read anyway); the caller caps it.
  return sql<SearchRow>`
    with ${ctePrelude(plan)}matches as materialized (
      select l.id${sql.join(sortColumns, sql``)} from listings l where ${where}
    ), page as (
      select m.* from matches m
      order by ${sql.join([...matchOrder, sql`m.id asc`])}
      limit ${plan.limit} offset ${plan.offset}
    )
    select total.total, ${columns}${sql.join(pageColumns, sql``)}
    from (select count(*) as total from matches) total
    left join (page join listings l on l.id = page.id) on true
    order by ${sql.join([...outerOrder, sql`page.id asc`])}`;
};

const statement = (plan: SearchPlan, columns: RawBuilder<unknown>): RawBuilder<SearchRow> =>
  plan.scan === 'once' ? onceStatement(plan, columns) : orderedStatement(plan, columns);

/**
 * Runs `fn` with PostgreSQL's JIT compiler off for the current transaction (one is opened when the
 * executor is not one). The availability statement's estimated cost — per-row subplans over the
 * whole marketplace, most of which never run — is far above `jit_above_cost`, and compiling it
 * took ~130 ms for a statement that executes in ~20 ms (docs/performance.md). `SET LOCAL` ends with
 * the transaction; PGlite (no JIT) accepts it and ignores it.
 */
export async function withoutJit<T>(db: Executor, fn: (ex: Executor) => Promise<T>): Promise<T> {
  const run = async (trx: Executor): Promise<T> => {
    await sql`set local jit = off`.execute(trx);
    return fn(trx);
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** Runs the search statement: one page of listings plus the capped count. */
export async function selectListingPage(
  db: Executor,
  plan: SearchPlan,
): Promise<{ listings: Listing[]; total: number }> {
  const { rows } = await statement(plan, LISTING_COLUMNS).execute(db);
  return { listings: rows.filter(hasId).map(toListing), total: Number(rows[0]?.total ?? 0) };
}

/**
 * Rows `offset … offset + limit` of the search in its order, without a count: availability modes
 * that filter in code read candidates batch by batch.
 */
export async function selectListingBatch(db: Executor, plan: SearchPlan, limit: number, offset: number): Promise<Listing[]> {
  const order = plan.order.map((t) => sql`${t.value} ${dir(t)}`);
  const ctes = plan.ctes.map((c) => sql`${sql.id(c.name)} as materialized (${c.query})`);
  const withClause = ctes.length > 0 ? sql`with ${sql.join(ctes)}` : sql``;
  const { rows } = await sql<Selectable<ListingsTable>>`
    ${withClause}
    select ${LISTING_COLUMNS} from listings l
    where ${whereOf(plan)}
    order by ${sql.join([...order, sql`l.id asc`])}
    limit ${limit} offset ${offset}`.execute(db);
  return rows.map(toListing);
}

/**
 * `EXPLAIN (FORMAT JSON)` of the same statement (tests and the bench check the plan); with
 * `analyze`, the statement runs and the plan carries actual times and buffers.
 */
export async function explainListingPage(db: Executor, plan: SearchPlan, opts: { analyze?: boolean } = {}): Promise<unknown> {
  const options = opts.analyze ? sql`(analyze, buffers, format json)` : sql`(format json)`;
  const { rows } = await sql<{ 'QUERY PLAN': unknown }>`explain ${options} ${statement(plan, LISTING_COLUMNS)}`.execute(db);
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
