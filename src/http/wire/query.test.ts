import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { parse } from 'node:querystring';
import { DomainError } from '../../domain/errors.ts';
import { LatLng, Uuid } from '../../lib/values.ts';
import { normalizeQueryKeys, parseQuery, type RawQuery } from './query.ts';
import { p } from './query-params.ts';

/** The parts of the (untyped) marketplace SDK these tests use. */
interface SdkModule {
  util: {
    queryString(params: unknown): string;
    objectQueryString(obj: Record<string, unknown>): string;
  };
  types: {
    UUID: new (uuid: string) => object;
    LatLng: new (lat: number, lng: number) => object;
    LatLngBounds: new (ne: object, sw: object) => object;
  };
}
const sdk: SdkModule = createRequire(import.meta.url)('sharetribe-flex-sdk');
const { UUID, LatLng: SdkLatLng, LatLngBounds } = sdk.types;

const A = '0e0b60fe-d9a2-4e5f-a7d9-0c4a1b3f1f1f';
const B = '5a8f3c1e-0000-4000-8000-000000000002';

/** What Fastify hands a handler for the query string the SDK builds from `params`. */
const fromSdk = (params: Record<string, unknown>): RawQuery => parse(sdk.util.queryString(params));

const rejects = (fn: () => unknown, code: string, path: (string | number)[]) =>
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DomainError);
    assert.equal(err.kind, 'bad-request');
    assert.equal(err.code, code);
    assert.deepEqual(err.source, { type: 'query', path });
    return true;
  });

const listingsSpec = {
  ids: p.uuidList(),
  authorId: p.uuid(),
  origin: p.latLng(),
  bounds: p.bounds(),
  start: p.instant(),
  keywords: p.string(),
  price: p.intRange({ min: 0 }),
  states: p.enumList(['published', 'closed']),
  hasBooking: p.boolean(),
  sort: p.sort({ allowed: ['createdAt', 'price'], prefixes: ['pub_', 'meta_'] }),
};

test('parses every parameter kind as serialized by the SDK', () => {
  const raw = fromSdk({
    ids: [new UUID(A), new UUID(B)],
    author_id: new UUID(A),
    origin: new SdkLatLng(60.17, 24.94),
    bounds: new LatLngBounds(new SdkLatLng(61, 25), new SdkLatLng(60, 24)),
    start: new Date('2024-01-01T00:00:00.000Z'),
    keywords: 'sauna & sea, "quoted"',
    price: '1000,5000',
    states: ['published', 'closed'],
    hasBooking: true,
    sort: ['-price', 'createdAt', 'pub_rating'],
    include: ['author', 'images', 'author.profileImage'],
    'fields.listing': ['title', 'publicData.listingType'],
    'fields.user': 'none',
    'limit.images': 1,
    'imageVariant.listing-card': sdk.util.objectQueryString({ w: 400, h: 300, fit: 'crop' }),
    page: 2,
    perPage: 25,
    pub_category: 'a,b',
    meta_rating: '3,',
  });
  const q = parseQuery(raw, listingsSpec, { pagination: true, extendedData: ['pub', 'meta'] });
  assert.deepEqual(q.params, {
    ids: [new Uuid(A), new Uuid(B)],
    authorId: new Uuid(A),
    origin: new LatLng(60.17, 24.94),
    bounds: { ne: new LatLng(61, 25), sw: new LatLng(60, 24) },
    start: new Date('2024-01-01T00:00:00.000Z'),
    keywords: 'sauna & sea, "quoted"',
    price: { min: 1000, max: 5000 },
    states: ['published', 'closed'],
    hasBooking: true,
    sort: [
      { attribute: 'price', direction: 'asc' },
      { attribute: 'createdAt', direction: 'desc' },
      { attribute: 'pub_rating', direction: 'desc' },
    ],
  });
  assert.deepEqual(q.include, [['author'], ['images'], ['author', 'profileImage']]);
  assert.deepEqual(q.fields, { listing: ['title', 'publicData.listingType'], user: [] });
  assert.deepEqual(q.limits, { images: 1 });
  assert.deepEqual(q.imageVariants, { 'listing-card': { width: 400, height: 300, fit: 'crop' } });
  assert.equal(q.page, 2);
  assert.equal(q.perPage, 25);
  assert.deepEqual(q.extendedData, { pub_category: 'a,b', meta_rating: '3,' });
  assert.equal(q.expand, false);
});

test('absent optional parameters are undefined; defaults and required are honoured', () => {
  const spec = { id: p.uuid({ required: true }), n: p.int({ default: 7 }), kw: p.string() };
  const q = parseQuery({ id: A }, spec);
  assert.deepEqual(q.params, { id: new Uuid(A), n: 7, kw: undefined });
  // The inferred types: `id` and `n` are never undefined.
  const id: Uuid = q.params.id;
  const n: number = q.params.n;
  assert.ok(id && n);
  rejects(() => parseQuery({}, spec), 'validation-missing-key', ['id']);
});

test('unknown keys and disabled families are disallowed', () => {
  rejects(() => parseQuery({ bogus: '1' }, {}), 'validation-disallowed-key', ['bogus']);
  rejects(() => parseQuery({ page: '1' }, {}), 'validation-disallowed-key', ['page']);
  rejects(() => parseQuery({ expand: 'true' }, {}), 'validation-disallowed-key', ['expand']);
  rejects(
    () => parseQuery({ pub_x: '1' }, {}, { extendedData: ['meta'] }),
    'validation-disallowed-key',
    ['pub_x'],
  );
  rejects(
    () => parseQuery({ include: 'a' }, {}, { resource: false }),
    'validation-disallowed-key',
    ['include'],
  );
  assert.equal(parseQuery({ expand: 'true' }, {}, { expand: true }).expand, true);
});

test('snake_case keys become camelCase; prefixed and dotted keys keep their spelling', () => {
  assert.deepEqual(
    normalizeQueryKeys({
      author_id: A,
      start_after_sequence_id: '3',
      per_page: '10',
      pub_max_guests: '2',
      'fields.current_user': 'x',
      'imageVariant.my_variant': 'w:1;h:1',
    }),
    {
      authorId: A,
      startAfterSequenceId: '3',
      perPage: '10',
      pub_max_guests: '2',
      'fields.current_user': 'x',
      'imageVariant.my_variant': 'w:1;h:1',
    },
  );
  rejects(() => normalizeQueryKeys({ listing_id: A, listingId: A }), 'validation-disallowed-key', [
    'listingId',
  ]);
  const q = parseQuery({ listing_id: A }, { listingId: p.uuid({ required: true }) });
  assert.deepEqual(q.params.listingId, new Uuid(A));
});

test('invalid values name the parameter and what was expected', () => {
  const cases: [RawQuery, string][] = [
    [{ ids: `${A},nope` }, 'ids'],
    [{ authorId: 'x' }, 'authorId'],
    [{ origin: '91,0' }, 'origin'],
    [{ origin: '1' }, 'origin'],
    [{ bounds: '1,2,3' }, 'bounds'],
    [{ bounds: '1,2,3,4' }, 'bounds'], // ne below sw
    [{ start: 'yesterday' }, 'start'],
    [{ price: ',' }, 'price'],
    [{ price: '5,1' }, 'price'],
    [{ price: '-1' }, 'price'],
    [{ states: 'published,open' }, 'states'],
    [{ hasBooking: 'yes' }, 'hasBooking'],
    [{ sort: 'title' }, 'sort'],
    [{ sort: 'price,-price' }, 'sort'],
    [{ sort: 'price,createdAt,pub_a,pub_b' }, 'sort'],
  ];
  for (const [raw, key] of cases) {
    assert.throws(
      () => parseQuery(raw, listingsSpec),
      (err: unknown) =>
        err instanceof DomainError &&
        err.code === 'validation-invalid-value' &&
        err.message.includes(`"${key}"`) &&
        err.message.includes('expected') &&
        err.source?.path[0] === key,
      JSON.stringify(raw),
    );
  }
});

test('ranges: min,max / min, / ,max / single value', () => {
  const spec = { r: p.intRange() };
  assert.deepEqual(parseQuery({ r: '10,20' }, spec).params.r, { min: 10, max: 20 });
  assert.deepEqual(parseQuery({ r: '10,' }, spec).params.r, { min: 10, max: null });
  assert.deepEqual(parseQuery({ r: ',20' }, spec).params.r, { min: null, max: 20 });
  assert.deepEqual(parseQuery({ r: '15' }, spec).params.r, { min: 15, max: 16 });
});

test('instants accept ISO-8601 and epoch milliseconds', () => {
  const spec = { t: p.instant() };
  assert.deepEqual(
    parseQuery({ t: '2024-05-01T10:00:00+02:00' }, spec).params.t,
    new Date('2024-05-01T08:00:00Z'),
  );
  assert.deepEqual(parseQuery({ t: '1700000000000' }, spec).params.t, new Date(1700000000000));
});

test('pagination: defaults, per-route maximum, bounds', () => {
  const q = parseQuery({}, {}, { pagination: true });
  assert.deepEqual([q.page, q.perPage], [1, 100]);
  assert.equal(
    parseQuery({ perPage: '500' }, {}, { pagination: { maxPerPage: 500 } }).perPage,
    500,
  );
  assert.equal(
    parseQuery({}, {}, { pagination: { maxPerPage: 500, defaultPerPage: 100 } }).perPage,
    100,
  );
  rejects(
    () => parseQuery({ perPage: '101' }, {}, { pagination: true }),
    'validation-invalid-value',
    ['perPage'],
  );
  rejects(
    () => parseQuery({ per_page: '0' }, {}, { pagination: true }),
    'validation-invalid-value',
    ['per_page'],
  );
  rejects(() => parseQuery({ page: '0' }, {}, { pagination: true }), 'validation-invalid-value', [
    'page',
  ]);
});

test('include, fields, limit and imageVariant validation', () => {
  assert.deepEqual(parseQuery(fromSdk({ include: [] }), {}).include, []);
  assert.deepEqual(parseQuery({ include: 'author,author' }, {}).include, [['author']]);
  rejects(() => parseQuery({ include: 'author..x' }, {}), 'validation-invalid-value', ['include']);
  rejects(() => parseQuery({ 'limit.images': '0' }, {}), 'validation-invalid-value', [
    'limit.images',
  ]);
  rejects(() => parseQuery({ 'fields.': 'x' }, {}), 'validation-disallowed-key', ['fields.']);
  for (const bad of [
    'w:0;h:10',
    'w:3073;h:10',
    'w:10',
    'w:10;h:10;fit:stretch',
    'w:10;h:10;x:1',
    'garbage',
  ]) {
    rejects(() => parseQuery({ 'imageVariant.v': bad }, {}), 'validation-invalid-value', [
      'imageVariant.v',
    ]);
  }
  assert.deepEqual(parseQuery({ 'imageVariant.v': 'w:3072;h:1' }, {}).imageVariants, {
    v: { width: 3072, height: 1, fit: 'scale' },
  });
});

test('repeated keys: lists join, scalars are rejected', () => {
  assert.deepEqual(parseQuery({ ids: [A, B] }, { ids: p.uuidList() }).params.ids, [
    new Uuid(A),
    new Uuid(B),
  ]);
  rejects(() => parseQuery({ id: [A, B] }, { id: p.uuid() }), 'validation-invalid-value', ['id']);
});

test('uuid lists are capped (100 by default)', () => {
  const ids = Array.from({ length: 101 }, () => A).join(',');
  rejects(() => parseQuery({ ids }, { ids: p.uuidList() }), 'validation-invalid-value', ['ids']);
});
