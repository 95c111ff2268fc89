/**
 * Time slots (domain §4.5): the stretches of a free-capacity timeline a customer can book, and the
 * interval-based filtering of `timeslots/query`.
 *
 * - Plain slots: maximal contiguous stretches with a constant positive seat count (a change of seat
 *   count splits a slot: 10–11 3 seats, 11–12 1 seat, 12–13 3 seats ⇒ three slots).
 * - Expanded slots (Sharetribe's 2025-12-16 change, used when `minDurationStartingInInterval` is
 *   given): for every seat count the longest stretches offering at least that many seats, each
 *   with the fewest seats it guarantees (the example ⇒ 10–13 with 1 seat, 10–11 and 12–13 with 3),
 *   so a long booking of fewer seats is visible as one slot. Ordered by start, longer first.
 * - Interval filtering: the query range is cut into sub-intervals of `intervalDuration` starting at
 *   `intervalAlign`; a slot counts for a sub-interval when it overlaps it and its length measured
 *   from the later of its start and the sub-interval's start is at least
 *   `minDurationStartingInInterval`; each sub-interval keeps the first `maxPerInterval` slots that
 *   count. A slot kept by any sub-interval is returned whole, once.
 */
import type { Duration } from 'luxon';
import { MINUTE_MS, type PlanKind, type SeatSegment, type TimeSlot } from './availability.ts';
import { firstInstantAtWall, offsetAt, zoneOf } from './zoned-time.ts';

/** A slot in epoch ms, before it becomes a `TimeSlot`. */
export interface SlotSpan {
  start: number;
  end: number;
  seats: number;
}

/** Maximal stretches with a constant positive seat count. */
export function plainSlots(timeline: readonly SeatSegment[]): SlotSpan[] {
  return timeline
    .filter((s) => s.seats > 0)
    .map((s) => ({ start: s.start, end: s.end, seats: s.seats }));
}

/** For every seat count, the longest stretches offering at least that many seats (see header). */
export function expandedSlots(timeline: readonly SeatSegment[]): SlotSpan[] {
  const out: SlotSpan[] = [];
  // Runs of segments with more than `floor` seats, examined level by level.
  const visit = (segments: readonly SeatSegment[], floor: number): void => {
    let run: SeatSegment[] = [];
    const flush = () => {
      if (run.length === 0) return;
      const first = run[0];
      const last = run[run.length - 1];
      if (first && last) {
        const seats = Math.min(...run.map((s) => s.seats));
        out.push({ start: first.start, end: last.end, seats });
        visit(run, seats);
      }
      run = [];
    };
    for (const s of segments) {
      const prev = run[run.length - 1];
      if (s.seats > floor && (prev === undefined || prev.end === s.start)) run.push(s);
      else {
        flush();
        if (s.seats > floor) run.push(s);
      }
    }
    flush();
  };
  visit(timeline, 0);
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Interval filtering parameters, already validated (see parseIntervalFilter). */
export interface IntervalFilter {
  duration: Duration;
  /** At most this many slots per sub-interval. */
  maxPerInterval: number;
  /** Minimum length (ms) from the later of slot start and sub-interval start. */
  minDurationMs: number;
  /** Where sub-intervals start (epoch ms, at or before the query start). */
  alignMs: number;
  /** The zone whose calendar steps the sub-intervals (P1D = next local midnight). */
  zone: string;
}

/**
 * The starts of the sub-intervals covering `[from, to)`, plus the end of the last one; undefined
 * when there would be more than `maxCount`. Steps are `align + k × duration`, never accumulated (so
 * P1M from 31 January gives 29 February, then 31 March). Calendar units (years, months, weeks,
 * days) step the zone's wall clock — P1D is the next local midnight, 23 or 25 hours across a DST
 * change — and clock units (hours and less) add exact time.
 */
export function subIntervalBounds(
  f: IntervalFilter,
  from: number,
  to: number,
  maxCount: number,
): number[] | undefined {
  const at = stepper(f);
  const approx = Math.max(f.duration.as('milliseconds'), MINUTE_MS);
  // First k whose sub-interval ends after `from`.
  let k = Math.max(0, Math.floor((from - f.alignMs) / approx) - 2);
  while (k > 0 && at(k) > from) k--;
  while (at(k + 1) <= from) k++;
  const bounds = [at(k)];
  while ((bounds[bounds.length - 1] ?? to) < to) {
    if (bounds.length > maxCount) return undefined;
    k++;
    bounds.push(at(k));
  }
  return bounds;
}

/** `k ↦ align + k × duration` (see subIntervalBounds). */
function stepper(f: IntervalFilter): (k: number) => number {
  const d = f.duration.toObject();
  const years = d.years ?? 0;
  const months = (d.quarters ?? 0) * 3 + (d.months ?? 0);
  const days = (d.weeks ?? 0) * 7 + (d.days ?? 0);
  const clockMs =
    (d.hours ?? 0) * 3_600_000 +
    (d.minutes ?? 0) * MINUTE_MS +
    (d.seconds ?? 0) * 1000 +
    (d.milliseconds ?? 0);
  if (years === 0 && months === 0 && days === 0) return (k) => f.alignMs + k * clockMs;
  const zone = zoneOf(f.zone);
  const wall = new Date(f.alignMs + offsetAt(zone, f.alignMs) * MINUTE_MS);
  return (k) => {
    const monthIndex = wall.getUTCFullYear() * 12 + wall.getUTCMonth() + k * (years * 12 + months);
    const year = Math.floor(monthIndex / 12);
    const month = monthIndex - year * 12;
    // Clamp to the month's last day (31 January + 1 month = 29 February), as luxon does.
    const day = Math.min(wall.getUTCDate(), new Date(Date.UTC(year, month + 1, 0)).getUTCDate());
    const shifted = Date.UTC(
      year,
      month,
      day + k * days,
      wall.getUTCHours(),
      wall.getUTCMinutes(),
      wall.getUTCSeconds(),
      wall.getUTCMilliseconds(),
    );
    return firstInstantAtWall(zone, shifted) + k * clockMs;
  };
}

/** Keeps the slots that some sub-interval keeps (see header); order preserved. */
export function filterByIntervals(
  slots: readonly SlotSpan[],
  bounds: readonly number[],
  f: Pick<IntervalFilter, 'maxPerInterval' | 'minDurationMs'>,
): SlotSpan[] {
  const taken = new Map<number, number>();
  const kept: SlotSpan[] = [];
  for (const slot of slots) {
    let keep = false;
    // The first sub-interval that can see this slot: the last bound at or before its start.
    let k = Math.max(0, upperBound(bounds, slot.start) - 1);
    for (; k < bounds.length - 1; k++) {
      const lo = bounds[k] ?? 0;
      const hi = bounds[k + 1] ?? 0;
      if (lo >= slot.end) break;
      if (hi <= slot.start) continue;
      // Measured from the later start; it only shrinks for later sub-intervals.
      if (slot.end - Math.max(slot.start, lo) < f.minDurationMs) break;
      const count = taken.get(k) ?? 0;
      if (count < f.maxPerInterval) {
        taken.set(k, count + 1);
        keep = true;
      }
    }
    if (keep) kept.push(slot);
  }
  return kept;
}

/** Index of the first element greater than `value` in an ascending list. */
function upperBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] ?? 0) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Slots as `timeSlot` values: `time-slot/day` for day-based listings. */
export const toTimeSlots = (spans: readonly SlotSpan[], kind: PlanKind): TimeSlot[] =>
  spans.map((s) => ({
    type: kind === 'day' ? 'time-slot/day' : 'time-slot/time',
    start: new Date(s.start),
    end: new Date(s.end),
    seats: s.seats,
  }));
