import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatTimeExpression,
  parseTimeExpressionText,
  timeExpressionReferences,
  type TimeExpression,
} from './index.ts';

function parsed(text: string, allowMax = false): TimeExpression {
  const r = parseTimeExpressionText(text, { allowMax });
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
  return r.expression;
}

function problems(text: string): string[] {
  const r = parseTimeExpressionText(text);
  assert.ok(!r.ok, `accepted ${text}`);
  return r.problems.map((p) => `${p.path}: ${p.message}`);
}

test('every timepoint kind', () => {
  const tp = (inner: string) => parsed(`{:fn/timepoint [${inner}]}`);
  assert.deepEqual(tp(':time/tx-initiated'), {
    fn: 'timepoint',
    timepoint: { kind: 'tx-initiated' },
  });
  assert.deepEqual(tp(':time/first-entered-state :state/a'), {
    fn: 'timepoint',
    timepoint: { kind: 'first-entered-state', state: 'state/a' },
  });
  assert.deepEqual(tp(':time/last-entered-state :state/a'), {
    fn: 'timepoint',
    timepoint: { kind: 'last-entered-state', state: 'state/a' },
  });
  assert.deepEqual(tp(':time/first-transitioned :transition/t'), {
    fn: 'timepoint',
    timepoint: { kind: 'first-transitioned', transition: 'transition/t' },
  });
  for (const kind of [
    'booking-start',
    'booking-end',
    'booking-display-start',
    'booking-display-end',
  ]) {
    assert.deepEqual(tp(`:time/${kind}`), { fn: 'timepoint', timepoint: { kind } });
  }
});

test('plus, minus, min, ignore-if-past nest freely', () => {
  const expr = parsed(`{:fn/ignore-if-past
    [{:fn/min [{:fn/plus [{:fn/timepoint [:time/first-entered-state :state/preauthorized]} {:fn/period ["P6D"]}]}
               {:fn/minus [{:fn/timepoint [:time/booking-start]} {:fn/period ["P1D"]} {:fn/period ["PT12H"]}]}
               {:fn/timepoint [:time/booking-end]}]}]}`);
  assert.equal(expr.fn, 'ignore-if-past');
  assert.equal(
    formatTimeExpression(expr),
    '{:fn/ignore-if-past [{:fn/min [{:fn/plus [{:fn/timepoint [:time/first-entered-state :state/preauthorized]} {:fn/period ["P6D"]}]} {:fn/minus [{:fn/timepoint [:time/booking-start]} {:fn/period ["P1D"]} {:fn/period ["PT12H"]}]} {:fn/timepoint [:time/booking-end]}]}]}',
  );
  assert.deepEqual(timeExpressionReferences(expr), {
    states: ['state/preauthorized'],
    transitions: [],
  });
});

test("accepts the docs' bare-string period and a one-argument min (the CLI allows it)", () => {
  const expr = parsed(`{:fn/plus [{:fn/timepoint [:time/booking-end]} {:fn/period "P1D"}]}`);
  assert.equal(expr.fn === 'plus' && expr.periods[0]?.days, 1);
  assert.equal(parsed(`{:fn/min [{:fn/timepoint [:time/booking-end]}]}`).fn, 'min');
});

test(':fn/max is a local extension, off by default', () => {
  assert.match(
    problems(`{:fn/max [{:fn/timepoint [:time/booking-end]}]}`).join(),
    /not part of the Flex/,
  );
  assert.equal(parsed(`{:fn/max [{:fn/timepoint [:time/booking-end]}]}`, true).fn, 'max');
});

test('errors say what is wrong and where', () => {
  const cases: [string, RegExp][] = [
    [
      `{:fn/soon [{:fn/timepoint [:time/booking-end]}]}`,
      /^:fn\/soon: unknown time function :fn\/soon/,
    ],
    [
      `{:fn/timepoint [:time/booking-begin]}`,
      /^:fn\/timepoint: unknown timepoint :time\/booking-begin/,
    ],
    [`{:fn/timepoint [:time/booking-end :state/x]}`, /takes no argument/],
    [`{:fn/timepoint [:time/first-entered-state]}`, /exactly one state keyword/],
    [`{:fn/timepoint [:time/first-transitioned "transition/x"]}`, /exactly one transition keyword/],
    [`{:fn/timepoint []}`, /takes a :time\/… keyword first, got nothing/],
    [`{:fn/timepoint :time/booking-end}`, /arguments must be a vector/],
    [`{:fn/plus [{:fn/timepoint [:time/booking-end]}]}`, /an expression followed by one or more/],
    [
      `{:fn/plus [{:fn/timepoint [:time/booking-end]} {:fn/period ["1 day"]}]}`,
      /^:fn\/plus\[1\] :fn\/period: "1 day" is not an ISO-8601/,
    ],
    [
      `{:fn/plus [{:fn/timepoint [:time/booking-end]} {:fn/timepoint [:time/booking-start]}]}`,
      /expected \{:fn\/period/,
    ],
    [
      `{:fn/plus [{:fn/period ["P1D"]} {:fn/period ["P1D"]}]}`,
      /^:fn\/plus\[0\] :fn\/period: :fn\/period is only valid/,
    ],
    [`{:fn/period ["P1D"]}`, /only valid as a later argument/],
    [`{:fn/min []}`, /at least one expression/],
    [
      `{:fn/ignore-if-past [{:fn/timepoint [:time/booking-end]} {:fn/timepoint [:time/booking-end]}]}`,
      /exactly one expression, got 2/,
    ],
    [`{:fn/timepoint [:time/booking-end] :fn/min []}`, /exactly one function key/],
    [`:time/booking-end`, /exactly one function key/],
    [
      `{:fn/min [{:fn/timepoint [:time/nope]} {:fn/period ["bad"]}]}`,
      /^:fn\/min\[0\] :fn\/timepoint: unknown timepoint/,
    ],
  ];
  for (const [text, expected] of cases) {
    const found = problems(text);
    assert.ok(
      found.some((p) => expected.test(p)),
      `${text}\n → ${found.join('\n')}`,
    );
  }
  // Every problem is reported, not just the first.
  assert.equal(
    problems(`{:fn/min [{:fn/timepoint [:time/nope]} {:fn/timepoint [:time/nada]}]}`).length,
    2,
  );
});
