/**
 * Whether one listing's free capacity satisfies an availability filter (domain 4.3, 4.6), from its
 * plan, its exceptions and its holding bookings over the window. Pure: the search loads the rows
 * and calls this for the modes it cannot decide in SQL (`day-partial`, `time-full`,
 * `time-partial`); `day-full` is decided in SQL with the same rules (availability-search.store.ts).
 *
 * - Day-based listings (a day plan, or no plan = one seat every day) count whole UTC dates: an
 *   exception touching a date sets the date's seats (the lowest when several touch it), and a
 *   booking touching a date holds its seats for the whole date.
 * - Time plans are evaluated in their IANA zone with luxon (DST-correct: a 09:00 entry is 09:00
 *   local on both sides of a change); exceptions and bookings are taken literally. Where entries
 *   overlap, the largest seat count applies.
 * - Free seats = base (exception, else plan) − seats of holding bookings; bookings end exclusive.
 */
import { DateTime } from 'luxon';
import { DAYS_OF_WEEK, minutesOf, type AvailabilityPlan } from '../availability-plan.ts';
import { isoWeekday, utcDates, type AvailabilityFilter } from './availability-filter.ts';

/** An exception's or a booking's period and seats. */
export interface SeatPeriod {
  start: Date;
  /** Exclusive. */
  end: Date;
  seats: number;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

const overlaps = (p: SeatPeriod, from: number, to: number): boolean => p.start.getTime() < to && p.end.getTime() > from;

/** Seats per ISO weekday (index 0 = Monday) of a day-based listing; undefined for a time plan. */
export function daySeatsOf(plan: AvailabilityPlan | null): number[] | undefined {
  if (plan === null) return [1, 1, 1, 1, 1, 1, 1];
  if (plan.type !== 'availability-plan/day') return undefined;
  return DAYS_OF_WEEK.map((d) => plan.entries.find((e) => e.dayOfWeek === d)?.seats ?? 0);
}

/** Free seats on each UTC date from `first`, for a day-based listing. */
export function freeSeatsPerDate(daySeats: number[], exceptions: SeatPeriod[], bookings: SeatPeriod[], first: Date, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const from = first.getTime() + i * DAY_MS;
    const to = from + DAY_MS;
    const touching = exceptions.filter((e) => overlaps(e, from, to));
    const base = touching.length > 0 ? Math.min(...touching.map((e) => e.seats)) : (daySeats[isoWeekday(new Date(from)) - 1] ?? 0);
    const held = bookings.filter((b) => overlaps(b, from, to)).reduce((sum, b) => sum + b.seats, 0);
    out.push(base - held);
  }
  return out;
}

/**
 * The first instant whose wall-clock time on `day` (local midnight) is `minutes` past midnight or
 * later. Usually that wall time itself; when it falls in a spring-forward gap (it never happens on
 * the clock), the instant the clocks jump — luxon would otherwise move it forward by the gap.
 */
function wallTime(day: DateTime, minutes: number): DateTime {
  const hour = Math.floor(minutes / 60);
  const minute = minutes % 60;
  const t = day.set({ hour, minute });
  if (t.hour === hour && t.minute === minute) return t;
  // In a gap: find the offset change before t (gaps are at most a few hours) by bisection.
  let lo = t.toMillis() - 4 * 3_600_000;
  let hi = t.toMillis();
  const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone: day.zone }).offset;
  const after = offsetAt(hi);
  while (hi - lo > MINUTE_MS) {
    const mid = Math.floor((lo + hi) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetAt(mid) === after) hi = mid;
    else lo = mid;
  }
  return DateTime.fromMillis(hi, { zone: day.zone });
}

/** The plan's open periods (with seats) that meet [from, to), as instants. */
function timePlanPeriods(plan: Extract<AvailabilityPlan, { type: 'availability-plan/time' }>, from: Date, to: Date): SeatPeriod[] {
  const zone = plan.timezone;
  const out: SeatPeriod[] = [];
  // Local days from the one before `from` (an entry may end after midnight… of the next day only
  // with 00:00, so one day of margin on each side is enough).
  let day = DateTime.fromJSDate(from, { zone }).startOf('day').minus({ days: 1 });
  const lastDay = DateTime.fromJSDate(to, { zone }).startOf('day').plus({ days: 1 });
  while (day <= lastDay) {
    const dow = DAYS_OF_WEEK[day.weekday - 1];
    const next = day.plus({ days: 1 }).startOf('day');
    for (const entry of plan.entries) {
      if (entry.dayOfWeek !== dow || entry.seats <= 0) continue;
      const startMin = minutesOf(entry.startTime, false);
      const endMin = minutesOf(entry.endTime, true);
      const start = wallTime(day, startMin);
      const end = endMin === 24 * 60 ? next : wallTime(day, endMin);
      if (end > start) out.push({ start: start.toJSDate(), end: end.toJSDate(), seats: entry.seats });
    }
    day = next;
  }
  return out.filter((p) => overlaps(p, from.getTime(), to.getTime()));
}

/** A constant stretch of free seats. */
interface Segment {
  from: number;
  to: number;
  free: number;
}

/** Free seats over [from, to) for a time plan, as consecutive segments covering the window. */
export function freeTimeline(
  plan: Extract<AvailabilityPlan, { type: 'availability-plan/time' }>,
  exceptions: SeatPeriod[],
  bookings: SeatPeriod[],
  from: Date,
  to: Date,
): Segment[] {
  const periods = timePlanPeriods(plan, from, to);
  const lo = from.getTime();
  const hi = to.getTime();
  const cuts = new Set<number>([lo, hi]);
  for (const p of [...periods, ...exceptions, ...bookings]) {
    for (const t of [p.start.getTime(), p.end.getTime()]) if (t > lo && t < hi) cuts.add(t);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const covering = (list: SeatPeriod[], t: number) => list.filter((p) => p.start.getTime() <= t && p.end.getTime() > t);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i] ?? lo;
    const b = points[i + 1] ?? hi;
    const exc = covering(exceptions, a);
    const base = exc.length > 0 ? Math.min(...exc.map((e) => e.seats)) : Math.max(0, ...covering(periods, a).map((p) => p.seats));
    const held = covering(bookings, a).reduce((sum, p) => sum + p.seats, 0);
    segments.push({ from: a, to: b, free: base - held });
  }
  return segments;
}

/** Longest run of consecutive truthy flags. */
const longestRun = (flags: boolean[]): number => {
  let best = 0;
  let run = 0;
  for (const f of flags) {
    run = f ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
};

/**
 * Whether the listing matches the filter. `exceptions` and `bookings` must include every one of
 * the listing's exceptions and holding (pending, accepted) bookings that meet the window — for a
 * day-based filter, the window widened to whole UTC dates.
 */
export function matchesAvailability(plan: AvailabilityPlan | null, exceptions: SeatPeriod[], bookings: SeatPeriod[], f: AvailabilityFilter): boolean {
  if (f.kind === 'day') {
    const daySeats = daySeatsOf(plan);
    if (!daySeats) return false;
    const { first, count } = utcDates(f.start, f.end);
    const ok = freeSeatsPerDate(daySeats, exceptions, bookings, first, count).map((free) => free >= f.seats);
    return f.match === 'full' ? ok.every(Boolean) : longestRun(ok) >= Math.max(1, f.minDuration);
  }
  if (plan === null || plan.type !== 'availability-plan/time') return false;
  const segments = freeTimeline(plan, exceptions, bookings, f.start, f.end);
  if (f.match === 'full') return segments.every((s) => s.free >= f.seats);
  let best = 0;
  let run = 0;
  for (const s of segments) {
    run = s.free >= f.seats ? run + (s.to - s.from) : 0;
    best = Math.max(best, run);
  }
  return best > 0 && best >= f.minDuration * MINUTE_MS;
}

/** The period a filter needs exceptions and bookings for (whole UTC dates for day-based filters). */
export function capacityWindow(f: AvailabilityFilter): { from: Date; to: Date } {
  if (f.kind === 'time') return { from: f.start, to: f.end };
  const { first, count } = utcDates(f.start, f.end);
  return { from: first, to: new Date(first.getTime() + count * DAY_MS) };
}
