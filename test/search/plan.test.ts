/**
 * The search statement's plan uses indexes: keywords → GIN on search_vector, bounds → a GiST index
 * on point(lng, lat) (the published listings' combined box + keywords + price index, or the plain
 * one), default order → the published created-at index. A few thousand listings,
 * ANALYZE, then EXPLAIN (FORMAT JSON) of the exact statement the search runs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { explainListingSearch, type ListingSearchInput } from '../../src/domain/listings/index.ts';
import { openTestDb } from '../support/db.ts';
import { createTestMarketplace } from '../support/factories.ts';
import { createTestUser } from '../support/users.ts';
import type { DbHandle } from '../../src/store/db.ts';

let handle: DbHandle;
let marketplaceId: string;
const N = 5000;
// Descriptions of realistic length, so the table has as many pages as real listings would.
const FILLER = 'Well kept, recently serviced and available most weekends. '.repeat(12);

before(async () => {
  handle = await openTestDb();
  const m = await createTestMarketplace(handle.db);
  marketplaceId = m.marketplace.id;
  const author = (await createTestUser(handle.db, marketplaceId)).user.id;
  // One statement: titles with a rare word every 97th row, points spread over the globe.
  await sql`
    insert into listings (id, marketplace_id, author_id, state, title, description, lat, lng, price_amount, price_currency, search_vector, created_at, updated_at)
    select gen_random_uuid(), ${marketplaceId}, ${author}, case when i % 10 = 0 then 'draft' else 'published' end,
      t.title, ${FILLER} || i, (i * 37 % 160) - 80 + (i % 7) / 10.0, (i * 53 % 360) - 180 + (i % 11) / 10.0,
      (i % 100) * 100, 'EUR',
      setweight(to_tsvector('english', t.title), 'A') || setweight(to_tsvector('english', ${FILLER} || i), 'B'),
      now() - i * interval '1 minute', now()
    from generate_series(1, ${N}) i
    cross join lateral (select case when i % 97 = 0 then 'zeppelin ride' else 'plain item ' || (i % 13) end as title) t`.execute(handle.db);
  // ANALYZE can deadlock with other test files creating search-schema indexes on the same table
  // (PostgreSQL server runs): retry, it is only statistics.
  for (let attempt = 1; ; attempt++) {
    try {
      await sql`analyze listings`.execute(handle.db);
      break;
    } catch (err) {
      if (attempt >= 5 || (err as { code?: string }).code !== '40P01') throw err;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
});
after(async () => handle.close());

const input = (extra: Partial<ListingSearchInput>): ListingSearchInput => ({ marketplaceId, audience: { kind: 'public' }, page: 1, perPage: 24, ...extra });

/** Every plan node, flattened. */
const nodes = (plan: unknown): Record<string, unknown>[] => {
  const out: Record<string, unknown>[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (typeof n !== 'object' || n === null) return;
    const rec = Object.fromEntries(Object.entries(n));
    if ('Node Type' in rec) out.push(rec);
    for (const v of Object.values(rec)) walk(v);
  };
  walk(plan);
  return out;
};
const uses = (plan: unknown, index: string): boolean =>
  nodes(plan).some((n) => n['Index Name'] === index && /Index/.test(String(n['Node Type'])));
/** Either GiST index over point(lng, lat). */
const usesGeo = (plan: unknown): boolean => uses(plan, 'listings_published_geo_search_idx') || uses(plan, 'listings_geo_idx');
const summary = (plan: unknown): string => nodes(plan).map((n) => `${String(n['Node Type'])}${n['Index Name'] ? `(${String(n['Index Name'])})` : ''}`).join(' > ');

test('keywords use the GIN index', async () => {
  const plan = await explainListingSearch(handle.db, input({ keywords: 'zeppelin' }));
  assert.ok(uses(plan, 'listings_search_idx'), summary(plan));
});

test('bounds use the GiST index, also across the antimeridian', async () => {
  const plan = await explainListingSearch(handle.db, input({ bounds: { ne: { lat: 10, lng: 10 }, sw: { lat: 0, lng: 0 } } }));
  assert.ok(usesGeo(plan), summary(plan));
  const across = await explainListingSearch(handle.db, input({ bounds: { ne: { lat: 10, lng: -175 }, sw: { lat: 0, lng: 175 } } }));
  assert.ok(usesGeo(across), summary(across));
});

// Origin alone orders every match by exact great-circle distance (a top-N heap sort over the
// marketplace's published rows): no index orders by haversine, and `<->` on point(lng, lat) would
// order by planar degrees, which is not distance.
test('origin with bounds uses the GiST index', async () => {
  const plan = await explainListingSearch(handle.db, input({ origin: { lat: 5, lng: 5 }, bounds: { ne: { lat: 10, lng: 10 }, sw: { lat: 0, lng: 0 } } }));
  assert.ok(usesGeo(plan), summary(plan));
});

// The search page's usual query: the box, the word and the price are all tested in one GiST index
// scan, and the matches are read once (the count comes from the same scan as the page).
test('bounds + keywords + price: one scan of the combined GiST index', async () => {
  const plan = await explainListingSearch(
    handle.db,
    input({ keywords: 'zeppelin', bounds: { ne: { lat: 80, lng: 180 }, sw: { lat: -80, lng: -180 } }, price: { min: 100, max: 5000 } }),
  );
  // Index scans other than the primary-key lookups of the page's rows: exactly one.
  const scans = nodes(plan).filter((n) => typeof n['Index Name'] === 'string' && n['Index Name'] !== 'listings_pkey');
  assert.equal(scans.length, 1, summary(plan));
  assert.ok(uses(plan, 'listings_published_geo_search_idx'), summary(plan));
});

test('the default order walks the published created-at index', async () => {
  const plan = await explainListingSearch(handle.db, input({}));
  // The page sub-plan walks the index and stops after one page. (The capped count may read the
  // heap: here this marketplace holds most of the table, where a scan of ≤ 10 001 rows is cheapest.)
  const page = nodes(plan).find((n) => n['Node Type'] === 'Limit' && nodes(n).some((c) => c['Node Type'] === 'Incremental Sort' || c['Index Name'] === 'listings_published_created_idx'));
  assert.ok(page && uses(page, 'listings_published_created_idx'), summary(plan));
});
