/** listings/query over a seeded marketplace, checked against an independent JS model. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/app.ts';
import { anonymousToken, bearer, integrationToken } from '../surfaces/tokens.ts';
import {
  haversine,
  isPublic,
  modelOrder,
  seedListings,
  words,
  type ModelListing,
  type ModelSort,
  type Seeded,
} from './seed.ts';

let server: TestServer;
let s: Seeded;
let anon: string;
let integ: string;

before(async () => {
  server = await startTestServer({ listen: false });
  s = await seedListings(server.handle.db, 300);
  anon = await anonymousToken(server, s.m);
  integ = await integrationToken(server, s.m);
});
after(async () => server.close());

interface Body {
  data: { id: string; type: string; attributes: Record<string, unknown> }[];
  meta: { totalItems: number; totalPages: number; page: number; perPage: number; paginationLimit: number };
  errors?: { code: string; status: number; source?: { path?: string[] } }[];
}

async function get(path: string, params: Record<string, string | number>, token = anon): Promise<{ status: number; body: Body }> {
  const qs = new URLSearchParams(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]))).toString();
  const res = await server.app.inject({ method: 'GET', url: `/v1/${path}?${qs}`, headers: bearer(token) });
  return { status: res.statusCode, body: res.json() };
}
const query = (params: Record<string, string | number>) => get('api/listings/query', params);
const ids = (b: Body): string[] => b.data.map((d) => d.id);

/** All pages of a query, checking the meta on the way. */
async function all(params: Record<string, string | number>, path = 'api/listings/query', token = anon): Promise<string[]> {
  const out: string[] = [];
  for (let page = 1; ; page++) {
    const { status, body } = await get(path, { ...params, perPage: 100, page }, token);
    assert.equal(status, 200, JSON.stringify(body.errors));
    out.push(...ids(body));
    if (page >= body.meta.totalPages) {
      assert.equal(out.length, body.meta.totalItems);
      return out;
    }
  }
}

const expected = (filter: (l: ModelListing) => boolean, keys: ModelSort[] = [], createdAtIsKey = false, pool = s.listings.filter(isPublic)) =>
  pool.filter(filter).sort(modelOrder(keys, createdAtIsKey)).map((l) => l.id);

const price: (l: ModelListing) => number | null = (l) => l.price;

describe('filters', () => {
  test('default: published, not deleted, newest first', async () => {
    assert.deepEqual(await all({}), expected(() => true));
  });
  test('listings/search is an alias', async () => {
    assert.deepEqual(await all({}, 'api/listings/search'), expected(() => true));
  });
  test('price range: min inclusive, max exclusive; open ends; exact', async () => {
    assert.deepEqual(await all({ price: '2000,5000' }), expected((l) => l.price !== null && l.price >= 2000 && l.price < 5000));
    assert.ok(s.listings.some((l) => isPublic(l) && l.price === 5000));
    assert.ok(!(await all({ price: '2000,5000' })).some((id) => s.listings.find((l) => l.id === id)?.price === 5000));
    assert.deepEqual(await all({ price: '9000,' }), expected((l) => l.price !== null && l.price >= 9000));
    assert.deepEqual(await all({ price: ',300' }), expected((l) => l.price !== null && l.price < 300));
    assert.deepEqual(await all({ price: '5000' }), expected((l) => l.price === 5000));
  });
  test('bounds (inclusive box) and across the antimeridian', async () => {
    const inBox = (ne: [number, number], sw: [number, number]) => (l: ModelListing) =>
      l.lat !== null && l.lng !== null && l.lat <= ne[0] && l.lat >= sw[0] &&
      (ne[1] >= sw[1] ? l.lng <= ne[1] && l.lng >= sw[1] : l.lng >= sw[1] || l.lng <= ne[1]);
    const box = await all({ bounds: '40.5,60.25,-20.5,-30.75' });
    assert.deepEqual(box, expected(inBox([40.5, 60.25], [-20.5, -30.75])));
    assert.ok(box.length > 5);
    const across = await all({ bounds: '60,-175,-60,170' });
    assert.deepEqual(across, expected(inBox([60, -175], [-60, 170])));
    assert.ok(across.length > 5, `${across.length} listings across the antimeridian`);
  });
  test('origin orders by great-circle distance; listings without location last', async () => {
    const origin = { lat: 60.17, lng: 24.94 };
    const byDistance: ModelSort = { value: (l) => (l.lat === null || l.lng === null ? null : haversine(origin, { lat: l.lat, lng: l.lng })), dir: 'asc' };
    assert.deepEqual(await all({ origin: '60.17,24.94' }), expected(() => true, [byDistance]));
  });
  test('ids (at most 100) and authorId / author_id', async () => {
    const some = s.listings.slice(0, 100).map((l) => l.id);
    assert.deepEqual(await all({ ids: some.join(',') }), expected((l) => some.includes(l.id)));
    const author = s.authors[1]!;
    assert.deepEqual(await all({ authorId: author }), expected((l) => l.authorId === author));
    assert.deepEqual(await all({ author_id: author }), expected((l) => l.authorId === author));
  });
  test('enum: OR list', async () => {
    assert.deepEqual(await all({ pub_category: 'a,c' }), expected((l) => ['a', 'c'].includes(String(l.publicData.category))));
  });
  test('multi-enum: has_all (default) and has_any', async () => {
    const has = (l: ModelListing): string[] => (Array.isArray(l.publicData.amenities) ? l.publicData.amenities.map(String) : []);
    const hasAll = expected((l) => Array.isArray(l.publicData.amenities) && ['wifi', 'pool'].every((a) => has(l).includes(a)));
    assert.deepEqual(await all({ pub_amenities: 'has_all:wifi,pool' }), hasAll);
    assert.deepEqual(await all({ pub_amenities: 'wifi,pool' }), hasAll);
    assert.deepEqual(await all({ pub_amenities: 'has_any:spa,parking' }), expected((l) => ['spa', 'parking'].some((a) => has(l).includes(a))));
  });
  test('boolean, with the schema default matching listings without the key', async () => {
    assert.deepEqual(await all({ pub_pets: 'true' }), expected((l) => l.publicData.pets === true));
    assert.deepEqual(await all({ pub_pets: 'false' }), expected((l) => l.publicData.pets !== true));
  });
  test('long: min inclusive, max exclusive, open ends, exact', async () => {
    const year = (l: ModelListing) => (typeof l.publicData.year === 'number' ? l.publicData.year : null);
    assert.deepEqual(await all({ pub_year: '2000,2010' }), expected((l) => year(l) !== null && year(l)! >= 2000 && year(l)! < 2010));
    assert.deepEqual(await all({ pub_year: '2020,' }), expected((l) => year(l) !== null && year(l)! >= 2020));
    assert.deepEqual(await all({ pub_year: ',1995' }), expected((l) => year(l) !== null && year(l)! < 1995));
    assert.deepEqual(await all({ pub_year: '2001' }), expected((l) => year(l) === 2001));
    assert.deepEqual(await all({ meta_rating: '4,' }), expected((l) => typeof l.metadata.rating === 'number' && l.metadata.rating >= 4));
  });
  test('filters combine (AND)', async () => {
    assert.deepEqual(
      await all({ pub_category: 'b', price: '1000,8000', meta_rating: '2,5' }),
      expected((l) => l.publicData.category === 'b' && l.price !== null && l.price >= 1000 && l.price < 8000 && typeof l.metadata.rating === 'number' && l.metadata.rating >= 2 && l.metadata.rating < 5),
    );
  });
});

describe('keywords', () => {
  const text = (l: ModelListing) => ({ title: words(l.title), description: words(l.description), notes: words(typeof l.publicData.notes === 'string' ? l.publicData.notes : '') });
  test('OR semantics over title, description and text-schema fields', async () => {
    const got = await all({ keywords: 'kayak, GUITAR!' });
    const matches = (l: ModelListing) => { const t = text(l); return ['kayak', 'guitar'].some((w) => t.title.includes(w) || t.description.includes(w) || t.notes.includes(w)); };
    assert.deepEqual([...got].sort(), expected(matches).sort());
  });
  test('ranking: title matches above description matches above text-field matches', async () => {
    const got = await all({ keywords: 'canoe' });
    const tier = (id: string) => { const t = text(s.listings.find((l) => l.id === id)!); return t.title.includes('canoe') ? 0 : t.description.includes('canoe') ? 1 : 2; };
    const tiers = got.map(tier);
    assert.deepEqual(tiers, [...tiers].sort((a, b) => a - b));
    assert.ok(tiers.includes(0) && tiers.includes(1), 'both tiers present');
    assert.equal(got.length, expected((l) => { const t = text(l); return t.title.includes('canoe') || t.description.includes('canoe') || t.notes.includes('canoe'); }).length);
  });
  test('keywords with origin → 400 validation-invalid-params', async () => {
    const { status, body } = await query({ keywords: 'sauna', origin: '1,2' });
    assert.equal(status, 400);
    assert.equal(body.errors?.[0]?.code, 'validation-invalid-params');
  });
});

describe('sort', () => {
  test('-price ascending (nulls last), price descending', async () => {
    assert.deepEqual(await all({ sort: '-price' }), expected(() => true, [{ value: price, dir: 'asc' }]));
    assert.deepEqual(await all({ sort: 'price' }), expected(() => true, [{ value: price, dir: 'desc' }]));
  });
  test('three keys with a numeric schema key and createdAt', async () => {
    const rating = (l: ModelListing) => (typeof l.metadata.rating === 'number' ? l.metadata.rating : null);
    const year = (l: ModelListing) => (typeof l.publicData.year === 'number' ? l.publicData.year : null);
    const created = (l: ModelListing) => l.createdAt.getTime();
    assert.deepEqual(
      await all({ sort: 'meta_rating,-pub_year,-createdAt' }),
      expected(() => true, [{ value: rating, dir: 'desc' }, { value: year, dir: 'asc' }, { value: created, dir: 'asc' }], true),
    );
  });
});

describe('pagination', () => {
  test('pages partition the result; last page; page beyond the end', async () => {
    const want = expected(() => true);
    const per = 7;
    const pages = Math.ceil(want.length / per);
    const first = await query({ perPage: per, page: 1 });
    assert.deepEqual(first.body.meta, { totalItems: want.length, totalPages: pages, page: 1, perPage: per, paginationLimit: Math.ceil(10000 / per) });
    assert.deepEqual(ids(first.body), want.slice(0, per));
    const last = await query({ perPage: per, page: pages });
    assert.deepEqual(ids(last.body), want.slice((pages - 1) * per));
    const beyond = await query({ perPage: per, page: pages + 1 });
    assert.equal(beyond.status, 200);
    assert.deepEqual(beyond.body.data, []);
    assert.equal(beyond.body.meta.totalItems, want.length);
  });
  test('an empty result', async () => {
    const { status, body } = await query({ price: '1,2' });
    assert.equal(status, 200);
    assert.deepEqual(body.data, []);
    assert.equal(body.meta.totalItems, 0);
    assert.equal(body.meta.totalPages, 0);
  });
});

describe('bad input → 400', () => {
  const cases: [Record<string, string>, string][] = [
    [{ origin: 'abc' }, 'validation-invalid-value'],
    [{ origin: '91,0' }, 'validation-invalid-value'],
    [{ bounds: '1,2,3' }, 'validation-invalid-value'],
    [{ bounds: '10,10,20,0' }, 'validation-invalid-value'],
    [{ price: 'a,b' }, 'validation-invalid-value'],
    [{ price: '500,100' }, 'validation-invalid-value'],
    [{ price: ',' }, 'validation-invalid-value'],
    [{ sort: 'title' }, 'validation-invalid-value'],
    [{ sort: 'pub_category' }, 'validation-invalid-value'],
    [{ sort: 'createdAt,price,pub_year,meta_rating' }, 'validation-invalid-value'],
    [{ perPage: '101' }, 'validation-invalid-value'],
    [{ page: '0' }, 'validation-invalid-value'],
    [{ pub_year: 'x,' }, 'validation-invalid-value'],
    [{ pub_pets: 'maybe' }, 'validation-invalid-value'],
    [{ pub_unindexed: 'x' }, 'validation-disallowed-key'],
    [{ meta_category: 'a' }, 'validation-disallowed-key'],
    [{ priv_x: 'a' }, 'validation-disallowed-key'],
    [{ start: '2030-01-01T00:00:00Z' }, 'validation-missing-key'],
    [{ states: 'draft' }, 'validation-disallowed-key'],
  ];
  for (const [params, code] of cases) {
    test(`${JSON.stringify(params)} → ${code}`, async () => {
      const { status, body } = await query(params);
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(body.errors?.[0]?.code, code);
    });
  }
  test('the unindexed key is named', async () => {
    const { body } = await query({ pub_unindexed: 'x' });
    assert.deepEqual(body.errors?.[0]?.source?.path, ['pub_unindexed']);
  });
  test('ids: 100 fine, 101 → 400', async () => {
    const hundred = Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    assert.equal((await query({ ids: hundred.slice(0, 100).join(',') })).status, 200);
    const { status, body } = await query({ ids: hundred.join(',') });
    assert.equal(status, 400);
    assert.equal(body.errors?.[0]?.code, 'validation-invalid-value');
  });
});

describe('Integration API', () => {
  const iq = (params: Record<string, string | number>) => all(params, 'integration_api/listings/query', integ);
  test('all live states by default; states filter; createdAt range', async () => {
    const live = s.listings.filter((l) => !l.deleted);
    assert.deepEqual(await iq({}), expected(() => true, [], false, live));
    assert.deepEqual(await iq({ states: 'draft,closed' }), expected((l) => l.state === 'draft' || l.state === 'closed', [], false, live));
    const mid = [...live].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[50]!.createdAt;
    const end = [...live].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[120]!.createdAt;
    assert.deepEqual(
      await iq({ createdAtStart: mid.toISOString(), createdAtEnd: end.toISOString() }),
      expected((l) => l.createdAt >= mid && l.createdAt < end, [], false, live),
    );
  });
  test('privateData is shown to integrations', async () => {
    const { body } = await get('integration_api/listings/query', { perPage: 1 }, integ);
    assert.ok('privateData' in (body.data[0]?.attributes ?? {}));
  });
});
