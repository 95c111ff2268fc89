/**
 * Property-based tests of free capacity and time slots against a reference model written here,
 * independently of the implementation: it evaluates availability on a 5-minute grid, reading the
 * plan zone's wall clock through Intl.DateTimeFormat (not luxon), and applies the rules of domain
 * §4.1–4.5 point by point:
 * - day plans (and no plan) count whole UTC dates; an exception or booking touching a date covers
 *   it; several exceptions on a date give their minimum;
 * - a time-plan entry runs from the first instant the local clock reads its start to the first
 *   instant it reads its end (`00:00` end = next midnight) — across DST gaps and repeats;
 * - exceptions replace plan seats; pending and accepted bookings subtract theirs (end exclusive).
 * Ranges are drawn around real DST changes of the zones used.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AvailabilityPlan, DayOfWeek } from '../listings/index.ts';
import type { BookingSeats, BookingState, CapacityInput, ExceptionSeats } from './availability.ts';
import { freeCapacity, minFreeSeats } from './seat-timeline.ts';
import { expandedSlots, filterByIntervals, plainSlots, subIntervalBounds } from './time-slots.ts';
import { Duration } from 'luxon';

const STEP = 5 * 60_000;
const DAY = 86_400_000;
const DAYS: DayOfWeek[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** Zones with the dates of their 2024 clock changes (and zones without any). */
const ZONE_CHANGES: Record<string, string[]> = {
  'Europe/Helsinki': ['2024-03-31', '2024-10-27'],
  'Europe/London': ['2024-03-31', '2024-10-27'],
  'America/New_York': ['2024-03-10', '2024-11-03'],
  'Australia/Sydney': ['2024-04-07', '2024-10-06'],
  'Australia/Lord_Howe': ['2024-04-07', '2024-10-06'],
  'America/Santiago': ['2024-04-07', '2024-09-08'],
  'Asia/Kathmandu': ['2024-06-12'],
  UTC: ['2024-03-31', '2024-02-29'],
};
const ZONES = Object.keys(ZONE_CHANGES);
const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);

// ---------------------------------------------------------------- the reference model

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The zone's wall clock at an instant, as minutes since 1970-01-01 local (lexicographic order). */
function wallMinutes(zone: string, ms: number): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const date = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
  return date / 60_000 + Number(parts.hour) * 60 + Number(parts.minute);
}

interface Model {
  /** Free seats at each grid point of [from, to). */
  free(from: number, to: number): number[];
}

function referenceModel(input: CapacityInput): Model {
  const plan = input.plan;
  const day = plan === null || plan.type === 'availability-plan/day';
  const utcDate = (t: number) => Math.floor(t / DAY) * DAY;
  const covers = (s: number, e: number, t: number) =>
    day ? s < utcDate(t) + DAY && e > utcDate(t) : s <= t && t < e;

  // Time plans: entry intervals found by scanning the grid for the first wall reading ≥ target.
  let entryIntervals: { start: number; end: number; seats: number }[] = [];
  const planAt = (t: number): number => {
    if (plan === null) return 1;
    if (plan.type === 'availability-plan/day')
      return plan.entries.find((e) => e.dayOfWeek === DAYS[new Date(t).getUTCDay()])?.seats ?? 0;
    return Math.max(
      0,
      ...entryIntervals.filter((i) => i.start <= t && t < i.end).map((i) => i.seats),
    );
  };
  const prepare = (from: number, to: number) => {
    if (plan?.type !== 'availability-plan/time') return;
    const lo = from - 3 * DAY;
    const hi = to + 3 * DAY;
    const grid: { t: number; wall: number }[] = [];
    for (let t = lo; t < hi; t += STEP) grid.push({ t, wall: wallMinutes(plan.timezone, t) });
    const firstAt = (wall: number) => grid.find((g) => g.wall >= wall)?.t ?? hi;
    entryIntervals = [];
    for (let d = utcDate(from) - 2 * DAY; d <= utcDate(to) + DAY; d += DAY) {
      const dayMinutes = d / 60_000;
      for (const e of plan.entries.filter((x) => x.dayOfWeek === DAYS[new Date(d).getUTCDay()])) {
        const [sh, sm] = e.startTime.split(':').map(Number);
        const [eh, em] = e.endTime.split(':').map(Number);
        const startWall = dayMinutes + (sh ?? 0) * 60 + (sm ?? 0);
        const endWall =
          e.endTime === '00:00' ? dayMinutes + 1440 : dayMinutes + (eh ?? 0) * 60 + (em ?? 0);
        entryIntervals.push({ start: firstAt(startWall), end: firstAt(endWall), seats: e.seats });
      }
    }
  };
  return {
    free(from, to) {
      prepare(from, to);
      const out: number[] = [];
      for (let t = from; t < to; t += STEP) {
        const exc = input.exceptions.filter((x) => covers(x.start.getTime(), x.end.getTime(), t));
        const base = exc.length > 0 ? Math.min(...exc.map((x) => x.seats)) : planAt(t);
        const booked = input.bookings
          .filter(
            (b) =>
              (b.state === undefined || b.state === 'pending' || b.state === 'accepted') &&
              covers(b.start.getTime(), b.end.getTime(), t),
          )
          .reduce((sum, b) => sum + b.seats, 0);
        out.push(Math.max(0, base - booked));
      }
      return out;
    },
  };
}

/** Maximal runs of equal positive values on the grid. */
function referencePlainSlots(
  values: number[],
  from: number,
): { start: number; end: number; seats: number }[] {
  const out: { start: number; end: number; seats: number }[] = [];
  values.forEach((v, i) => {
    const t = from + i * STEP;
    const last = out[out.length - 1];
    if (v > 0 && last && last.end === t && last.seats === v) last.end = t + STEP;
    else if (v > 0) out.push({ start: t, end: t + STEP, seats: v });
  });
  return out;
}

/** For each k ≥ 1, maximal runs with value ≥ k, with their minimum; distinct ranges. */
function referenceExpandedSlots(
  values: number[],
  from: number,
): { start: number; end: number; seats: number }[] {
  const found = new Map<string, { start: number; end: number; seats: number }>();
  const max = Math.max(0, ...values);
  for (let k = 1; k <= max; k++) {
    let runStart = -1;
    for (let i = 0; i <= values.length; i++) {
      const inRun = i < values.length && (values[i] ?? 0) >= k;
      if (inRun && runStart < 0) runStart = i;
      if (!inRun && runStart >= 0) {
        const seats = Math.min(...values.slice(runStart, i));
        found.set(`${runStart}-${i}`, {
          start: from + runStart * STEP,
          end: from + i * STEP,
          seats,
        });
        runStart = -1;
      }
    }
  }
  return [...found.values()].sort((a, b) => a.start - b.start || b.end - a.end);
}

// ---------------------------------------------------------------- generators

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Up to three non-overlapping entries per weekday on a 30-minute grid; 00:00 end = midnight. */
const timePlanArb = (zone: string): fc.Arbitrary<AvailabilityPlan> =>
  fc
    .record({
      days: fc.array(
        fc.record({
          day: fc.constantFrom(...DAYS),
          // Half-hour cut points, often in the small hours where clocks change.
          cuts: fc.uniqueArray(
            fc.oneof(fc.integer({ min: 0, max: 48 }), fc.integer({ min: 0, max: 8 })),
            { minLength: 2, maxLength: 6 },
          ),
          seats: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }),
        }),
        { minLength: 4, maxLength: 10 },
      ),
    })
    .map(({ days }) => {
      const seen = new Set<DayOfWeek>();
      const entries = days.flatMap(({ day, cuts, seats }) => {
        if (seen.has(day)) return [];
        seen.add(day);
        const sorted = [...cuts].sort((a, b) => a - b).map((c) => c * 30);
        const out = [];
        for (let i = 0; i + 1 < sorted.length; i += 2) {
          const s = sorted[i] ?? 0;
          const e = sorted[i + 1] ?? 0;
          out.push({
            dayOfWeek: day,
            seats: seats[i / 2] ?? 1,
            startTime: hhmm(s),
            endTime: e === 1440 ? '00:00' : hhmm(e),
          });
        }
        return out;
      });
      return { type: 'availability-plan/time' as const, timezone: zone, entries };
    });

const dayPlanArb: fc.Arbitrary<AvailabilityPlan> = fc
  .uniqueArray(
    fc.record({ dayOfWeek: fc.constantFrom(...DAYS), seats: fc.integer({ min: 0, max: 3 }) }),
    { selector: (e) => e.dayOfWeek, maxLength: 7 },
  )
  .map((entries) => ({ type: 'availability-plan/day' as const, entries }));

/** A zone, one of its clock-change days, and a plan (time plans in that zone, twice as likely). */
const planArb = fc.constantFrom(...ZONES).chain((zone) =>
  fc.record({
    anchor: fc.constantFrom(...(ZONE_CHANGES[zone] ?? []).map(dayMs)),
    plan: fc.oneof(fc.constant(null), dayPlanArb, timePlanArb(zone), timePlanArb(zone)),
  }),
);

interface Scenario {
  input: CapacityInput;
  from: number;
  to: number;
}

/** A range around a DST change, and exceptions/bookings whose ends often hit the range edges or each other. */
const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    planned: planArb,
    offsetSteps: fc.integer({ min: -2 * 288, max: 288 }),
    lengthSteps: fc.integer({ min: 1, max: 3 * 288 }),
    // Indices into a shared pool of instants, so ranges touch each other and the query edges.
    pool: fc.array(fc.integer({ min: -288, max: 4 * 288 }), { minLength: 4, maxLength: 8 }),
    exceptions: fc.array(
      fc.record({ a: fc.nat(), b: fc.nat(), seats: fc.integer({ min: 0, max: 3 }) }),
      { maxLength: 3 },
    ),
    bookings: fc.array(
      fc.record({
        a: fc.nat(),
        b: fc.nat(),
        seats: fc.integer({ min: 1, max: 2 }),
        state: fc.constantFrom<BookingState>(
          'pending',
          'proposed',
          'accepted',
          'declined',
          'cancelled',
        ),
      }),
      { maxLength: 5 },
    ),
  })
  .map(({ planned: { plan, anchor }, offsetSteps, lengthSteps, pool, exceptions, bookings }) => {
    const from = anchor + offsetSteps * STEP;
    const to = from + lengthSteps * STEP;
    const points = [from, to, ...pool.map((p) => from + p * STEP)];
    const at = (i: number) => points[i % points.length] ?? from;
    const span = (a: number, b: number) => {
      const [s, e] = [at(a), at(b)].sort((x, y) => x - y) as [number, number];
      return { start: new Date(s), end: new Date(s === e ? e + STEP : e) };
    };
    const ex: ExceptionSeats[] = exceptions.map((x) => ({ ...span(x.a, x.b), seats: x.seats }));
    const bk: BookingSeats[] = bookings.map((x) => ({
      ...span(x.a, x.b),
      seats: x.seats,
      state: x.state,
    }));
    return { input: { plan, exceptions: ex, bookings: bk }, from, to };
  });

/** Grid values of a timeline. */
function sample(
  timeline: { start: number; end: number; seats: number }[],
  from: number,
  to: number,
): number[] {
  const out: number[] = [];
  let i = 0;
  for (let t = from; t < to; t += STEP) {
    while (i < timeline.length && (timeline[i]?.end ?? 0) <= t) i++;
    const seg = timeline[i];
    out.push(seg && seg.start <= t ? seg.seats : NaN);
  }
  return out;
}

const RUNS = { numRuns: 250 };

// ---------------------------------------------------------------- properties

test('free capacity matches the reference model point by point, across DST changes', () => {
  fc.assert(
    fc.property(scenarioArb, ({ input, from, to }) => {
      const timeline = freeCapacity(input, { start: new Date(from), end: new Date(to) });
      // Well-formed: covers [from, to) contiguously, neighbours differ, never negative.
      assert.equal(timeline[0]?.start, from);
      assert.equal(timeline[timeline.length - 1]?.end, to);
      timeline.forEach((s, i) => {
        assert.ok(s.end > s.start && s.seats >= 0);
        const next = timeline[i + 1];
        if (next) {
          assert.equal(next.start, s.end);
          assert.notEqual(next.seats, s.seats);
        }
      });
      assert.deepEqual(sample(timeline, from, to), referenceModel(input).free(from, to));
    }),
    RUNS,
  );
});

test('time slots are the maximal constant-seat stretches; expanded slots the longest stretches per seat count', () => {
  fc.assert(
    fc.property(scenarioArb, ({ input, from, to }) => {
      const timeline = freeCapacity(input, { start: new Date(from), end: new Date(to) });
      const values = referenceModel(input).free(from, to);
      assert.deepEqual(plainSlots(timeline), referencePlainSlots(values, from));
      assert.deepEqual(expandedSlots(timeline), referenceExpandedSlots(values, from));
    }),
    RUNS,
  );
});

test('minFreeSeats is the minimum of the model over the range (whole UTC dates for day-based listings)', () => {
  fc.assert(
    fc.property(scenarioArb, ({ input, from, to }) => {
      const dayBased = input.plan === null || input.plan.type === 'availability-plan/day';
      const lo = dayBased ? Math.floor(from / DAY) * DAY : from;
      const hi = dayBased ? Math.ceil(to / DAY) * DAY : to;
      const expected = Math.min(...referenceModel(input).free(lo, hi));
      assert.equal(minFreeSeats(input, { start: new Date(from), end: new Date(to) }), expected);
    }),
    { numRuns: 80 },
  );
});

test('interval filtering keeps, per sub-interval, the first maxPerInterval slots long enough from its start', () => {
  fc.assert(
    fc.property(
      scenarioArb,
      fc.record({
        expanded: fc.boolean(),
        durationSteps: fc.integer({ min: 1, max: 288 }),
        max: fc.integer({ min: 1, max: 3 }),
        minSteps: fc.integer({ min: 0, max: 60 }),
        alignBack: fc.integer({ min: 0, max: 100 }),
      }),
      ({ input, from, to }, f) => {
        const timeline = freeCapacity(input, { start: new Date(from), end: new Date(to) });
        const slots = f.expanded ? expandedSlots(timeline) : plainSlots(timeline);
        const durationMs = f.durationSteps * STEP;
        const alignMs = from - f.alignBack * STEP;
        const filter = {
          duration: Duration.fromMillis(durationMs),
          maxPerInterval: f.max,
          minDurationMs: f.minSteps * STEP,
          alignMs,
          zone: 'UTC',
        };
        const bounds = subIntervalBounds(filter, from, to, 100_000);
        assert.ok(bounds);
        // Reference: fixed-length sub-intervals from the align point that overlap [from, to).
        const subs: [number, number][] = [];
        for (let lo = alignMs; lo < to; lo += durationMs)
          if (lo + durationMs > from) subs.push([lo, lo + durationMs]);
        assert.deepEqual(bounds, [...subs.map(([lo]) => lo), subs[subs.length - 1]?.[1]]);
        const kept = new Set<number>();
        for (const [lo, hi] of subs) {
          let taken = 0;
          slots.forEach((s, i) => {
            if (taken >= f.max || s.start >= hi || s.end <= lo) return;
            if (s.end - Math.max(s.start, lo) >= f.minSteps * STEP) {
              taken++;
              kept.add(i);
            }
          });
        }
        assert.deepEqual(
          filterByIntervals(slots, bounds, filter),
          slots.filter((_, i) => kept.has(i)),
        );
      },
    ),
    RUNS,
  );
});
