import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  evaluateTimeExpression,
  formatTimeExpression,
  parsePeriod,
  isPeriod,
  parseTimeExpressionText,
  type Period,
  type TimeContext,
  type TimeExpression,
} from './index.ts';

const MIN = new Date('1970-01-01T00:00:00Z');
const MAX = new Date('2100-01-01T00:00:00Z');
const date = fc.date({ min: MIN, max: MAX, noInvalidDate: true });

/** A period built from components, its `iso` spelled the canonical way. */
function period(c: Omit<Period, 'iso'>): Period {
  const date = `${c.years ? `${c.years}Y` : ''}${c.months ? `${c.months}M` : ''}${c.weeks ? `${c.weeks}W` : ''}${c.days ? `${c.days}D` : ''}`;
  const time = `${c.hours ? `${c.hours}H` : ''}${c.minutes ? `${c.minutes}M` : ''}${c.seconds ? `${c.seconds}S` : ''}`;
  const iso = `P${date}${time ? `T${time}` : ''}`;
  return { iso: iso === 'P' ? 'P0D' : iso, ...c };
}
const small = fc.nat({ max: 400 });
const anyPeriod = fc
  .record({
    years: fc.nat({ max: 5 }),
    months: fc.nat({ max: 30 }),
    weeks: fc.nat({ max: 10 }),
    days: small,
    hours: small,
    minutes: small,
    seconds: fc.nat({ max: 4000 }),
  })
  .map(period);
/** Periods without calendar units: exact durations in UTC. */
const exactPeriod = fc
  .record({
    years: fc.constant(0),
    months: fc.constant(0),
    weeks: fc.nat({ max: 10 }),
    days: small,
    hours: small,
    minutes: small,
    seconds: fc.nat({ max: 4000 }),
  })
  .map(period);

const tp = (
  kind: 'tx-initiated' | 'booking-start' | 'booking-end' | 'booking-display-end',
): TimeExpression => ({ fn: 'timepoint', timepoint: { kind } });
const A = tp('booking-start');
const B = tp('booking-end');
const MISSING: TimeExpression = {
  fn: 'timepoint',
  timepoint: { kind: 'first-transitioned', transition: 'transition/never' },
};
const ctxOf = (a: Date, b: Date, now = MIN): TimeContext => ({
  now,
  booking: { start: a, end: b },
  transitions: [],
});
const ev = (e: TimeExpression, c: TimeContext): number | null =>
  evaluateTimeExpression(e, c)?.getTime() ?? null;
const plus = (base: TimeExpression, ...periods: Period[]): TimeExpression => ({
  fn: 'plus',
  base,
  periods,
});
const minus = (base: TimeExpression, ...periods: Period[]): TimeExpression => ({
  fn: 'minus',
  base,
  periods,
});

const P0D = parsePeriod('P0D');
assert.ok(isPeriod(P0D));

test('plus(t, P0D) = t and minus(t, P0D) = t', () => {
  fc.assert(
    fc.property(date, (t) => {
      const c = ctxOf(t, t);
      assert.equal(ev(plus(A, P0D), c), t.getTime());
      assert.equal(ev(minus(A, P0D), c), t.getTime());
    }),
  );
});

test('min(a, b) ≤ max(a, b); min and max pick an argument and commute', () => {
  fc.assert(
    fc.property(date, date, (a, b) => {
      const c = ctxOf(a, b);
      const lo = ev({ fn: 'min', args: [A, B] }, c);
      const hi = ev({ fn: 'max', args: [A, B] }, c);
      assert.ok(lo !== null && hi !== null && lo <= hi);
      assert.ok([a.getTime(), b.getTime()].includes(lo));
      assert.ok([a.getTime(), b.getTime()].includes(hi));
      assert.equal(ev({ fn: 'min', args: [B, A] }, c), lo);
      assert.equal(ev({ fn: 'max', args: [B, A] }, c), hi);
      assert.equal(ev({ fn: 'min', args: [A, A] }, c), a.getTime());
    }),
  );
});

test('min and max ignore missing timepoints and are null only when all are missing', () => {
  fc.assert(
    fc.property(date, fc.boolean(), (a, first) => {
      const c = ctxOf(a, a);
      const args = first ? [MISSING, A] : [A, MISSING];
      assert.equal(ev({ fn: 'min', args }, c), a.getTime());
      assert.equal(ev({ fn: 'max', args }, c), a.getTime());
      assert.equal(ev({ fn: 'min', args: [MISSING, MISSING] }, c), null);
      assert.equal(ev(plus(MISSING, P0D), c), null);
    }),
  );
});

test('plus is monotonic, for calendar periods too', () => {
  fc.assert(
    fc.property(date, date, anyPeriod, (x, y, p) => {
      const [a, b] = x <= y ? [x, y] : [y, x];
      const c = ctxOf(a, b);
      const pa = ev(plus(A, p), c);
      const pb = ev(plus(B, p), c);
      assert.ok(pa !== null && pb !== null && pa <= pb);
      assert.ok(pa >= a.getTime());
    }),
  );
});

test('in UTC, exact periods add exact milliseconds and minus undoes plus', () => {
  fc.assert(
    fc.property(date, exactPeriod, (t, p) => {
      const c = ctxOf(t, t);
      const ms =
        (((p.weeks * 7 + p.days) * 24 + p.hours) * 60 + p.minutes) * 60_000 + p.seconds * 1000;
      assert.equal(ev(plus(A, p), c), t.getTime() + ms);
      const there = ev(plus(A, p), c);
      assert.ok(there !== null);
      assert.equal(ev(minus(A, p), ctxOf(new Date(there), new Date(there))), t.getTime());
    }),
  );
});

test('several periods apply in sequence: plus(t, p, q) = plus(plus(t, p), q)', () => {
  fc.assert(
    fc.property(date, anyPeriod, anyPeriod, (t, p, q) => {
      const c = ctxOf(t, t);
      const stepped = ev(plus(A, p), c);
      assert.ok(stepped !== null);
      assert.equal(
        ev(plus(A, p, q), c),
        ev(plus(A, q), ctxOf(new Date(stepped), new Date(stepped))),
      );
    }),
  );
});

test('ignore-if-past is null exactly when the time is before now', () => {
  fc.assert(
    fc.property(date, date, (t, now) => {
      const r = ev({ fn: 'ignore-if-past', arg: A }, ctxOf(t, t, now));
      assert.equal(r, t < now ? null : t.getTime());
    }),
  );
});

// fc.record builds null-prototype objects by default; the parser builds plain ones.
const NO_NULL_PROTO = { noNullPrototype: true } as const;

/** Arbitrary well-formed expressions over the timepoints of ctxOf (plus missing ones). */
const expression: fc.Arbitrary<TimeExpression> = fc.letrec<{ expr: TimeExpression }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<TimeExpression>(A, B, tp('tx-initiated'), tp('booking-display-end'), MISSING, {
      fn: 'timepoint',
      timepoint: { kind: 'last-entered-state', state: 'state/x' },
    }),
    fc.record(
      {
        fn: fc.constantFrom('plus' as const, 'minus' as const),
        base: tie('expr'),
        periods: fc.array(anyPeriod, { minLength: 1, maxLength: 3 }),
      },
      NO_NULL_PROTO,
    ),
    fc.record(
      {
        fn: fc.constantFrom('min' as const, 'max' as const),
        args: fc.array(tie('expr'), { minLength: 1, maxLength: 3 }),
      },
      NO_NULL_PROTO,
    ),
    fc.record({ fn: fc.constant('ignore-if-past' as const), arg: tie('expr') }, NO_NULL_PROTO),
  ),
})).expr;

test('format then parse gives back the same expression', () => {
  fc.assert(
    fc.property(expression, (e) => {
      const r = parseTimeExpressionText(formatTimeExpression(e), { allowMax: true });
      assert.ok(r.ok, JSON.stringify(r));
      assert.deepEqual(r.expression, e);
    }),
  );
});

test('any expression evaluates to null or a valid date; under ignore-if-past never before now', () => {
  fc.assert(
    fc.property(expression, date, date, date, (e, a, b, now) => {
      const c = ctxOf(a, b, now);
      const r = evaluateTimeExpression(e, c);
      assert.ok(r === null || !Number.isNaN(r.getTime()));
      const ignored = ev({ fn: 'ignore-if-past', arg: e }, c);
      assert.ok(ignored === null || ignored >= now.getTime());
    }),
  );
});
