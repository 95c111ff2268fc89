/**
 * `timeslots/query` as a pure computation: validate the parameters against the limits (domain
 * §4.5) and compute the slots of a listing from its capacity input. Loading the listing, its
 * exceptions and bookings is the caller's (bookings module's) part.
 */
import { Duration } from 'luxon';
import { badRequest } from '../errors.ts';
import {
  DAY_MS,
  MINUTE_MS,
  TIME_SLOT_LIMITS,
  planKindOf,
  planZoneOf,
  type CapacityInput,
  type TimeRange,
  type TimeSlot,
} from './availability.ts';
import { freeCapacity } from './seat-timeline.ts';
import {
  expandedSlots,
  filterByIntervals,
  plainSlots,
  subIntervalBounds,
  toTimeSlots,
  type IntervalFilter,
} from './time-slots.ts';

/** The parameters of a time-slot query as the client gave them (already typed). */
export interface TimeSlotQueryParams {
  start: Date;
  end: Date;
  /** ISO-8601 duration, e.g. `P1D`, `PT30M`. */
  intervalDuration?: string | undefined;
  maxPerInterval?: number | undefined;
  /** Minutes. Giving it also asks for expanded slots. */
  minDurationStartingInInterval?: number | undefined;
  intervalAlign?: Date | undefined;
}

/** A validated time-slot query. */
export interface TimeSlotQuery extends TimeRange {
  /** Interval filtering, when any interval parameter was given. */
  interval?: Omit<IntervalFilter, 'zone'>;
  /** Expanded slots (see time-slots.ts). */
  expanded: boolean;
}

const invalid = (param: string, message: string) =>
  badRequest('validation-invalid-value', message, { type: 'query', path: [param] });

/**
 * Checks the query range and interval parameters. Throws bad-request `validation-invalid-value`
 * naming the parameter: end not after start, start more than a day in the past or a year ahead,
 * a range over 90 days, an unparseable or non-positive duration, an align after start, or a
 * duration so short the range would split into too many sub-intervals.
 */
export function parseTimeSlotQuery(p: TimeSlotQueryParams, now: Date): TimeSlotQuery {
  const start = p.start.getTime();
  const end = p.end.getTime();
  const nowMs = now.getTime();
  if (end <= start) throw invalid('end', 'end must be after start.');
  if (start < nowMs - TIME_SLOT_LIMITS.maxDaysPast * DAY_MS)
    throw invalid(
      'start',
      `start must be at most ${TIME_SLOT_LIMITS.maxDaysPast} day in the past.`,
    );
  if (start > nowMs + TIME_SLOT_LIMITS.maxDaysAhead * DAY_MS)
    throw invalid('start', `start must be at most ${TIME_SLOT_LIMITS.maxDaysAhead} days ahead.`);
  if (end > nowMs + TIME_SLOT_LIMITS.maxDaysAhead * DAY_MS)
    throw invalid('end', `end must be at most ${TIME_SLOT_LIMITS.maxDaysAhead} days ahead.`);
  if (end - start > TIME_SLOT_LIMITS.maxRangeDays * DAY_MS)
    throw invalid('end', `end must be at most ${TIME_SLOT_LIMITS.maxRangeDays} days after start.`);

  const query: TimeSlotQuery = {
    start: p.start,
    end: p.end,
    expanded: p.minDurationStartingInInterval !== undefined,
  };
  const anyInterval =
    p.intervalDuration !== undefined ||
    p.maxPerInterval !== undefined ||
    p.minDurationStartingInInterval !== undefined ||
    p.intervalAlign !== undefined;
  if (!anyInterval) return query;

  // Defaults: one sub-interval spanning the range, no per-interval cap, no minimum length.
  let duration = Duration.fromMillis(end - start);
  if (p.intervalDuration !== undefined) {
    const parsed = Duration.fromISO(p.intervalDuration);
    if (
      !parsed.isValid ||
      !(parsed.as('milliseconds') >= MINUTE_MS) ||
      Object.values(parsed.toObject()).some((v) => typeof v === 'number' && v < 0)
    ) {
      throw invalid(
        'intervalDuration',
        'intervalDuration must be a positive ISO-8601 duration of at least a minute, such as P1D or PT30M.',
      );
    }
    duration = parsed;
  }
  if (
    p.maxPerInterval !== undefined &&
    !(Number.isSafeInteger(p.maxPerInterval) && p.maxPerInterval >= 1)
  ) {
    throw invalid('maxPerInterval', 'maxPerInterval must be an integer of at least 1.');
  }
  const minMinutes = p.minDurationStartingInInterval ?? 0;
  if (!(Number.isSafeInteger(minMinutes) && minMinutes >= 0)) {
    throw invalid(
      'minDurationStartingInInterval',
      'minDurationStartingInInterval must be a whole number of minutes, at least 0.',
    );
  }
  const alignMs = p.intervalAlign?.getTime() ?? start;
  if (alignMs > start) throw invalid('intervalAlign', 'intervalAlign must not be after start.');
  if (start - alignMs > TIME_SLOT_LIMITS.maxDaysAhead * DAY_MS)
    throw invalid(
      'intervalAlign',
      `intervalAlign must be within ${TIME_SLOT_LIMITS.maxDaysAhead} days before start.`,
    );
  query.interval = {
    duration,
    maxPerInterval: p.maxPerInterval ?? Number.MAX_SAFE_INTEGER,
    minDurationMs: minMinutes * MINUTE_MS,
    alignMs,
  };
  return query;
}

/**
 * The time slots of a listing for a validated query: free capacity over the range, cut into slots
 * (expanded when asked), then interval-filtered. Interval steps follow the plan's time zone (UTC
 * for day plans). Throws bad-request `validation-invalid-value` (intervalDuration) when the range
 * would split into more than 10 000 sub-intervals.
 */
export function computeTimeSlots(input: CapacityInput, q: TimeSlotQuery): TimeSlot[] {
  const timeline = freeCapacity(input, q);
  let spans = q.expanded ? expandedSlots(timeline) : plainSlots(timeline);
  if (q.interval) {
    const filter: IntervalFilter = { ...q.interval, zone: planZoneOf(input.plan) };
    const bounds = subIntervalBounds(
      filter,
      q.start.getTime(),
      q.end.getTime(),
      TIME_SLOT_LIMITS.maxSubIntervals,
    );
    if (!bounds)
      throw invalid(
        'intervalDuration',
        `intervalDuration is too short: the range would split into more than ${TIME_SLOT_LIMITS.maxSubIntervals} sub-intervals.`,
      );
    spans = filterByIntervals(spans, bounds, filter);
  }
  return toTimeSlots(spans, planKindOf(input.plan));
}
