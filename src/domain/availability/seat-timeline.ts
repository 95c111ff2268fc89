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

const clip = (spans: Span[], from: number, to: number): Span[] =>
  spans.flatMap((s) =>
    s.end > from && s.start < to
      ? [{ start: Math.max(s.start, from), end: Math.min(s.end, to), seats: s.seats }]
      : [],
  );

type Layer = 'plan' | 'exception' | 'booking';

interface Edge {
  at: number;
  layer: Layer;
  seats: number;
  /** +1 opens the span, -1 closes it. */
  dir: 1 | -1;
}

/** Removes one occurrence of `value` from an unsorted list. */
const removeOne = (list: number[], value: number): void => {
  const i = list.indexOf(value);
  if (i >= 0) list.splice(i, 1);
};

/**
 * The free seats over `[range.start, range.end)`: contiguous segments covering the whole range in
 * time order, neighbours with different seat counts, never negative (an exception added after a
 * booking may leave a date overbooked: it then has 0 free seats).
 */
export function freeCapacity(input: CapacityInput, range: TimeRange): SeatTimeline {
  const from = range.start.getTime();
  const to = range.end.getTime();
  if (!(to > from)) return [];
  const kind = planKindOf(input.plan);
  const span = (start: Date, end: Date, seats: number): Span => ({
    ...normalised(kind, start.getTime(), end.getTime()),
    seats,
  });

  const plan = planSegments(input.plan, from, to);
  const exceptions = clip(
    input.exceptions.map((e) => span(e.start, e.end, e.seats)),
    from,
    to,
  );
  const bookings = clip(
    input.bookings
      .filter((b) => b.state === undefined || holdsSeats(b.state))
      .map((b) => span(b.start, b.end, b.seats)),
    from,
    to,
  );

  const edges: Edge[] = [];
  const addEdges = (layer: Layer, spans: readonly Span[]) => {
    for (const s of spans) {
      if (s.end <= s.start) continue;
      edges.push(
        { at: s.start, layer, seats: s.seats, dir: 1 },
        { at: s.end, layer, seats: s.seats, dir: -1 },
      );
    }
  };
  addEdges('plan', plan);
  addEdges('exception', exceptions);
  addEdges('booking', bookings);
  edges.sort((a, b) => a.at - b.at);

  const planActive: number[] = [];
  const exceptionActive: number[] = [];
  let booked = 0;
  const out: SeatTimeline = [];
  const emit = (start: number, end: number) => {
    if (end <= start) return;
    const base =
      exceptionActive.length > 0
        ? Math.min(...exceptionActive)
        : planActive.length > 0
          ? Math.max(...planActive)
          : 0;
    const seats = Math.max(0, base - booked);
    const last = out[out.length - 1];
    if (last && last.seats === seats) last.end = end;
    else out.push({ start, end, seats });
  };

  let cursor = from;
  let i = 0;
  while (i < edges.length) {
    const at = edges[i]?.at ?? to;
    emit(cursor, at);
    cursor = Math.max(cursor, at);
    for (; i < edges.length && edges[i]?.at === at; i++) {
      const e = edges[i];
      if (!e) continue;
      if (e.layer === 'booking') booked += e.dir * e.seats;
      else {
        const active = e.layer === 'plan' ? planActive : exceptionActive;
        if (e.dir === 1) active.push(e.seats);
        else removeOne(active, e.seats);
      }
    }
  }
  emit(cursor, to);
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
