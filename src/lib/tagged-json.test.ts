import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromTaggedJson, TaggedJsonError, toTaggedJson } from './tagged-json.ts';
import { Decimal, Keyword, LatLng, Money, Uuid, type WireValue } from './values.ts';

/** Round-trips through a JSON string, as the database does. */
const roundTrip = (value: WireValue): WireValue => fromTaggedJson(JSON.parse(JSON.stringify(toTaggedJson(value))));

test('typed values keep their types through a round-trip', () => {
  const value: WireValue = {
    id: new Uuid('0e0b60fe-d9a2-11e6-bf26-cec0c932ce01'),
    type: 'listing',
    attributes: {
      price: new Money(1500, 'EUR'),
      geolocation: new LatLng(60.17, 24.94),
      quantity: new Decimal('2.50'),
      state: new Keyword('published'),
      createdAt: new Date('2024-01-02T03:04:05.678Z'),
      tags: ['a', 1, true, null, [new Uuid('11111111-1111-4111-8111-111111111111')]],
      nested: { deep: { deeper: new Money(-1, 'USD') } },
    },
  };
  const back = roundTrip(value);
  assert.deepEqual(back, value);
  const attrs = (back as { attributes: { price: unknown; createdAt: unknown } }).attributes;
  assert.ok(attrs.price instanceof Money);
  assert.ok(attrs.createdAt instanceof Date);
});

test('user keys that look like tags are escaped and restored', () => {
  const value: WireValue = {
    '~u': 'not a uuid',
    '~~already': 1,
    '~': 'bare tilde',
    '~mn': [1, 'EUR'],
    plain: { '~t': '2024-01-01T00:00:00.000Z' },
    __proto__key: 'x',
  };
  const stored = toTaggedJson(value);
  assert.deepEqual(stored, {
    '~~u': 'not a uuid',
    '~~~already': 1,
    '~~': 'bare tilde',
    '~~mn': [1, 'EUR'],
    plain: { '~~t': '2024-01-01T00:00:00.000Z' },
    __proto__key: 'x',
  });
  assert.deepEqual(roundTrip(value), value);
  // The string value of an escaped key is never decoded as a typed value.
  const back = roundTrip({ '~u': '0e0b60fe-d9a2-11e6-bf26-cec0c932ce01' });
  assert.deepEqual(back, { '~u': '0e0b60fe-d9a2-11e6-bf26-cec0c932ce01' });
});

test('a __proto__ key is kept as data, not as a prototype', () => {
  const value = JSON.parse('{"__proto__": {"polluted": true}}') as WireValue;
  const back = roundTrip(value);
  assert.equal(Object.getPrototypeOf(back), Object.prototype);
  assert.deepEqual(Object.keys(back as object), ['__proto__']);
  assert.equal(({} as { polluted?: boolean }).polluted, undefined);
});

test('primitives, empty containers and strings starting with ~ are stored as themselves', () => {
  for (const v of [null, 0, -1.5, 'x', '~u123', true, [], {}] satisfies WireValue[]) {
    assert.deepEqual(toTaggedJson(v), v);
    assert.deepEqual(roundTrip(v), v);
  }
});

test('malformed tagged input is rejected', () => {
  const bad: unknown[] = [
    { '~u': 1 },
    { '~mn': [1] },
    { '~geo': ['a', 'b'] },
    { '~t': 'not a date' },
    { '~zz': 'x' },
    { '~u': 'a', other: 1 },
    { other: 1, '~u': 'a' },
  ];
  for (const json of bad) assert.throws(() => fromTaggedJson(json), TaggedJsonError, JSON.stringify(json));
  assert.throws(() => toTaggedJson(Number.NaN), TaggedJsonError);
});
