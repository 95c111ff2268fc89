import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../domain/errors.ts';
import { Money } from '../../lib/values.ts';
import { parseLineItems } from './parse-line-items.ts';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** Asserts a 400 with this code whose source path is params.lineItems + `rest`. */
function rejects(raw: unknown, code: string, rest: (string | number)[]): void {
  assert.throws(
    () => parseLineItems(raw),
    (err: unknown) => {
      assert.ok(err instanceof DomainError, String(err));
      assert.equal(err.kind, 'bad-request');
      assert.equal(err.code, code, err.message);
      assert.deepEqual(err.source, { type: 'body', path: ['params', 'lineItems', ...rest] });
      return true;
    },
  );
}

test('a valid list parses into typed inputs with includeFor defaulting to both parties', () => {
  const [night, fee, commission, seats] = parseLineItems([
    { code: 'line-item/night', unitPrice: eur(5000), quantity: 3 },
    {
      code: 'line-item/cleaning-fee',
      unitPrice: eur(2000),
      quantity: '1',
      includeFor: ['provider', 'customer'],
    },
    {
      code: 'line-item/provider-commission',
      unitPrice: eur(17000),
      percentage: -10,
      includeFor: ['provider'],
    },
    { code: 'line-item/hour', unitPrice: eur(1000), units: '1.5', seats: 2, lineTotal: eur(3000) },
  ]);
  assert.equal(night?.code, 'line-item/night');
  assert.deepEqual(night?.unitPrice, new Money(5000, 'EUR'));
  assert.equal(night?.basis.kind, 'quantity');
  assert.deepEqual(night?.includeFor, ['customer', 'provider']);
  assert.deepEqual(fee?.includeFor, ['customer', 'provider'], 'canonical order');
  assert.equal(
    commission?.basis.kind === 'percentage' && commission.basis.percentage.toString(),
    '-10',
  );
  assert.deepEqual(commission?.includeFor, ['provider']);
  assert.ok(seats?.basis.kind === 'seats-units');
  assert.equal(seats.basis.units.toString(), '1.5');
  assert.equal(seats.basis.seats.toString(), '2');
  assert.deepEqual(seats.lineTotal, new Money(3000, 'EUR'));
});

test('unknown keys are ignored (clients echo computed fields)', () => {
  const [item] = parseLineItems([
    { code: 'line-item/day', unitPrice: eur(100), quantity: 1, reversal: false, cardToken: 'x' },
  ]);
  assert.equal(item?.code, 'line-item/day');
});

test('the list itself: missing, not an array, more than 50 items', () => {
  rejects(undefined, 'validation-missing-key', []);
  rejects({ code: 'line-item/x' }, 'validation-invalid-value', []);
  const item = { code: 'line-item/x', unitPrice: eur(1), quantity: 1 };
  assert.equal(parseLineItems(Array.from({ length: 50 }, () => item)).length, 50);
  rejects(
    Array.from({ length: 51 }, () => item),
    'validation-invalid-value',
    [],
  );
  assert.deepEqual(parseLineItems([]), [], 'an empty list is allowed');
});

test('codes: required, line-item/ prefix, a name, at most 64 characters', () => {
  const ok = { unitPrice: eur(1), quantity: 1 };
  rejects([{ ...ok }], 'validation-missing-key', [0, 'code']);
  rejects([{ ...ok, code: 7 }], 'validation-invalid-value', [0, 'code']);
  rejects([{ ...ok, code: 'night' }], 'validation-invalid-value', [0, 'code']);
  rejects([{ ...ok, code: 'line-item/' }], 'validation-invalid-value', [0, 'code']);
  const sixtyFour = `line-item/${'x'.repeat(54)}`;
  assert.equal(sixtyFour.length, 64);
  assert.equal(parseLineItems([{ ...ok, code: sixtyFour }])[0]?.code, sixtyFour);
  rejects(
    [
      { ...ok, code: 'line-item/a' },
      { ...ok, code: `${sixtyFour}y` },
    ],
    'validation-invalid-value',
    [1, 'code'],
  );
});

test('unit price: required Money with integer minor units and an ISO currency', () => {
  const base = { code: 'line-item/a', quantity: 1 };
  rejects([{ ...base }], 'validation-missing-key', [0, 'unitPrice']);
  rejects([{ ...base, unitPrice: 100 }], 'validation-invalid-value', [0, 'unitPrice']);
  rejects([{ ...base, unitPrice: { amount: 10.5, currency: 'EUR' } }], 'validation-invalid-value', [
    0,
    'unitPrice',
    'amount',
  ]);
  rejects([{ ...base, unitPrice: { amount: 10, currency: 'euro' } }], 'validation-invalid-value', [
    0,
    'unitPrice',
    'currency',
  ]);
  rejects([{ ...base, unitPrice: { currency: 'EUR' } }], 'validation-missing-key', [
    0,
    'unitPrice',
    'amount',
  ]);
  // Negative prices are allowed (discounts, fixed provider commissions).
  assert.deepEqual(
    parseLineItems([{ ...base, unitPrice: eur(-500) }])[0]?.unitPrice,
    new Money(-500, 'EUR'),
  );
});

test('exactly one basis: quantity, percentage, or seats and units together', () => {
  const base = { code: 'line-item/a', unitPrice: eur(100) };
  rejects([{ ...base }], 'validation-invalid-params', [0]);
  rejects([{ ...base, quantity: 1, percentage: 10 }], 'validation-invalid-params', [0]);
  rejects([{ ...base, quantity: 1, seats: 1, units: 1 }], 'validation-invalid-params', [0]);
  rejects([{ ...base, seats: 2 }], 'validation-invalid-params', [0]);
  rejects([{ ...base, units: 2 }], 'validation-invalid-params', [0]);
  rejects([{ ...base, quantity: 'two' }], 'validation-invalid-value', [0, 'quantity']);
  rejects([{ ...base, percentage: true }], 'validation-invalid-value', [0, 'percentage']);
  rejects([{ ...base, seats: 2, units: '1,5' }], 'validation-invalid-value', [0, 'units']);
  // Negative and fractional values are numbers like any other.
  assert.equal(parseLineItems([{ ...base, quantity: -1 }])[0]?.basis.kind, 'quantity');
  assert.equal(parseLineItems([{ ...base, quantity: '0.25' }])[0]?.basis.kind, 'quantity');
});

test('includeFor: only customer and provider', () => {
  const base = { code: 'line-item/a', unitPrice: eur(100), quantity: 1 };
  rejects([{ ...base, includeFor: 'customer' }], 'validation-invalid-value', [0, 'includeFor']);
  rejects([{ ...base, includeFor: ['customer', 'operator'] }], 'validation-invalid-value', [
    0,
    'includeFor',
    1,
  ]);
  assert.deepEqual(
    parseLineItems([{ ...base, includeFor: ['customer', 'customer'] }])[0]?.includeFor,
    ['customer'],
  );
});

test('one currency across every unit price and line total', () => {
  const a = { code: 'line-item/a', unitPrice: eur(100), quantity: 1 };
  rejects(
    [a, { code: 'line-item/b', unitPrice: { amount: 100, currency: 'USD' }, quantity: 1 }],
    'validation-invalid-params',
    [1, 'unitPrice', 'currency'],
  );
  rejects([{ ...a, lineTotal: { amount: 100, currency: 'USD' } }], 'validation-invalid-params', [
    0,
    'lineTotal',
    'currency',
  ]);
});

test('the deprecated form takes bare codes and counts every item for both parties', () => {
  const [item] = parseLineItems(
    [
      {
        code: 'cleaning-fee',
        unitPrice: eur(100),
        quantity: 1,
        includeFor: ['customer'],
        lineTotal: eur(1),
      },
    ],
    { legacy: true },
  );
  assert.equal(item?.code, 'line-item/cleaning-fee');
  assert.deepEqual(item?.includeFor, ['customer', 'provider']);
  assert.equal(item?.lineTotal, undefined);
});
