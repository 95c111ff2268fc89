import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { DomainError } from '../../domain/errors.ts';
import fc from 'fast-check';
import { Decimal, Keyword, LatLng, Money, Uuid, type WireValue } from '../../lib/values.ts';
import { encodeJson } from './json.ts';
import { decodeTransitBody, encodeTransit, encodeTransitWithTransitJs } from './transit.ts';

/** The parts of the (untyped) marketplace SDK these tests use. */
interface SdkModule {
  transit: {
    read(text: string): unknown;
    write(value: unknown, opts?: { verbose?: boolean }): string;
  };
  types: {
    UUID: new (uuid: string) => object;
    Money: new (amount: number, currency: string) => object;
    LatLng: new (lat: number, lng: number) => object;
    BigDecimal: new (value: string) => object;
  };
}
const sdk: SdkModule = createRequire(import.meta.url)('sharetribe-flex-sdk');
const { UUID, Money: SdkMoney, LatLng: SdkLatLng, BigDecimal } = sdk.types;

const ID = '0e0b60fe-d9a2-4e5f-a7d9-0c4a1b3f1f1f';

test('decodes the catalogue write-cache example', () => {
  const body =
    '["^ ","~:lineItems",[["^ ","~:code","line-item/day","~:unitPrice",["~#mn",[100,"EUR"]],"~:quantity",2],' +
    '["^ ","^1","line-item/night","^2",["^3",[200,"EUR"]],"^4",3]]]';
  assert.deepEqual(decodeTransitBody(body), {
    lineItems: [
      { code: 'line-item/day', unitPrice: { amount: 100, currency: 'EUR' }, quantity: 2 },
      { code: 'line-item/night', unitPrice: { amount: 200, currency: 'EUR' }, quantity: 3 },
    ],
  });
});

const sdkBody = () => ({
  listingId: new UUID(ID),
  bookingStart: new Date('2025-12-20T22:00:00.000Z'),
  price: new SdkMoney(1500, 'USD'),
  geolocation: new SdkLatLng(60.17, 24.94),
  quantity: new BigDecimal('2.5'),
  protectedData: { 'some key': [1, null, true], nested: { deeper: '~tilde' } },
  lineItems: [
    { code: 'line-item/day', unitPrice: new SdkMoney(100, 'EUR'), quantity: 2 },
    { code: 'line-item/night', unitPrice: new SdkMoney(200, 'EUR'), quantity: 3 },
  ],
});

const decodedSdkBody = {
  listingId: ID,
  bookingStart: '2025-12-20T22:00:00.000Z',
  price: { amount: 1500, currency: 'USD' },
  geolocation: { lat: 60.17, lng: 24.94 },
  quantity: '2.5',
  protectedData: { 'some key': [1, null, true], nested: { deeper: '~tilde' } },
  lineItems: [
    { code: 'line-item/day', unitPrice: { amount: 100, currency: 'EUR' }, quantity: 2 },
    { code: 'line-item/night', unitPrice: { amount: 200, currency: 'EUR' }, quantity: 3 },
  ],
};

test('decodes bodies written by the SDK (non-verbose, with ~m dates and cache refs)', () => {
  const text = sdk.transit.write(sdkBody());
  assert.match(text, /"~m\d+"/);
  assert.match(text, /"\^\d"/);
  assert.deepEqual(decodeTransitBody(text), decodedSdkBody);
});

test('decodes bodies written by the SDK in verbose mode', () => {
  const text = sdk.transit.write(sdkBody(), { verbose: true });
  assert.match(text, /"~t2025/);
  assert.deepEqual(decodeTransitBody(text), decodedSdkBody);
});

test('decodes the empty SDK body in both forms', () => {
  assert.deepEqual(decodeTransitBody(sdk.transit.write({})), {});
  assert.deepEqual(decodeTransitBody(sdk.transit.write({}, { verbose: true })), {});
});

test('decodes sets, lists, keywords, big integers and non-string map keys', () => {
  assert.deepEqual(decodeTransitBody('["~#set",["~:a","~:b"]]'), ['a', 'b']);
  assert.deepEqual(decodeTransitBody('["~#list",[1,2]]'), [1, 2]);
  assert.equal(decodeTransitBody('"~:permission/allow"'), 'permission/allow');
  assert.equal(decodeTransitBody('"~i42"'), 42);
  assert.equal(decodeTransitBody('"~i9007199254740993"'), '9007199254740993');
  assert.deepEqual(decodeTransitBody('["^ ","~i1","one","~:two",2]'), { '1': 'one', two: 2 });
  assert.deepEqual(decodeTransitBody('["~#cmap",[["~#mn",[1,"EUR"]],"x"]]'), {
    '{"amount":1,"currency":"EUR"}': 'x',
  });
});

test('a __proto__ key becomes an own property, not a prototype', () => {
  const value = decodeTransitBody('["^ ","__proto__",["^ ","~:polluted",true]]');
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  assert.deepEqual(Object.keys(value ?? {}), ['__proto__']);
  assert.equal(Reflect.get({}, 'polluted'), undefined);
});

test('cache references never resolve to keys from an earlier document', () => {
  decodeTransitBody('["^ ","~:someSecretKey",1,"~:anotherKey",2]');
  assert.throws(() => decodeTransitBody('["^ ","^0",1]'), DomainError);
});

test('malformed transit is a 400 bad-request, never a crash', () => {
  for (const text of [
    '',
    '[',
    '{"a":',
    '["~#mn",[1]]',
    '["~#geo","x"]',
    '"~zNaN"',
    '["~#unknown",1]',
    '["^ ","^7",1]',
    '"~mxyz"',
  ]) {
    assert.throws(
      () => decodeTransitBody(text),
      (err: unknown) =>
        err instanceof DomainError && err.kind === 'bad-request' && err.code === 'bad-request',
      text,
    );
  }
});

const wireResource = () => ({
  id: new Uuid(ID),
  type: new Keyword('listing'),
  attributes: {
    title: 'Sauna',
    price: new Money(5000, 'EUR'),
    geolocation: new LatLng(60.17, 24.94),
    quantity: new Decimal('1.25'),
    createdAt: new Date('2024-01-02T03:04:05.678Z'),
    state: new Keyword('listing/published'),
    publicData: { '~weird': '^0', amenities: ['a', 'b'], empty: null },
    lineItems: [{ unitPrice: new Money(1, 'EUR') }, { unitPrice: new Money(2, 'EUR') }],
  },
});

const sdkView = () => ({
  id: new UUID(ID),
  type: 'listing',
  attributes: {
    title: 'Sauna',
    price: new SdkMoney(5000, 'EUR'),
    geolocation: new SdkLatLng(60.17, 24.94),
    quantity: new BigDecimal('1.25'),
    createdAt: new Date('2024-01-02T03:04:05.678Z'),
    state: 'listing/published',
    publicData: { '~weird': '^0', amenities: ['a', 'b'], empty: null },
    lineItems: [{ unitPrice: new SdkMoney(1, 'EUR') }, { unitPrice: new SdkMoney(2, 'EUR') }],
  },
});

test('encodeTransit output is read by the SDK into its own types (non-verbose)', () => {
  const text = encodeTransit(wireResource(), false);
  assert.ok(text.startsWith('["^ ","~:id","~u'));
  assert.deepStrictEqual(sdk.transit.read(text), sdkView());
});

test('encodeTransit output is read by the SDK into its own types (verbose)', () => {
  const text = encodeTransit(wireResource(), true);
  assert.ok(text.includes('"~:createdAt":"~t2024-01-02T03:04:05.678Z"'));
  assert.ok(!text.includes('"^'), 'verbose output uses no cache references');
  assert.deepStrictEqual(sdk.transit.read(text), sdkView());
});

test('encodeTransit round-trips through decodeTransitBody', () => {
  assert.deepEqual(
    decodeTransitBody(encodeTransit(wireResource(), false)),
    JSON.parse(encodeJson(wireResource())),
  );
});

test('encodeJson uses the plain JSON forms', () => {
  assert.deepEqual(JSON.parse(encodeJson(wireResource())), {
    id: ID,
    type: 'listing',
    attributes: {
      title: 'Sauna',
      price: { amount: 5000, currency: 'EUR' },
      geolocation: { lat: 60.17, lng: 24.94 },
      quantity: '1.25',
      createdAt: '2024-01-02T03:04:05.678Z',
      state: 'listing/published',
      publicData: { '~weird': '^0', amenities: ['a', 'b'], empty: null },
      lineItems: [
        { unitPrice: { amount: 1, currency: 'EUR' } },
        { unitPrice: { amount: 2, currency: 'EUR' } },
      ],
    },
  });
});

// writeCompactTransit (encodeTransit's non-verbose path) against transit-js, the reference writer.
const wireValue = fc.letrec<{ value: WireValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<WireValue>(null, true, false, 0, -0, 1.5, -7, 2 ** 60, NaN, Infinity, -Infinity, '', 'a', '~x', '^ ', '`q', '~:kw'),
    fc.string(),
    fc.double(),
    fc.integer(),
    fc.date({ noInvalidDate: true }),
    fc.uuid().map((u) => new Uuid(u)),
    fc.string().map((s) => new Keyword(s)),
    fc.stringMatching(/^-?\d{1,12}(\.\d{1,6})?$/).map((s) => new Decimal(s)),
    fc.tuple(fc.integer(), fc.constantFrom('EUR', 'USD', '~X')).map(([a, c]) => new Money(a, c)),
    fc.tuple(fc.double({ min: -90, max: 90 }), fc.double({ min: -180, max: 180 })).map(([a, b]) => new LatLng(a, b)),
    fc.array(tie('value'), { maxLength: 6 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('id', 'type', 'attributes', 'title', 'variants')), tie('value'), { maxKeys: 8, noNullPrototype: true }),
  ),
})).value;

test('encodeTransit (non-verbose) writes exactly what transit-js writes, for any wire value', () => {
  fc.assert(
    fc.property(wireValue, (value) => {
      assert.equal(encodeTransit(value, false), encodeTransitWithTransitJs(value, false));
    }),
    { numRuns: 2000 },
  );
});

test('the write cache starts over after 44 × 44 entries, as transit-js does', () => {
  // 3 000 distinct keys and keywords, each used twice: codes wrap around past ^~~.
  const value: WireValue = Array.from({ length: 3000 }, (_, i) => ({ [`key${i}`]: new Keyword(`kw${i % 2100}`), again: { [`key${i}`]: 1 } }));
  const written = encodeTransit(value, false);
  assert.equal(written, encodeTransitWithTransitJs(value, false));
  assert.deepEqual(sdk.transit.read(written), sdk.transit.read(encodeTransitWithTransitJs(value, false)));
});

test('maps of more than 32 keys (transit-js: hash order) read back to the same value', () => {
  const value: WireValue = {
    big: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field${i}`, i % 2 ? new Money(i, 'EUR') : `v${i}`])),
    again: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field${i}`, new Keyword(`k${i % 3}`)])),
  };
  const read = (text: string) => decodeTransitBody(text);
  assert.deepEqual(read(encodeTransit(value, false)), read(encodeTransitWithTransitJs(value, false)));
  assert.deepEqual(sdk.transit.read(encodeTransit(value, false)), sdk.transit.read(encodeTransitWithTransitJs(value, false)));
});

test('values outside WireValue are left to transit-js (same output)', () => {
  const odd = { when: new Map([['a', 1]]) } as unknown as WireValue;
  assert.equal(encodeTransit(odd, false), encodeTransitWithTransitJs(odd, false));
  const holey = { list: [1, undefined] } as unknown as WireValue;
  assert.equal(encodeTransit(holey, false), encodeTransitWithTransitJs(holey, false));
});

test('a verbose response does not make later responses verbose', () => {
  const value: WireValue = { data: { id: new Uuid(ID), type: new Keyword('listing') } };
  const before = encodeTransitWithTransitJs(value, false);
  encodeTransitWithTransitJs(value, true);
  assert.equal(encodeTransitWithTransitJs(value, false), before);
  assert.match(before, /^\["\^ "/);
});

test('objects without a prototype are written as maps (transit-js wrote them as null)', () => {
  const bare: Record<string, WireValue> = Object.create(null);
  bare.key = 1;
  assert.deepEqual(decodeTransitBody(encodeTransit({ bare, empty: Object.create(null) }, false)), { bare: { key: 1 }, empty: {} });
});
