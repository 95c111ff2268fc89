/**
 * The availability search and the availability module compute free seats separately: the search
 * matcher (listings/search/availability-match.ts) decides `day-partial`, `time-full` and
 * `time-partial` per listing, the availability module (seat-timeline.ts) answers time slots and
 * booking checks. The search cannot call the module (the availability module depends on listings),
 * so this property test keeps them from drifting: for random plans (day, time in zones with clock
 * changes, none), exceptions and bookings around DST changes, both give the same free seats at
 * every instant of the window (day-based listings: every UTC date), and the same answer to "are
 * `seats` free throughout".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { freeCapacity, type CapacityInput } from '../../src/domain/availability/index.ts';
import {
  daySeatsOf,
  freeSeatsPerDate,
  freeTimeline,
  type SeatPeriod,
} from '../../src/domain/listings/search/availability-match.ts';
import { parseAvailabilityPlan, type AvailabilityPlan } from '../../src/domain/listings/index.ts';

const DAY = 86_400_000;
const STEP = 15 * 60_000;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** Zones and a 2024 clock change of each (UTC: a leap day). */
const ZONES: Record<string, string> = {
  'Europe/Helsinki': '2024-03-31',
  'America/New_York': '2024-11-03',
  'Australia/Lord_Howe': '2024-10-06',
  'Asia/Kathmandu': '2024-06-12',
  UTC: '2024-02-29',
};

const hhmm = (quarter: number): string =>
  `${String(Math.floor(quarter / 4) % 24).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`;

/** Per day, up to two entries that do not overlap (the plan validation forbids overlaps). */
const timeEntries = fc.array(
  fc.record({
    day: fc.constantFrom(...DAYS),
    // Quarter hours: a first entry in the morning, a second in the afternoon, each may run to midnight.
    first: fc.option(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 3 }))),
    second: fc.option(fc.tuple(fc.integer({ min: 48, max: 92 }), fc.integer({ min: 1, max: 48 }), fc.integer({ min: 0, max: 3 }))),
  }),
  { maxLength: 7 },
);

const planArb = (zone: string): fc.Arbitrary<AvailabilityPlan | null> =>
  fc.oneof(
    fc.constant(null),
    fc
      .array(fc.integer({ min: 0, max: 3 }), { minLength: 7, maxLength: 7 })
      .map((seats) => parseAvailabilityPlan({ type: 'availability-plan/day', entries: DAYS.map((dayOfWeek, i) => ({ dayOfWeek, seats: seats[i] })) })),
    timeEntries.map((rows) => {
      const seen = new Set<string>();
      const entries: { dayOfWeek: string; seats: number; startTime: string; endTime: string }[] = [];
      for (const r of rows) {
        if (seen.has(r.day)) continue;
        seen.add(r.day);
        for (const e of [r.first, r.second]) {
          if (e === null) continue;
          const [start, length, seats] = e;
          const end = Math.min(96, start + length);
          entries.push({ dayOfWeek: r.day, seats, startTime: hhmm(start), endTime: end === 96 ? '00:00' : hhmm(end) });
        }
      }
      return parseAvailabilityPlan({ type: 'availability-plan/time', timezone: zone, entries });
    }),
  );

/** Periods on the 15-minute grid within ±4 days of `origin`. */
const periods = (origin: number, opts: { disjoint: boolean }): fc.Arbitrary<SeatPeriod[]> =>
  fc
    .array(fc.tuple(fc.integer({ min: -384, max: 384 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 3 })), { maxLength: 6 })
    .map((rows) => {
      const out: SeatPeriod[] = rows.map(([at, length, seats]) => ({
        start: new Date(origin + at * STEP),
        end: new Date(origin + (at + length) * STEP),
        seats,
      }));
      if (!opts.disjoint) return out;
      // Exceptions of a listing may touch but not overlap: keep those that fit.
      out.sort((a, b) => a.start.getTime() - b.start.getTime());
      const kept: SeatPeriod[] = [];
      for (const p of out) if (kept.every((k) => k.end <= p.start || k.start >= p.end)) kept.push(p);
      return kept;
    });

const world = fc.constantFrom(...Object.keys(ZONES)).chain((zone) => {
  const origin = Date.parse(`${ZONES[zone]}T00:00:00Z`);
  return fc.record({
    zone: fc.constant(zone),
    plan: planArb(zone),
    exceptions: periods(origin, { disjoint: true }),
    bookings: periods(origin, { disjoint: false }),
    // The window: whole quarter hours from three days before the change, one hour to five days long.
    from: fc.integer({ min: -288, max: 0 }).map((q) => origin + q * STEP),
    length: fc.integer({ min: 4, max: 480 }).map((q) => q * STEP),
    seats: fc.integer({ min: 1, max: 3 }),
  });
});

/** The module's free seats at `t` (0 outside its segments). */
const moduleSeatsAt = (timeline: ReturnType<typeof freeCapacity>, t: number): number =>
  timeline.find((s) => s.start <= t && t < s.end)?.seats ?? 0;

test('search matcher and availability module agree on free seats (plans, exceptions, bookings, DST)', () => {
  fc.assert(
    fc.property(world, (w) => {
      const input: CapacityInput = { plan: w.plan, exceptions: w.exceptions, bookings: w.bookings };
      const daySeats = daySeatsOf(w.plan);
      if (daySeats) {
        // Day-based: whole UTC dates meeting the window.
        const first = Math.floor(w.from / DAY) * DAY;
        const count = Math.ceil((w.from + w.length) / DAY) - first / DAY;
        const search = freeSeatsPerDate(daySeats, w.exceptions, w.bookings, new Date(first), count);
        const timeline = freeCapacity(input, { start: new Date(first), end: new Date(first + count * DAY) });
        const module = search.map((_, i) => moduleSeatsAt(timeline, first + i * DAY));
        assert.deepEqual(search.map((s) => Math.max(0, s)), module);
        return;
      }
      if (w.plan === null || w.plan.type !== 'availability-plan/time') return;
      const start = new Date(w.from);
      const end = new Date(w.from + w.length);
      const segments = freeTimeline(w.plan, w.exceptions, w.bookings, start, end);
      const timeline = freeCapacity(input, { start, end });
      // Every boundary of either answer, and the middle of every piece between them.
      const cuts = [...new Set([...segments.flatMap((s) => [s.from, s.to]), ...timeline.flatMap((s) => [s.start, s.end])])]
        .filter((t) => t >= w.from && t < w.from + w.length)
        .sort((a, b) => a - b);
      for (const t of cuts) {
        const search = Math.max(0, segments.find((s) => s.from <= t && t < s.to)?.free ?? 0);
        assert.equal(moduleSeatsAt(timeline, t), search, `free seats at ${new Date(t).toISOString()} in ${w.zone}`);
      }
      const searchFull = segments.every((s) => s.free >= w.seats);
      const moduleFull =
        timeline.length > 0 &&
        timeline[0]?.start === w.from &&
        timeline.at(-1)?.end === w.from + w.length &&
        timeline.every((s, i) => s.seats >= w.seats && (i === 0 || timeline[i - 1]?.end === s.start));
      assert.equal(moduleFull, searchFull, 'time-full');
    }),
    { numRuns: 400 },
  );
});
