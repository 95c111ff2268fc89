import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  evaluateTimeExpression,
  parseTimeExpressionText,
  type TimeContext,
  type TimeExpression,
} from './index.ts';

const expr = (text: string): TimeExpression => {
  const r = parseTimeExpressionText(text, { allowMax: true });
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
  return r.expression;
};
const d = (iso: string): Date => new Date(iso);
const evaluate = (text: string, ctx: TimeContext): string | null =>
  evaluateTimeExpression(expr(text), ctx)?.toISOString() ?? null;

// A booking transaction that went inquiry → pending-payment → preauthorized → (loop) preauthorized.
const ctx: TimeContext = {
  now: d('2024-05-10T12:00:00Z'),
  booking: { start: d('2024-06-01T10:00:00Z'), end: d('2024-06-03T10:00:00Z') },
  transitions: [
    { transition: 'transition/inquire', state: 'state/inquiry', at: d('2024-05-01T08:00:00Z') },
    {
      transition: 'transition/request-payment-after-inquiry',
      state: 'state/pending-payment',
      at: d('2024-05-02T09:00:00Z'),
    },
    {
      transition: 'transition/confirm-payment',
      state: 'state/preauthorized',
      at: d('2024-05-02T09:05:00Z'),
    },
    {
      transition: 'transition/reconfirm',
      state: 'state/preauthorized',
      at: d('2024-05-04T00:00:00Z'),
    },
  ],
};

test('timepoints', () => {
  const tp = (inner: string, c: TimeContext = ctx) => evaluate(`{:fn/timepoint [${inner}]}`, c);
  assert.equal(tp(':time/tx-initiated'), '2024-05-01T08:00:00.000Z');
  assert.equal(
    tp(':time/tx-initiated', { ...ctx, initiatedAt: d('2024-04-30T00:00:00Z') }),
    '2024-04-30T00:00:00.000Z',
  );
  assert.equal(tp(':time/first-entered-state :state/preauthorized'), '2024-05-02T09:05:00.000Z');
  assert.equal(tp(':time/last-entered-state :state/preauthorized'), '2024-05-04T00:00:00.000Z');
  assert.equal(
    tp(':time/first-transitioned :transition/confirm-payment'),
    '2024-05-02T09:05:00.000Z',
  );
  assert.equal(tp(':time/booking-start'), '2024-06-01T10:00:00.000Z');
  assert.equal(tp(':time/booking-end'), '2024-06-03T10:00:00.000Z');
  // Display times default to start/end.
  assert.equal(tp(':time/booking-display-start'), '2024-06-01T10:00:00.000Z');
  assert.equal(tp(':time/booking-display-end'), '2024-06-03T10:00:00.000Z');
  const display = {
    ...ctx,
    booking: {
      start: d('2024-06-01T10:00:00Z'),
      end: d('2024-06-03T10:00:00Z'),
      displayStart: d('2024-06-01T00:00:00Z'),
      displayEnd: d('2024-06-04T00:00:00Z'),
    },
  };
  assert.equal(tp(':time/booking-display-start', display), '2024-06-01T00:00:00.000Z');
  assert.equal(tp(':time/booking-display-end', display), '2024-06-04T00:00:00.000Z');
});

test('history order does not matter: first/last are by time', () => {
  const shuffled = { ...ctx, transitions: [...ctx.transitions].reverse() };
  assert.equal(
    evaluate('{:fn/timepoint [:time/first-entered-state :state/preauthorized]}', shuffled),
    '2024-05-02T09:05:00.000Z',
  );
  assert.equal(
    evaluate('{:fn/timepoint [:time/last-entered-state :state/preauthorized]}', shuffled),
    '2024-05-04T00:00:00.000Z',
  );
  assert.equal(
    evaluate('{:fn/timepoint [:time/tx-initiated]}', shuffled),
    '2024-05-01T08:00:00.000Z',
  );
});

test('missing timepoints are null (no booking, state never entered, transition never run, no history)', () => {
  const noBooking = { now: ctx.now, transitions: ctx.transitions };
  for (const kind of [
    'booking-start',
    'booking-end',
    'booking-display-start',
    'booking-display-end',
  ]) {
    assert.equal(evaluate(`{:fn/timepoint [:time/${kind}]}`, noBooking), null);
  }
  assert.equal(evaluate('{:fn/timepoint [:time/first-entered-state :state/accepted]}', ctx), null);
  assert.equal(evaluate('{:fn/timepoint [:time/last-entered-state :state/accepted]}', ctx), null);
  assert.equal(
    evaluate('{:fn/timepoint [:time/first-transitioned :transition/accept]}', ctx),
    null,
  );
  assert.equal(
    evaluate('{:fn/timepoint [:time/tx-initiated]}', { now: ctx.now, transitions: [] }),
    null,
  );
});

test('plus and minus apply periods in order; null stays null', () => {
  assert.equal(
    evaluate(
      '{:fn/plus [{:fn/timepoint [:time/first-entered-state :state/pending-payment]} {:fn/period ["PT15M"]}]}',
      ctx,
    ),
    '2024-05-02T09:15:00.000Z',
  );
  assert.equal(
    evaluate(
      '{:fn/plus [{:fn/timepoint [:time/booking-end]} {:fn/period ["P2D"]} {:fn/period ["PT1H30M"]}]}',
      ctx,
    ),
    '2024-06-05T11:30:00.000Z',
  );
  assert.equal(
    evaluate('{:fn/minus [{:fn/timepoint [:time/booking-start]} {:fn/period ["P1W"]}]}', ctx),
    '2024-05-25T10:00:00.000Z',
  );
  assert.equal(
    evaluate('{:fn/plus [{:fn/timepoint [:time/booking-start]} {:fn/period ["PT0.25S"]}]}', ctx),
    '2024-06-01T10:00:00.250Z',
  );
  assert.equal(
    evaluate(
      '{:fn/plus [{:fn/timepoint [:time/first-transitioned :transition/accept]} {:fn/period ["P1D"]}]}',
      ctx,
    ),
    null,
  );
});

test('month and year periods are UTC calendar arithmetic (end of month clamps)', () => {
  const at = (iso: string): TimeContext => ({ ...ctx, initiatedAt: d(iso) });
  const plus = (period: string, from: string) =>
    evaluate(
      `{:fn/plus [{:fn/timepoint [:time/tx-initiated]} {:fn/period ["${period}"]}]}`,
      at(from),
    );
  assert.equal(plus('P1M', '2024-01-31T12:00:00Z'), '2024-02-29T12:00:00.000Z');
  assert.equal(plus('P1Y', '2024-02-29T12:00:00Z'), '2025-02-28T12:00:00.000Z');
  // In UTC a day is always 24h, even across European DST changes.
  assert.equal(plus('P1D', '2024-03-30T12:00:00Z'), '2024-03-31T12:00:00.000Z');
});

test('a non-UTC zone makes day periods DST-correct (calendar days, not 24h)', () => {
  const helsinki = { ...ctx, zone: 'Europe/Helsinki', initiatedAt: d('2024-03-30T12:00:00Z') };
  // 14:00 local on 30 March + 1 calendar day = 14:00 local on 31 March, which is UTC+3 after the switch.
  assert.equal(
    evaluate('{:fn/plus [{:fn/timepoint [:time/tx-initiated]} {:fn/period ["P1D"]}]}', helsinki),
    '2024-03-31T11:00:00.000Z',
  );
  // Clock units stay exact durations.
  assert.equal(
    evaluate('{:fn/plus [{:fn/timepoint [:time/tx-initiated]} {:fn/period ["PT24H"]}]}', helsinki),
    '2024-03-31T12:00:00.000Z',
  );
  assert.throws(
    () =>
      evaluateTimeExpression(
        expr('{:fn/plus [{:fn/timepoint [:time/tx-initiated]} {:fn/period ["P1D"]}]}'),
        { ...helsinki, zone: 'Mars/Olympus' },
      ),
    RangeError,
  );
});

test('min ignores nulls and is null only when every argument is', () => {
  // default-booking `expire`: min(first-entered(preauthorized) + P6D, booking-start + P1D, booking-end)
  const expire = `{:fn/min [{:fn/plus [{:fn/timepoint [:time/first-entered-state :state/preauthorized]} {:fn/period ["P6D"]}]}
                            {:fn/plus [{:fn/timepoint [:time/booking-start]} {:fn/period ["P1D"]}]}
                            {:fn/timepoint [:time/booking-end]}]}`;
  assert.equal(evaluate(expire, ctx), '2024-05-08T09:05:00.000Z');
  const soon = {
    ...ctx,
    booking: { start: d('2024-05-03T10:00:00Z'), end: d('2024-05-03T12:00:00Z') },
  };
  assert.equal(evaluate(expire, soon), '2024-05-03T12:00:00.000Z');
  assert.equal(
    evaluate(expire, { now: ctx.now, transitions: ctx.transitions }),
    '2024-05-08T09:05:00.000Z',
  );
  assert.equal(evaluate(expire, { now: ctx.now, transitions: [] }), null);
});

test('max (local extension) mirrors min', () => {
  assert.equal(
    evaluate(
      '{:fn/max [{:fn/timepoint [:time/booking-start]} {:fn/timepoint [:time/booking-end]} {:fn/timepoint [:time/first-transitioned :transition/x]}]}',
      ctx,
    ),
    '2024-06-03T10:00:00.000Z',
  );
  assert.equal(
    evaluate('{:fn/max [{:fn/timepoint [:time/first-transitioned :transition/x]}]}', ctx),
    null,
  );
});

test('ignore-if-past drops a time strictly before now, keeps now and later', () => {
  const e =
    '{:fn/ignore-if-past [{:fn/plus [{:fn/timepoint [:time/first-entered-state :state/pending-payment]} {:fn/period ["PT15M"]}]}]}';
  assert.equal(evaluate(e, ctx), null);
  assert.equal(evaluate(e, { ...ctx, now: d('2024-05-02T09:15:00Z') }), '2024-05-02T09:15:00.000Z');
  assert.equal(evaluate(e, { ...ctx, now: d('2024-05-02T09:10:00Z') }), '2024-05-02T09:15:00.000Z');
  assert.equal(
    evaluate('{:fn/ignore-if-past [{:fn/timepoint [:time/booking-end]}]}', {
      now: ctx.now,
      transitions: [],
    }),
    null,
  );
  // Without ignore-if-past a past time is returned as is (the scheduler runs it immediately).
  assert.equal(
    evaluate('{:fn/timepoint [:time/first-entered-state :state/inquiry]}', ctx),
    '2024-05-01T08:00:00.000Z',
  );
});
