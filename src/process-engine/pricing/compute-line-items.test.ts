import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../domain/errors.ts';
import { Money } from '../../lib/values.ts';
import { computeLineItems, fullRefund, totals } from './compute-line-items.ts';
import type { LineItem } from './line-item.ts';
import { parseLineItems } from './parse-line-items.ts';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const compute = (raw: unknown[]): LineItem[] => computeLineItems(parseLineItems(raw));
const isDomainError =
  (kind: string, code: string, path?: (string | number)[]) =>
  (err: unknown): boolean => {
    assert.ok(err instanceof DomainError, String(err));
    assert.equal(err.kind, kind);
    assert.equal(err.code, code, err.message);
    if (path) assert.deepEqual(err.source?.path, path);
    return true;
  };

test('a booking with commissions: totals per includeFor (hand-computed)', () => {
  const items = compute([
    { code: 'line-item/night', unitPrice: eur(5000), quantity: 3 },
    {
      code: 'line-item/customer-commission',
      unitPrice: eur(15000),
      percentage: 12.5,
      includeFor: ['customer'],
    },
    {
      code: 'line-item/provider-commission',
      unitPrice: eur(15000),
      percentage: -10,
      includeFor: ['provider'],
    },
  ]);
  // 50.00 × 3 = 150.00; 12.5 % of 150.00 = 18.75; −10 % of 150.00 = −15.00
  assert.deepEqual(
    items.map((i) => i.lineTotal.amount),
    [15000, 1875, -1500],
  );
  assert.deepEqual(items[0], {
    code: 'line-item/night',
    unitPrice: new Money(5000, 'EUR'),
    quantity: '3',
    lineTotal: new Money(15000, 'EUR'),
    reversal: false,
    includeFor: ['customer', 'provider'],
  });
  assert.equal(items[1]?.percentage, '12.5');
  assert.equal(items[2]?.percentage, '-10');
  // payin = 150.00 + 18.75; payout = 150.00 − 15.00
  assert.deepEqual(totals(items), {
    payinTotal: new Money(16875, 'EUR'),
    payoutTotal: new Money(13500, 'EUR'),
  });
});

test('line totals round once, half away from zero, to a minor unit', () => {
  const items = compute([
    { code: 'line-item/a', unitPrice: eur(333), percentage: 15 }, // 49.95 → 50
    { code: 'line-item/b', unitPrice: eur(333), percentage: -15 }, // −49.95 → −50
    { code: 'line-item/c', unitPrice: eur(333), quantity: 1.5 }, // 499.5 → 500
    { code: 'line-item/d', unitPrice: eur(1), quantity: '0.5' }, // 0.5 → 1
    { code: 'line-item/e', unitPrice: eur(1), quantity: '-0.5' }, // −0.5 → −1
    { code: 'line-item/f', unitPrice: eur(1999), quantity: '2.25' }, // 4497.75 → 4498
    { code: 'line-item/g', unitPrice: eur(1000), quantity: '0.1' }, // 100, not 100.00000000000001
    { code: 'line-item/h', unitPrice: eur(10), percentage: '33.3333' }, // 3.33333 → 3
  ]);
  assert.deepEqual(
    items.map((i) => i.lineTotal.amount),
    [50, -50, 500, 1, -1, 4498, 100, 3],
  );
});

test('seats and units: quantity = units × seats and the total uses both', () => {
  const [item] = compute([
    { code: 'line-item/hour', unitPrice: eur(1000), units: '1.5', seats: 3, lineTotal: eur(4500) },
  ]);
  assert.deepEqual(item, {
    code: 'line-item/hour',
    unitPrice: new Money(1000, 'EUR'),
    quantity: '4.5',
    units: '1.5',
    seats: '3',
    lineTotal: new Money(4500, 'EUR'),
    reversal: false,
    includeFor: ['customer', 'provider'],
  });
});

test('a lineTotal that differs from the computation is a 400 on that item', () => {
  assert.throws(
    () =>
      compute([
        { code: 'line-item/a', unitPrice: eur(100), quantity: 1 },
        { code: 'line-item/b', unitPrice: eur(333), percentage: 15, lineTotal: eur(49) },
      ]),
    isDomainError('bad-request', 'validation-invalid-value', [
      'params',
      'lineItems',
      1,
      'lineTotal',
    ]),
  );
  // The rounded value is the one that validates.
  assert.equal(
    compute([{ code: 'line-item/b', unitPrice: eur(333), percentage: 15, lineTotal: eur(50) }])
      .length,
    1,
  );
});

test('negative line items: discounts and fixed commissions', () => {
  const items = compute([
    { code: 'line-item/item', unitPrice: eur(2000), quantity: 2 },
    { code: 'line-item/discount', unitPrice: eur(-500), quantity: 1 },
    {
      code: 'line-item/provider-commission',
      unitPrice: eur(300),
      quantity: -1,
      includeFor: ['provider'],
    },
    {
      code: 'line-item/customer-commission',
      unitPrice: eur(250),
      quantity: 1,
      includeFor: ['customer'],
    },
  ]);
  // payin = 40.00 − 5.00 + 2.50; payout = 40.00 − 5.00 − 3.00
  assert.deepEqual(totals(items), {
    payinTotal: new Money(3750, 'EUR'),
    payoutTotal: new Money(3200, 'EUR'),
  });
});

test('a negative payin or payout is refused', () => {
  const payout = compute([
    { code: 'line-item/item', unitPrice: eur(1000), quantity: 1 },
    {
      code: 'line-item/provider-commission',
      unitPrice: eur(1500),
      quantity: -1,
      includeFor: ['provider'],
    },
  ]);
  assert.throws(
    () => totals(payout),
    isDomainError('bad-request', 'validation-invalid-params', ['params', 'lineItems']),
  );
  const payin = compute([
    { code: 'line-item/refund', unitPrice: eur(-1), quantity: 1, includeFor: ['customer'] },
  ]);
  assert.throws(() => totals(payin), /payin total would be negative/);
  // Zero is fine.
  assert.deepEqual(totals(compute([{ code: 'line-item/free', unitPrice: eur(0), quantity: 1 }])), {
    payinTotal: new Money(0, 'EUR'),
    payoutTotal: new Money(0, 'EUR'),
  });
});

test('no line items means no totals (an inquiry)', () => {
  assert.deepEqual(totals([]), { payinTotal: null, payoutTotal: null });
});

test('totals refuse stored items in two currencies', () => {
  const [a] = compute([{ code: 'line-item/a', unitPrice: eur(100), quantity: 1 }]);
  const [b] = computeLineItems(
    parseLineItems([
      { code: 'line-item/b', unitPrice: { amount: 100, currency: 'USD' }, quantity: 1 },
    ]),
  );
  assert.ok(a && b);
  assert.throws(() => totals([a, b]), /one currency/);
});

test('a line total beyond 2^53 minor units is a 400 on that item', () => {
  assert.throws(
    () => compute([{ code: 'line-item/a', unitPrice: eur(Number.MAX_SAFE_INTEGER), quantity: 2 }]),
    isDomainError('bad-request', 'validation-invalid-value', ['params', 'lineItems', 0]),
  );
});

test('full refund appends one reversal per item and zeroes both totals; only once', () => {
  const items = compute([
    { code: 'line-item/hour', unitPrice: eur(1000), units: '1.5', seats: 2 },
    {
      code: 'line-item/provider-commission',
      unitPrice: eur(3000),
      percentage: -10,
      includeFor: ['provider'],
    },
    {
      code: 'line-item/customer-commission',
      unitPrice: eur(3000),
      percentage: 5,
      includeFor: ['customer'],
    },
  ]);
  const refunded = fullRefund(items);
  assert.equal(refunded.length, 6);
  assert.deepEqual(refunded.slice(0, 3), items, 'the original items stay');
  assert.deepEqual(refunded[3], {
    code: 'line-item/hour',
    unitPrice: new Money(1000, 'EUR'),
    quantity: '-3',
    units: '1.5',
    seats: '2',
    lineTotal: new Money(-3000, 'EUR'),
    reversal: true,
    includeFor: ['customer', 'provider'],
  });
  assert.deepEqual(refunded[4], {
    code: 'line-item/provider-commission',
    unitPrice: new Money(3000, 'EUR'),
    percentage: '10',
    lineTotal: new Money(300, 'EUR'),
    reversal: true,
    includeFor: ['provider'],
  });
  assert.equal(refunded[5]?.lineTotal.amount, -150);
  assert.deepEqual(totals(refunded), {
    payinTotal: new Money(0, 'EUR'),
    payoutTotal: new Money(0, 'EUR'),
  });
  assert.throws(
    () => fullRefund(refunded),
    isDomainError('conflict', 'transaction-invalid-action-sequence'),
  );
});
