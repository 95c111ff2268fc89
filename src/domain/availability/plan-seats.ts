/**
 * What an availability plan alone offers over a range (domain §4.1): disjoint segments with the
 * plan's seats, in time order; time not covered has 0 seats.
 * - Day plans: seats per weekday on whole UTC dates (days without an entry: 0).
 * - No plan: one seat every day (a day plan).
 * - Time plans: entries per weekday in the plan's IANA zone, `00:00` end = the midnight that ends
 *   the day, evaluated DST-correctly (see zoned-time.ts).
 */
import type { DayOfWeek } from '../listings/index.ts';
import {
  DAY_MS,
  MINUTE_MS,
  utcDateStart,
  type AvailabilityPlan,
  type SeatSegment,
} from './availability.ts';
import { firstInstantAtWall, localDateOf, zoneOf } from './zoned-time.ts';

/** ISO weekday names indexed by `Date#getUTCDay()` (0 = Sunday). */
const WEEKDAY_BY_UTC_DAY: readonly DayOfWeek[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const weekdayOf = (dateMs: number): DayOfWeek =>
  WEEKDAY_BY_UTC_DAY[new Date(dateMs).getUTCDay()] ?? 'mon';

/** Minutes since midnight of `hh:mm`; an end time of `00:00` or `24:00` is 1440. */
const minutesOf = (time: string, end: boolean): number => {
  const [h, m] = time.split(':').map(Number);
  const minutes = (h ?? 0) * 60 + (m ?? 0);
  return end && minutes === 0 ? 1440 : minutes;
};

/** Appends a segment, merging it into the previous one when they touch with equal seats. */
const push = (out: SeatSegment[], seg: SeatSegment): void => {
  if (seg.end <= seg.start || seg.seats === 0) return;
  const last = out[out.length - 1];
  if (last && last.end === seg.start && last.seats === seg.seats) last.end = seg.end;
  else out.push(seg);
};

function daySegments(
  seatsByDay: (day: DayOfWeek) => number,
  from: number,
  to: number,
): SeatSegment[] {
  const out: SeatSegment[] = [];
  for (let date = utcDateStart(from); date < to; date += DAY_MS) {
    push(out, {
      start: Math.max(date, from),
      end: Math.min(date + DAY_MS, to),
      seats: seatsByDay(weekdayOf(date)),
    });
  }
  return out;
}

function timeSegments(
  plan: Extract<AvailabilityPlan, { type: 'availability-plan/time' }>,
  from: number,
  to: number,
): SeatSegment[] {
  const zone = zoneOf(plan.timezone);
  const byDay = new Map<DayOfWeek, { start: number; end: number; seats: number }[]>();
  for (const e of plan.entries) {
    const list = byDay.get(e.dayOfWeek) ?? [];
    list.push({
      start: minutesOf(e.startTime, false),
      end: minutesOf(e.endTime, true),
      seats: e.seats,
    });
    byDay.set(e.dayOfWeek, list);
  }
  for (const list of byDay.values()) list.sort((a, b) => a.start - b.start);
  const out: SeatSegment[] = [];
  // Local dates whose entries may reach into [from, to): from the day before `from`'s local date.
  const last = localDateOf(zone, to);
  for (let date = localDateOf(zone, from) - DAY_MS; date <= last; date += DAY_MS) {
    for (const e of byDay.get(weekdayOf(date)) ?? []) {
      const start = firstInstantAtWall(zone, date + e.start * MINUTE_MS);
      const end = firstInstantAtWall(zone, date + e.end * MINUTE_MS);
      push(out, { start: Math.max(start, from), end: Math.min(end, to), seats: e.seats });
    }
  }
  return out;
}

/** The plan's seat segments over `[from, to)` (epoch ms), time-ordered and disjoint. */
export function planSegments(
  plan: AvailabilityPlan | null,
  from: number,
  to: number,
): SeatSegment[] {
  if (to <= from) return [];
  if (plan === null) return daySegments(() => 1, from, to);
  if (plan.type === 'availability-plan/day') {
    const seats = new Map(plan.entries.map((e) => [e.dayOfWeek, e.seats]));
    return daySegments((day) => seats.get(day) ?? 0, from, to);
  }
  return timeSegments(plan, from, to);
}
