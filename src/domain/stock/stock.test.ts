/** Pure stock rules: the reservation state table, input checks, totals, query windows, stock ids. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../errors.ts';
import {
  MAX_STOCK,
  STOCK_RESERVATION_STATES,
  assertStockFor,
  stockEffectOf,
  stockIdOf,
  stockOf,
  totalAfter,
  validateAdjustmentQuantity,
  validateAdjustmentWindow,
  validateCompareAndSet,
  validateReservationQuantity,
  type StockReservationStateChange,
} from './stock.ts';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    assert.ok(e instanceof DomainError, String(e));
    return e.code;
  }
};

test('reservation state changes: exactly the ledger effects of domain §5, a conflict for the rest', () => {
  // Written out from the docs' table, not derived from the code under test.
  const expected: Record<string, string> = {
    'proposed>accepted': 'take',
    'pending>accepted': 'none',
    'proposed>declined': 'none',
    'pending>declined': 'release',
    'accepted>cancelled': 'release',
  };
  const changes: StockReservationStateChange[] = ['accepted', 'declined', 'cancelled'];
  for (const from of STOCK_RESERVATION_STATES) {
    for (const to of changes) {
      const want = expected[`${from}>${to}`];
      if (want !== undefined) {
        assert.equal(stockEffectOf(from, to), want, `${from} → ${to}`);
      } else {
        const wantCode =
          to === 'cancelled'
            ? 'transaction-stock-reservation-state-not-accepted'
            : 'transaction-stock-reservation-state-not-pending';
        assert.equal(
          code(() => stockEffectOf(from, to)),
          wantCode,
          `${from} → ${to}`,
        );
      }
    }
  }
});

test('compare-and-set input: newTotal a whole number from 0, oldTotal whole or null', () => {
  assert.equal(
    code(() => validateCompareAndSet({ oldTotal: null, newTotal: 0 })),
    undefined,
  );
  assert.equal(
    code(() => validateCompareAndSet({ oldTotal: 3, newTotal: MAX_STOCK })),
    undefined,
  );
  for (const bad of [
    { oldTotal: null, newTotal: -1 },
    { oldTotal: 1, newTotal: 1.5 },
    { oldTotal: 0.5, newTotal: 1 },
    { oldTotal: null, newTotal: MAX_STOCK + 1 },
  ]) {
    assert.equal(
      code(() => validateCompareAndSet(bad)),
      'validation-invalid-value',
      JSON.stringify(bad),
    );
  }
});

test('adjustment and reservation quantities', () => {
  for (const q of [1, -1, MAX_STOCK, -MAX_STOCK])
    assert.equal(
      code(() => validateAdjustmentQuantity(q)),
      undefined,
    );
  for (const q of [0, 0.5, NaN, MAX_STOCK + 1, Infinity])
    assert.equal(
      code(() => validateAdjustmentQuantity(q)),
      'validation-invalid-value',
      String(q),
    );
  for (const q of [0, -1, 1.5, MAX_STOCK + 1])
    assert.equal(
      code(() => validateReservationQuantity(q)),
      'validation-invalid-value',
      String(q),
    );
  assert.equal(
    code(() => validateReservationQuantity(1)),
    undefined,
  );
});

test('totals: undefined counts as 0, never below 0, never above the column', () => {
  assert.equal(totalAfter(null, 5), 5);
  assert.equal(totalAfter(5, -5), 0);
  assert.equal(
    code(() => totalAfter(null, -1)),
    'stock-total-negative',
  );
  assert.equal(
    code(() => totalAfter(4, -5)),
    'stock-total-negative',
  );
  assert.equal(
    code(() => totalAfter(MAX_STOCK, 1)),
    'validation-invalid-value',
  );
  assert.equal(
    code(() => assertStockFor(null, 1)),
    'transaction-listing-insufficient-stock',
  );
  assert.equal(
    code(() => assertStockFor(2, 3)),
    'transaction-listing-insufficient-stock',
  );
  assert.equal(
    code(() => assertStockFor(3, 3)),
    undefined,
  );
});

test('adjustment query window: 366 days back to 1 day ahead, at most 366 days long', () => {
  const now = new Date('2030-06-01T12:00:00Z');
  const day = 86_400_000;
  const at = (days: number) => new Date(now.getTime() + days * day);
  const pathOf = (start: Date, end: Date) => {
    try {
      validateAdjustmentWindow(start, end, now);
      return undefined;
    } catch (e) {
      assert.ok(e instanceof DomainError);
      assert.equal(e.code, 'validation-invalid-value');
      return e.source?.path[0];
    }
  };
  assert.equal(pathOf(at(-366), at(0)), undefined);
  assert.equal(pathOf(at(-365), at(1)), undefined);
  assert.equal(pathOf(at(-366.01), at(0)), 'start');
  assert.equal(pathOf(at(1.01), at(1.02)), 'start');
  assert.equal(pathOf(at(-1), at(1.01)), 'end');
  assert.equal(pathOf(at(-1), at(-1)), 'end');
  assert.equal(pathOf(at(-1), at(-2)), 'end');
});

test('stock ids: a v5 UUID per listing, stable, and distinct from the listing id', () => {
  const a = '6f1c5b0e-4a59-4c1e-9d0a-1b2c3d4e5f60';
  const b = '6f1c5b0e-4a59-4c1e-9d0a-1b2c3d4e5f61';
  assert.match(
    stockIdOf(a),
    /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  assert.equal(stockIdOf(a), stockIdOf(a.toUpperCase()));
  assert.notEqual(stockIdOf(a), stockIdOf(b));
  assert.notEqual(stockIdOf(a), a);
  assert.equal(stockOf({ id: a, stockQuantity: null }), null);
  assert.deepEqual(stockOf({ id: a, stockQuantity: 0 }), {
    id: stockIdOf(a),
    listingId: a,
    quantity: 0,
  });
});
