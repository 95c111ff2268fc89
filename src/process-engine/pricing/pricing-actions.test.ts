import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../domain/errors.ts';
import { Money } from '../../lib/values.ts';
import {
  ACTION_CATALOGUE,
  readEdn,
  isMap,
  isKeyword,
  type ActionConfig,
} from '../definition/index.ts';
import { daysBetween, nightsBetween } from './booking-units.ts';
import type { LineItem } from './line-item.ts';
import type { PricingContext, PricingResult } from './pricing-action.ts';
import { PRICING_ACTIONS, pricingAction } from './pricing-actions.ts';

const EUR = (amount: number) => new Money(amount, 'EUR');
const at = (iso: string) => new Date(iso);

function run(name: string, ctx: Partial<PricingContext> = {}): PricingResult {
  const action = pricingAction(`action/${name}`);
  assert.ok(action, `${name} is registered`);
  return action({
    lineItems: [],
    listingPrice: null,
    booking: null,
    params: {},
    config: undefined,
    ...ctx,
  });
}

/** `:config` as process.edn would give it (EDN text of a map). */
function config(edn: string): ActionConfig {
  const map = readEdn(edn);
  assert.ok(isMap(map));
  const out: Record<string, ReturnType<typeof readEdn>> = {};
  for (const [k, v] of map.entries) if (isKeyword(k)) out[k.name] = v;
  return out;
}

const fails =
  (kind: string, code: string, path?: (string | number)[]) =>
  (err: unknown): boolean => {
    assert.ok(err instanceof DomainError, String(err));
    assert.equal(err.kind, kind);
    assert.equal(err.code, code, err.message);
    if (path) assert.deepEqual(err.source?.path, path);
    return true;
  };

const totalsOf = (r: PricingResult) => [r.payinTotal?.amount, r.payoutTotal?.amount];

test('every pricing action of the catalogue is registered, and nothing else', () => {
  const pricing = [...ACTION_CATALOGUE.values()]
    .filter((s) => s.family === 'pricing')
    .map((s) => s.name);
  assert.deepEqual(Object.keys(PRICING_ACTIONS).sort(), [...pricing].sort());
  assert.equal(pricingAction('action/accept-booking'), undefined);
  assert.equal(pricingAction('toString'), undefined);
});

test('privileged-set-line-items replaces all items and computes totals', () => {
  const old: LineItem = {
    code: 'line-item/old',
    unitPrice: EUR(1),
    quantity: '1',
    lineTotal: EUR(1),
    reversal: false,
    includeFor: ['customer', 'provider'],
  };
  const r = run('privileged-set-line-items', {
    lineItems: [old],
    params: {
      lineItems: [
        { code: 'line-item/day', unitPrice: { amount: 4000, currency: 'USD' }, quantity: 2 },
        {
          code: 'line-item/provider-commission',
          unitPrice: { amount: 8000, currency: 'USD' },
          percentage: -15,
          includeFor: ['provider'],
        },
      ],
    },
  });
  assert.deepEqual(
    r.lineItems.map((i) => i.code),
    ['line-item/day', 'line-item/provider-commission'],
  );
  // 40.00 × 2 = 80.00; provider keeps 80.00 − 12.00
  assert.deepEqual(r.payinTotal, new Money(8000, 'USD'));
  assert.deepEqual(r.payoutTotal, new Money(6800, 'USD'));
});

test('privileged-set-line-items: malformed items and negative totals are 400s', () => {
  assert.throws(
    () => run('privileged-set-line-items', {}),
    fails('bad-request', 'validation-missing-key', ['params', 'lineItems']),
  );
  assert.throws(
    () =>
      run('privileged-set-line-items', {
        params: {
          lineItems: [
            { code: 'line-item/a', unitPrice: { amount: 100, currency: 'EUR' }, quantity: 1 },
            {
              code: 'line-item/b',
              unitPrice: { amount: 500, currency: 'EUR' },
              quantity: -1,
              includeFor: ['provider'],
            },
          ],
        },
      }),
    fails('bad-request', 'validation-invalid-params', ['params', 'lineItems']),
  );
});

test('set-line-items-and-total (deprecated) counts every item for both parties', () => {
  const r = run('set-line-items-and-total', {
    params: {
      lineItems: [
        { code: 'night', unitPrice: { amount: 9000, currency: 'EUR' }, quantity: 2 },
        { code: 'line-item/fee', unitPrice: { amount: 1000, currency: 'EUR' }, percentage: 50 },
      ],
    },
  });
  assert.deepEqual(
    r.lineItems.map((i) => i.code),
    ['line-item/night', 'line-item/fee'],
  );
  assert.deepEqual(totalsOf(r), [18500, 18500]);
});

test('calculate-full-refund zeroes totals and refuses to run twice', () => {
  const set = run('privileged-set-line-items', {
    params: {
      lineItems: [
        { code: 'line-item/item', unitPrice: { amount: 1250, currency: 'EUR' }, quantity: 3 },
      ],
    },
  });
  const refund = run('calculate-full-refund', { lineItems: set.lineItems });
  assert.equal(refund.lineItems.length, 2);
  assert.deepEqual(refund.lineItems[1]?.lineTotal, EUR(-3750));
  assert.deepEqual(totalsOf(refund), [0, 0]);
  assert.throws(
    () => run('calculate-full-refund', { lineItems: refund.lineItems }),
    fails('conflict', 'transaction-invalid-action-sequence'),
  );
});

test('set-negotiated-total-price adds one negotiation item, then updates it', () => {
  const base = run('privileged-set-line-items', {
    params: {
      lineItems: [
        { code: 'line-item/offer', unitPrice: { amount: 10000, currency: 'EUR' }, quantity: 1 },
        {
          code: 'line-item/provider-commission',
          unitPrice: { amount: 10000, currency: 'EUR' },
          percentage: -10,
          includeFor: ['provider'],
        },
      ],
    },
  });
  const first = run('set-negotiated-total-price', {
    lineItems: base.lineItems,
    params: { negotiatedTotal: { amount: 8000, currency: 'EUR' } },
  });
  assert.equal(first.lineItems.length, 3);
  assert.deepEqual(first.lineItems[2], {
    code: 'line-item/negotiation',
    unitPrice: EUR(-2000),
    quantity: '1',
    lineTotal: EUR(-2000),
    reversal: false,
    includeFor: ['customer', 'provider'],
  });
  // payin 100 − 20; payout 100 − 10 − 20 (the commission line stays as it was)
  assert.deepEqual(totalsOf(first), [8000, 7000]);
  const counter = run('set-negotiated-total-price', {
    lineItems: first.lineItems,
    params: { negotiatedTotal: { amount: 12000, currency: 'EUR' } },
  });
  assert.equal(counter.lineItems.length, 3, 'the same item is updated');
  assert.deepEqual(counter.lineItems[2]?.lineTotal, EUR(2000));
  assert.deepEqual(totalsOf(counter), [12000, 11000]);
});

test('set-negotiated-total-price validates its parameter', () => {
  const path = ['params', 'negotiatedTotal'];
  assert.throws(
    () => run('set-negotiated-total-price'),
    fails('bad-request', 'validation-missing-key', path),
  );
  assert.throws(
    () =>
      run('set-negotiated-total-price', {
        params: { negotiatedTotal: { amount: -1, currency: 'EUR' } },
      }),
    fails('bad-request', 'validation-invalid-value', path),
  );
  const eurItems = run('privileged-set-line-items', {
    params: {
      lineItems: [
        { code: 'line-item/a', unitPrice: { amount: 100, currency: 'EUR' }, quantity: 1 },
      ],
    },
  }).lineItems;
  assert.throws(
    () =>
      run('set-negotiated-total-price', {
        lineItems: eurItems,
        params: { negotiatedTotal: { amount: 100, currency: 'USD' } },
      }),
    fails('bad-request', 'validation-invalid-value', [...path, 'currency']),
  );
  // A transaction without items: the offer is the whole price.
  const fresh = run('set-negotiated-total-price', {
    params: { negotiatedTotal: { amount: 4200, currency: 'EUR' } },
  });
  assert.deepEqual(totalsOf(fresh), [4200, 4200]);
});

test('nights vs days of a booking (UTC dates, end exclusive)', () => {
  // Day booking Jan 1 → Jan 4 (exclusive): nights of Jan 1, 2, 3; days Jan 1, 2, 3.
  assert.equal(nightsBetween(at('2025-01-01T00:00:00Z'), at('2025-01-04T00:00:00Z')), 3);
  assert.equal(daysBetween(at('2025-01-01T00:00:00Z'), at('2025-01-04T00:00:00Z')), 3);
  // Check-in 14:00, check-out 11:00 two days later: 2 nights, but it touches 3 dates.
  assert.equal(nightsBetween(at('2025-01-01T14:00:00Z'), at('2025-01-03T11:00:00Z')), 2);
  assert.equal(daysBetween(at('2025-01-01T14:00:00Z'), at('2025-01-03T11:00:00Z')), 3);
  // Within one date: no night, one day.
  assert.equal(nightsBetween(at('2025-01-01T09:00:00Z'), at('2025-01-01T17:00:00Z')), 0);
  assert.equal(daysBetween(at('2025-01-01T09:00:00Z'), at('2025-01-01T17:00:00Z')), 1);
  // Across a month end and a leap day.
  assert.equal(nightsBetween(at('2024-02-27T00:00:00Z'), at('2024-03-02T00:00:00Z')), 4);
  assert.equal(daysBetween(at('2024-02-27T00:00:00Z'), at('2024-03-02T00:00:00Z')), 4);
});

test('calculate-tx-nightly-total-price and -daily-total-price price the booking', () => {
  const booking = { start: at('2025-06-01T15:00:00Z'), end: at('2025-06-04T10:00:00Z'), seats: 1 };
  const nightly = run('calculate-tx-nightly-total-price', { booking, listingPrice: EUR(7500) });
  assert.deepEqual(
    nightly.lineItems.map((i) => [i.code, i.quantity, i.lineTotal.amount]),
    [['line-item/night', '3', 22500]],
  );
  assert.deepEqual(totalsOf(nightly), [22500, 22500]);
  const daily = run('calculate-tx-daily-total-price', { booking, listingPrice: EUR(7500) });
  // Jun 1, 2, 3, 4 are touched: 4 days.
  assert.deepEqual(
    daily.lineItems.map((i) => [i.code, i.quantity, i.lineTotal.amount]),
    [['line-item/day', '4', 30000]],
  );
  // The older names price like their -price counterparts.
  assert.deepEqual(
    run('calculate-tx-total', { booking, listingPrice: EUR(7500) }).lineItems,
    nightly.lineItems,
  );
  assert.deepEqual(
    run('calculate-tx-nightly-total', { booking, listingPrice: EUR(7500) }).lineItems,
    nightly.lineItems,
  );
  assert.deepEqual(
    run('calculate-tx-daily-total', { booking, listingPrice: EUR(7500) }).lineItems,
    daily.lineItems,
  );
  // Several seats: priced per seat.
  const seats = run('calculate-tx-nightly-total-price', {
    booking: { ...booking, seats: 2 },
    listingPrice: EUR(7500),
  });
  assert.deepEqual(
    seats.lineItems.map((i) => [i.units, i.seats, i.quantity, i.lineTotal.amount]),
    [['3', '2', '6', 45000]],
  );
});

test('booking pricing needs a booking, a price and enough nights/days', () => {
  const booking = { start: at('2025-06-01T00:00:00Z'), end: at('2025-06-03T00:00:00Z'), seats: 1 };
  assert.throws(
    () => run('calculate-tx-nightly-total-price', { listingPrice: EUR(100) }),
    fails('conflict', 'transaction-invalid-action-sequence'),
  );
  assert.throws(
    () => run('calculate-tx-daily-total-price', { booking }),
    fails('conflict', 'transaction-missing-listing-price'),
  );
  assert.throws(
    () =>
      run('calculate-tx-nightly-total-price', {
        booking: { start: at('2025-06-01T09:00:00Z'), end: at('2025-06-01T12:00:00Z'), seats: 1 },
        listingPrice: EUR(100),
      }),
    fails('conflict', 'conflict'),
  );
  // Exclude start and end: Jun 1 → Jun 3 touches 2 days, too short.
  assert.throws(
    () =>
      run('calculate-tx-total-daily-booking-exclude-start', { booking, listingPrice: EUR(100) }),
    fails('conflict', 'conflict'),
  );
  // Jun 1 → Jun 6 (exclusive) touches 5 days; 3 remain.
  const r = run('calculate-tx-total-daily-booking-exclude-start', {
    booking: { ...booking, end: at('2025-06-06T00:00:00Z') },
    listingPrice: EUR(100),
  });
  assert.deepEqual(
    r.lineItems.map((i) => [i.code, i.quantity, i.lineTotal.amount]),
    [['line-item/day', '3', 300]],
  );
});

test('calculate-tx-unit-total-price and -two-units-total-price', () => {
  const unit = run('calculate-tx-unit-total-price', {
    listingPrice: EUR(1250),
    params: { quantity: 4 },
  });
  assert.deepEqual(
    unit.lineItems.map((i) => [i.code, i.quantity, i.lineTotal.amount]),
    [['line-item/units', '4', 5000]],
  );
  assert.throws(
    () =>
      run('calculate-tx-unit-total-price', { listingPrice: EUR(1250), params: { quantity: 0 } }),
    fails('bad-request', 'validation-invalid-value', ['params', 'quantity']),
  );
  assert.throws(
    () => run('calculate-tx-unit-total-price', { listingPrice: EUR(1250) }),
    fails('bad-request', 'validation-missing-key', ['params', 'quantity']),
  );
  assert.throws(
    () => run('calculate-tx-unit-total-price', { params: { quantity: 1 } }),
    fails('conflict', 'transaction-missing-listing-price'),
  );

  const two = run('calculate-tx-two-units-total-price', {
    listingPrice: EUR(1000),
    params: { quantity1: 2, quantity2: 3 },
    config: config('{:quantity1-price-multiplier 1.5M}'),
  });
  // 2 × 1.5 × 10.00 + 3 × 1 × 10.00
  assert.deepEqual(
    two.lineItems.map((i) => [i.code, i.quantity, i.lineTotal.amount]),
    [
      ['line-item/units1', '3', 3000],
      ['line-item/units2', '3', 3000],
    ],
  );
  assert.deepEqual(totalsOf(two), [6000, 6000]);
  assert.throws(
    () =>
      run('calculate-tx-two-units-total-price', {
        listingPrice: EUR(1000),
        params: { quantity1: -1, quantity2: 0 },
      }),
    fails('bad-request', 'validation-invalid-value', ['params', 'quantity1']),
  );
});

function priced(amount: number): LineItem[] {
  return run('calculate-tx-unit-total-price', {
    listingPrice: EUR(amount),
    params: { quantity: 1 },
  }).lineItems;
}

test('percentage commissions accumulate on the total price', () => {
  const lineItems = priced(10000);
  const cfg = config('{:commission 0.1M}');
  const once = run('calculate-tx-customer-commission', {
    lineItems,
    listingPrice: EUR(10000),
    config: cfg,
  });
  const twice = run('calculate-tx-customer-commission', {
    lineItems: once.lineItems,
    listingPrice: EUR(10000),
    config: cfg,
  });
  // §2.2: 100 EUR with two consecutive 10 % customer commissions ⇒ 120 EUR payin.
  assert.deepEqual(totalsOf(twice), [12000, 10000]);
  assert.deepEqual(twice.lineItems[2], {
    code: 'line-item/customer-commission',
    unitPrice: EUR(10000),
    percentage: '10',
    lineTotal: EUR(1000),
    reversal: false,
    includeFor: ['customer'],
  });
  const provider = run('calculate-tx-provider-commission', {
    lineItems,
    listingPrice: EUR(10000),
    config: cfg,
  });
  const provider2 = run('calculate-tx-provider-commission', {
    lineItems: provider.lineItems,
    listingPrice: EUR(10000),
    config: cfg,
  });
  // … and two 10 % provider commissions ⇒ 80 EUR payout.
  assert.deepEqual(totalsOf(provider2), [10000, 8000]);
  assert.equal(provider2.lineItems[1]?.percentage, '-10');
});

test('commission min and max clamp to a ±1 quantity item', () => {
  const lineItems = priced(1000); // 10.00 EUR
  const cfg = config(
    '{:commission 0.1M :min {:amount 2M :currency "EUR"} :max {:amount 20M :currency "EUR"}}',
  );
  // 10 % of 10.00 = 1.00 < 2.00 minimum
  const min = run('calculate-tx-provider-commission', {
    lineItems,
    listingPrice: EUR(1000),
    config: cfg,
  });
  assert.deepEqual(min.lineItems[1], {
    code: 'line-item/provider-commission',
    unitPrice: EUR(200),
    quantity: '-1',
    lineTotal: EUR(-200),
    reversal: false,
    includeFor: ['provider'],
  });
  assert.deepEqual(totalsOf(min), [1000, 800]);
  // 10 % of 500.00 = 50.00 > 20.00 maximum
  const max = run('calculate-tx-customer-commission', {
    lineItems: priced(50000),
    listingPrice: EUR(50000),
    config: cfg,
  });
  assert.deepEqual([max.lineItems[1]?.quantity, max.lineItems[1]?.lineTotal.amount], ['1', 2000]);
  // Between the bounds: the percentage item itself (10 % of 100.00).
  const mid = run('calculate-tx-customer-commission', {
    lineItems: priced(10000),
    listingPrice: EUR(10000),
    config: cfg,
  });
  assert.deepEqual(
    [mid.lineItems[1]?.percentage, mid.lineItems[1]?.lineTotal.amount],
    ['10', 1000],
  );
});

test('commission preconditions: a total price, matching currencies, min < max, payout ≥ 0', () => {
  const cfg = config('{:commission 0.1M}');
  assert.throws(
    () => run('calculate-tx-customer-commission', { listingPrice: EUR(100), config: cfg }),
    fails('conflict', 'transaction-invalid-action-sequence'),
  );
  assert.throws(
    () =>
      run('calculate-tx-customer-commission', {
        lineItems: priced(1000),
        listingPrice: EUR(1000),
        config: config('{:commission 0.1M :min {:amount 2M :currency "USD"}}'),
      }),
    fails('conflict', 'conflict'),
  );
  assert.throws(
    () =>
      run('calculate-tx-customer-commission', {
        lineItems: priced(1000),
        listingPrice: EUR(1000),
        config: config(
          '{:commission 0.1M :min {:amount 5M :currency "EUR"} :max {:amount 5M :currency "EUR"}}',
        ),
      }),
    fails('conflict', 'conflict'),
  );
  // 150 % provider commission: the payout would be negative.
  assert.throws(
    () =>
      run('calculate-tx-provider-commission', {
        lineItems: priced(1000),
        listingPrice: EUR(1000),
        config: config('{:commission 1.5M}'),
      }),
    fails('conflict', 'conflict'),
  );
});

test('fixed commissions add ±amount for their party', () => {
  const lineItems = priced(10000);
  const cfg = config('{:commission {:amount 10M :currency "EUR"}}');
  const customer = run('calculate-tx-customer-fixed-commission', {
    lineItems,
    listingPrice: EUR(10000),
    config: cfg,
  });
  const both = run('calculate-tx-provider-fixed-commission', {
    lineItems: customer.lineItems,
    listingPrice: EUR(10000),
    config: cfg,
  });
  assert.deepEqual(
    both.lineItems.slice(1).map((i) => [i.code, i.quantity, i.lineTotal.amount, i.includeFor]),
    [
      ['line-item/customer-fixed-commission', '1', 1000, ['customer']],
      ['line-item/provider-fixed-commission', '-1', -1000, ['provider']],
    ],
  );
  assert.deepEqual(totalsOf(both), [11000, 9000]);
  assert.throws(
    () =>
      run('calculate-tx-customer-fixed-commission', {
        lineItems,
        listingPrice: EUR(10000),
        config: config('{:commission {:amount 10M :currency "SEK"}}'),
      }),
    fails('conflict', 'conflict'),
  );
});
