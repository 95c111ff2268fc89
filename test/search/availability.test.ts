/**
 * listings/query with availability (`start`, `end`, `seats`, `availability`, `minDuration`) and stock
 * (`minStock`, `stockMode`) filters, on both APIs, checked against the independent model of
 * availability-seed.ts. The clock stands at 2027-01-10 so that the windows can sit on the 2027 DST
 * changes (New York 14 March, Helsinki 28 March, Sydney 4 April).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../src/lib/clock.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { anonymousToken, bearer, integrationToken } from '../surfaces/tokens.ts';
import { modelMatches, seedAvailability, type AvailListing, type AvailSeeded, type ModelQuery } from './availability-seed.ts';

const NOW = new Date('2027-01-10T12:00:00Z');
let server: TestServer;
let s: AvailSeeded;
let anon: string;
let integ: string;

before(async () => {
  server = await startTestServer({ listen: false, clock: new FakeClock(NOW) });
  s = await seedAvailability(server.handle.db, { count: 160, seed: 11, from: new Date('2027-03-10T00:00:00Z'), to: new Date('2027-04-10T00:00:00Z') });
  anon = await anonymousToken(server, s.m);
  integ = await integrationToken(server, s.m);
});
after(async () => server.close());

interface Body {
  data: { id: string }[];
  meta: { totalItems: number | null; totalPages: number | null; page: number; perPage: number; paginationUnsupported?: boolean };
  errors?: { code: string; source?: { path?: string[] } }[];
}

async function get(params: Record<string, string | number>, path = 'api/listings/query', token = anon): Promise<{ status: number; body: Body }> {
  const qs = new URLSearchParams(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]))).toString();
  const res = await server.app.inject({ method: 'GET', url: `/v1/${path}?${qs}`, headers: bearer(token) });
  return { status: res.statusCode, body: res.json() };
}

/** Every page of a paginated query. */
async function all(params: Record<string, string | number>, path?: string, token?: string): Promise<string[]> {
  const out: string[] = [];
  for (let page = 1; ; page++) {
    const { status, body } = await get({ ...params, perPage: 25, page }, path, token);
    assert.equal(status, 200, JSON.stringify(body.errors));
    out.push(...body.data.map((d) => d.id));
    if (page >= (body.meta.totalPages ?? 0)) {
      assert.equal(out.length, body.meta.totalItems);
      return out;
    }
  }
}

/** Newest first, then id: the search's default order. */
const byDefaultOrder = (a: AvailListing, b: AvailListing): number =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const published = (l: AvailListing) => l.state === 'published';
const expected = (q: ModelQuery, pool = s.listings.filter(published), extra: (l: AvailListing) => boolean = () => true): string[] =>
  pool.filter((l) => extra(l) && modelMatches(l, q)).sort(byDefaultOrder).map((l) => l.id);

const paramsOf = (q: ModelQuery, mode: string = q.mode): Record<string, string | number> => ({
  start: q.start.toISOString(),
  end: q.end.toISOString(),
  seats: q.seats,
  availability: mode,
  ...(q.minDuration > 0 ? { minDuration: q.minDuration } : {}),
});
const window = (start: string, end: string, mode: ModelQuery['mode'], seats = 1, minDuration = 0): ModelQuery => ({
  start: new Date(start),
  end: new Date(end),
  seats,
  mode,
  minDuration,
});

describe('day-full (paginated)', () => {
  test('7 nights, 1 seat: every page, counts and order', async () => {
    const q = window('2027-03-25T00:00:00Z', '2027-04-01T00:00:00Z', 'day-full');
    const want = expected(q);
    assert.ok(want.length > 10 && want.length < s.listings.length / 1.5, `${want.length} matches: the data must discriminate`);
    assert.deepEqual(await all(paramsOf(q)), want);
  });
  test('2 seats, a window starting and ending inside dates (whole dates count)', async () => {
    const q = window('2027-03-12T15:00:00Z', '2027-03-13T09:00:00Z', 'day-full', 2);
    const want = expected(q);
    assert.ok(want.length > 0, 'some listing has 2 free seats on both dates');
    assert.deepEqual(await all(paramsOf(q)), want);
  });
  test('`full` is day-full; no availability parameter means day-full; seats default to 1', async () => {
    const q = window('2027-03-18T00:00:00Z', '2027-03-21T00:00:00Z', 'day-full');
    const want = expected(q);
    assert.deepEqual(await all(paramsOf(q, 'full')), want);
    assert.deepEqual(await all({ start: q.start.toISOString(), end: q.end.toISOString() }), want);
  });
  test('Integration API: any state', async () => {
    const q = window('2027-03-30T00:00:00Z', '2027-04-06T00:00:00Z', 'day-full');
    const want = expected(q, s.listings);
    assert.ok(want.some((id) => s.listings.find((l) => l.id === id)?.state === 'closed'));
    assert.deepEqual(await all(paramsOf(q), 'integration_api/listings/query', integ), want);
  });
});

describe('single-page modes', () => {
  const single = async (q: ModelQuery, perPage: number, mode: string = q.mode) => {
    const { status, body } = await get({ ...paramsOf(q, mode), perPage });
    assert.equal(status, 200, JSON.stringify(body.errors));
    assert.deepEqual(body.meta, { totalItems: null, totalPages: null, page: 1, perPage, paginationUnsupported: true });
    return body.data.map((d) => d.id);
  };
  test('day-partial: 3 consecutive free dates; `partial` is day-partial', async () => {
    const q = window('2027-03-20T00:00:00Z', '2027-04-03T00:00:00Z', 'day-partial', 1, 3);
    const want = expected(q);
    assert.ok(want.length > 5);
    assert.deepEqual(await single(q, 100), want.slice(0, 100));
    assert.deepEqual(await single(q, 100, 'partial'), want.slice(0, 100));
  });
  test('day-partial without minDuration: one free date is enough', async () => {
    const q = window('2027-03-10T00:00:00Z', '2027-03-12T00:00:00Z', 'day-partial', 2);
    assert.deepEqual(await single(q, 100), expected(q).slice(0, 100));
  });
  test('time-full across the Helsinki DST change', async () => {
    const q = window('2027-03-27T22:00:00Z', '2027-03-28T14:00:00Z', 'time-full');
    const want = expected(q);
    assert.ok(want.length > 0, 'some time-plan listing is free all along');
    assert.deepEqual(await single(q, 100), want);
  });
  test('time-partial with minDuration across the New York DST change', async () => {
    const q = window('2027-03-13T00:00:00Z', '2027-03-15T12:00:00Z', 'time-partial', 1, 240);
    const want = expected(q);
    assert.ok(want.length > 3);
    assert.deepEqual(await single(q, 100), want);
  });
  test('time-partial, 2 seats, around the Sydney DST change; perPage cuts the page', async () => {
    const q = window('2027-04-02T10:00:00Z', '2027-04-05T10:00:00Z', 'time-partial', 2);
    const want = expected(q);
    assert.ok(want.length > 3);
    assert.deepEqual(await single(q, 3), want.slice(0, 3));
    assert.deepEqual(await single(q, 100), want);
  });
});

describe('stock', () => {
  const stockOf = (id: string) => s.listings.find((l) => l.id === id)?.stock;
  const pool = () => s.listings.filter(published).sort(byDefaultOrder);
  test('minStock: stock defined and at least n (strict is the default)', async () => {
    const want = pool().filter((l) => l.stock !== null && l.stock >= 3).map((l) => l.id);
    assert.deepEqual(await all({ minStock: 3 }), want);
    assert.deepEqual(await all({ minStock: 3, stockMode: 'strict' }), want);
    assert.ok(want.every((id) => (stockOf(id) ?? -1) >= 3));
  });
  test('match-undefined also returns listings without stock; minStock 0', async () => {
    assert.deepEqual(await all({ minStock: 2, stockMode: 'match-undefined' }), pool().filter((l) => l.stock === null || l.stock >= 2).map((l) => l.id));
    assert.deepEqual(await all({ minStock: 0 }), pool().filter((l) => l.stock !== null).map((l) => l.id));
  });
  test('stock and availability together', async () => {
    const q = window('2027-03-22T00:00:00Z', '2027-03-26T00:00:00Z', 'day-full');
    const want = expected(q, undefined, (l) => l.stock !== null && l.stock >= 1);
    assert.deepEqual(await all({ ...paramsOf(q), minStock: 1 }), want);
  });
});

describe('bad input → 400', () => {
  const start = '2027-03-01T00:00:00Z';
  const cases: [Record<string, string | number>, string, string][] = [
    [{ start }, 'validation-missing-key', 'end'],
    [{ end: start }, 'validation-missing-key', 'start'],
    [{ availability: 'day-full' }, 'validation-missing-key', 'start'],
    [{ start, end: '2027-02-28T00:00:00Z' }, 'validation-invalid-value', 'end'],
    [{ start, end: start }, 'validation-invalid-value', 'end'],
    [{ start, end: '2027-05-31T00:00:00Z' }, 'validation-invalid-value', 'end'],
    [{ start: '2027-01-08T00:00:00Z', end: '2027-01-12T00:00:00Z' }, 'validation-invalid-value', 'start'],
    [{ start: '2028-01-12T00:00:00Z', end: '2028-01-14T00:00:00Z' }, 'validation-invalid-value', 'start'],
    [{ start: '2027-12-30T00:00:00Z', end: '2028-01-11T00:00:00Z' }, 'validation-invalid-value', 'end'],
    [{ start, end: '2027-03-02T00:00:00Z', seats: 0 }, 'validation-invalid-value', 'seats'],
    [{ start, end: '2027-03-02T00:00:00Z', seats: -1 }, 'validation-invalid-value', 'seats'],
    [{ start, end: '2027-03-02T00:00:00Z', availability: 'sometimes' }, 'validation-invalid-value', 'availability'],
    [{ start, end: '2027-03-02T00:00:00Z', availability: 'day-full', minDuration: 2 }, 'validation-invalid-params', 'minDuration'],
    [{ start, end: '2027-03-02T00:00:00Z', availability: 'time-full', minDuration: 60 }, 'validation-invalid-params', 'minDuration'],
    [{ start, end: '2027-03-02T00:00:00Z', minDuration: 2 }, 'validation-invalid-params', 'minDuration'],
    [{ start, end: '2027-03-02T00:00:00Z', availability: 'time-partial', minDuration: -5 }, 'validation-invalid-value', 'minDuration'],
    [{ start, end: '2027-03-02T00:00:00Z', availability: 'time-partial', page: 2 }, 'validation-invalid-params', 'page'],
    [{ start: 'tomorrow', end: '2027-03-02T00:00:00Z' }, 'validation-invalid-value', 'start'],
    [{ minStock: -1 }, 'validation-invalid-value', 'minStock'],
    [{ minStock: 'x' }, 'validation-invalid-value', 'minStock'],
    [{ minStock: 1, stockMode: 'lenient' }, 'validation-invalid-value', 'stockMode'],
  ];
  for (const [params, code, path] of cases) {
    test(`${JSON.stringify(params)} → ${code} (${path})`, async () => {
      const { status, body } = await get(params);
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(body.errors?.[0]?.code, code);
      assert.deepEqual(body.errors?.[0]?.source?.path, [path]);
    });
  }
  test('the window limits hold on the Integration API too', async () => {
    const { status, body } = await get({ start, end: '2027-06-10T00:00:00Z' }, 'integration_api/listings/query', integ);
    assert.equal(status, 400);
    assert.equal(body.errors?.[0]?.code, 'validation-invalid-value');
  });
});
