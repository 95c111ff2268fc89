/**
 * Free capacity over time (domain §4.3): the plan's seats, replaced by availability exceptions
 * where they apply, minus the seats held by pending and accepted bookings.
 *
 * Day plans (and listings without a plan) count whole UTC dates: an exception or booking that
 * touches part of a date covers the whole date, and several exceptions on one date give the
 * minimum of their seats. Time plans take exceptions and bookings literally (overlapping exceptions,
 * which validation prevents, would also give the minimum).
 */
import {
  holdsSeats,
  planKindOf,
  utcDateCeil,
  utcDateStart,
  type CapacityInput,
  type PlanKind,
  type SeatSegment,
  type SeatTimeline,
  type TimeRange,
} from './availability.ts';
import { planSegments } from './plan-seats.ts';

interface Span {
  start: number;
  end: number;
  seats: number;
}

/** A `[start, end)` range (Date or ms) widened to whole UTC dates for day-based listings. */
const normalised = (kind: PlanKind, start: number, end: number): { start: number; end: number } =>
  kind === 'day' ? { start: utcDateStart(start), end: utcDateCeil(end) } : { start, end };

/**
 * The range whose exceptions and bookings decide capacity over `range`: for day-based listings the
 * range widened to whole UTC dates. Load every exception and holding booking overlapping it.
 */
export function capacityWindow(plan: CapacityInput['plan'], range: TimeRange): TimeRange {
  const r = normalised(planKindOf(plan), range.start.getTime(), range.end.getTime());
  return { start: new Date(r.start), end: new Date(r.end) };
}

/** Adds `[start, end)` clipped to `[from, to)` to `out` unless empty. */
const pushClipped = (
  out: Span[],
  start: number,
  end: number,
  seats: number,
  from: number,
  to: number,
): void => {
  const s = Math.max(start, from);
  const e = Math.min(end, to);
  if (e > s) out.push({ start: s, end: e, seats });
};

/** Index of `value` in the ascending, duplicate-free `points` (it must be there). */
const indexOf = (points: Float64Array, count: number, value: number): number => {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((points[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * The free seats over `[range.start, range.end)`: contiguous segments covering the whole range in
 * time order, neighbours with different seat counts, never negative (an exception added after a
 * booking may leave a date overbooked: it then has 0 free seats).
 *
 * Every boundary of the plan, the exceptions and the bookings cuts the range into elementary
 * pieces (one typed-array sort); on each piece the plan offers the most seats of its segments
 * there, exceptions replace that with the fewest of theirs, and bookings (a difference array over
 * the pieces) take theirs away. A 90-day time plan with hundreds of bookings is ~600 pieces and
 * no per-piece allocation: `timeslots/query` and booking checks run this on every request.
 */
export function freeCapacity(input: CapacityInput, range: TimeRange): SeatTimeline {
  const from = range.start.getTime();
  const to = range.end.getTime();
  if (!(to > from)) return [];
  const day = planKindOf(input.plan) === 'day';

  const plan: Span[] = [];
  for (const p of planSegments(input.plan, from, to))
    pushClipped(plan, p.start, p.end, p.seats, from, to);
  const exceptions: Span[] = [];
  for (const e of input.exceptions) {
    const r = normalised(day ? 'day' : 'time', e.start.getTime(), e.end.getTime());
    pushClipped(exceptions, r.start, r.end, e.seats, from, to);
  }
  const bookings: Span[] = [];
  for (const b of input.bookings) {
    if (b.state !== undefined && !holdsSeats(b.state)) continue;
    const r = normalised(day ? 'day' : 'time', b.start.getTime(), b.end.getTime());
    pushClipped(bookings, r.start, r.end, b.seats, from, to);
  }

  // The pieces: sorted, distinct boundaries from `from` to `to`.
  const raw = new Float64Array(2 + 2 * (plan.length + exceptions.length + bookings.length));
  let n = 0;
  raw[n++] = from;
  raw[n++] = to;
  for (const list of [plan, exceptions, bookings]) {
    for (const sp of list) {
      raw[n++] = sp.start;
      raw[n++] = sp.end;
    }
  }
  raw.sort();
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = raw[i] ?? 0;
    if (count === 0 || v !== raw[count - 1]) raw[count++] = v;
  }
  const pieces = count - 1;

  // Per piece: plan seats (max), exception seats (min; NaN = none), booked seats.
  const planSeats = new Float64Array(pieces);
  const exceptionSeats = new Float64Array(pieces).fill(Number.NaN);
  const bookedDelta = new Float64Array(pieces + 1);
  for (const sp of plan) {
    const end = indexOf(raw, count, sp.end);
    for (let i = indexOf(raw, count, sp.start); i < end; i++)
      planSeats[i] = Math.max(planSeats[i] ?? 0, sp.seats);
  }
  for (const sp of exceptions) {
    const end = indexOf(raw, count, sp.end);
    for (let i = indexOf(raw, count, sp.start); i < end; i++) {
      const current = exceptionSeats[i] ?? Number.NaN;
      exceptionSeats[i] = Number.isNaN(current) ? sp.seats : Math.min(current, sp.seats);
    }
  }
  for (const sp of bookings) {
    const start = indexOf(raw, count, sp.start);
    const end = indexOf(raw, count, sp.end);
    bookedDelta[start] = (bookedDelta[start] ?? 0) + sp.seats;
    bookedDelta[end] = (bookedDelta[end] ?? 0) - sp.seats;
  }

  const out: SeatTimeline = [];
  let booked = 0;
  for (let i = 0; i < pieces; i++) {
    booked += bookedDelta[i] ?? 0;
    const exception = exceptionSeats[i] ?? Number.NaN;
    const base = Number.isNaN(exception) ? (planSeats[i] ?? 0) : exception;
    const seats = Math.max(0, base - booked);
    const start = raw[i] ?? 0;
    const end = raw[i + 1] ?? 0;
    const last = out[out.length - 1];
    if (last && last.seats === seats) last.end = end;
    else out.push({ start, end, seats });
  }
  return out;
}

/**
 * The fewest free seats anywhere in `[range.start, range.end)` — what a booking of that range may
 * take at most. For day-based listings the range counts as the whole UTC dates it touches.
 * 0 for an empty range.
 */
export function minFreeSeats(input: CapacityInput, range: TimeRange): number {
  const window = capacityWindow(input.plan, range);
  const timeline = freeCapacity(input, window);
  if (timeline.length === 0) return 0;
  return Math.min(...timeline.map((s) => s.seats));
}

/** The free seats at one instant, from a timeline (0 outside it). */
export function seatsAt(timeline: readonly SeatSegment[], ms: number): number {
  for (const s of timeline) if (s.start <= ms && ms < s.end) return s.seats;
  return 0;
}
