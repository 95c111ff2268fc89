/**
 * Availability search parameters (catalogue 3.3, domain 4.6), pure part: their rules together, and
 * the UTC dates a day-based search covers.
 *
 * | availability            | plans matched        | match                                   | pagination |
 * |-------------------------|----------------------|-----------------------------------------|------------|
 * | `day-full` (`full`)     | day plans, no plan   | `seats` free on every date of the range | yes        |
 * | `day-partial` (`partial`)| day plans, no plan  | `minDuration` consecutive free dates    | no         |
 * | `time-full`             | time plans           | `seats` free over the whole range       | no         |
 * | `time-partial`          | time plans           | `seats` free for `minDuration` minutes  | no         |
 *
 * Window limits (catalogue 3.3): start no earlier than one day ago and at most 365 days ahead, end
 * after start, at most 365 days ahead and at most 90 days after start. `seats` defaults to 1.
 */
import { badRequest } from '../../errors.ts';
import type { AvailabilitySearchInput } from './listing-search.ts';

const DAY_MS = 86_400_000;
/** How far back `start` may be (catalogue 3.3: "1 day in the past"). */
export const START_PAST_LIMIT_MS = DAY_MS;
/** How far ahead `start` and `end` may be. */
export const AHEAD_LIMIT_MS = 365 * DAY_MS;
/** Longest window. */
export const MAX_WINDOW_MS = 90 * DAY_MS;

export type AvailabilityKind = 'day' | 'time';

/** A validated availability filter. */
export interface AvailabilityFilter {
  kind: AvailabilityKind;
  /** Whole range (`full`) or some part of it of at least `minDuration` (`partial`). */
  match: 'full' | 'partial';
  start: Date;
  /** Exclusive. */
  end: Date;
  seats: number;
  /** `partial` only: days (day plans) or minutes (time plans); 0 = any free part. */
  minDuration: number;
  /** `day-full` pages like any search; the other modes return one page (domain 4.6). */
  paginated: boolean;
}

const invalidValue = (param: string, message: string): Error =>
  badRequest('validation-invalid-value', message, { type: 'query', path: [param] });

/**
 * Validates the availability parameters together. Returns undefined when none is given. Throws
 * bad-request: `validation-missing-key` (start or end missing), `validation-invalid-value` (window
 * out of limits, seats below 1, negative minDuration), `validation-invalid-params` (minDuration
 * with a full mode).
 */
export function parseAvailabilityFilter(input: AvailabilitySearchInput): AvailabilityFilter | undefined {
  const { start, end, seats, mode, minDuration, now } = input;
  if (start === undefined && end === undefined && seats === undefined && mode === undefined && minDuration === undefined) return undefined;
  if (start === undefined || end === undefined) {
    const missing = start === undefined ? 'start' : 'end';
    throw badRequest('validation-missing-key', `Availability search needs both start and end: "${missing}" is missing.`, { type: 'query', path: [missing] });
  }
  if (end.getTime() <= start.getTime()) throw invalidValue('end', 'end must be after start.');
  if (start.getTime() < now.getTime() - START_PAST_LIMIT_MS) throw invalidValue('start', 'start may be at most one day in the past.');
  if (start.getTime() > now.getTime() + AHEAD_LIMIT_MS) throw invalidValue('start', 'start may be at most 365 days in the future.');
  if (end.getTime() > now.getTime() + AHEAD_LIMIT_MS) throw invalidValue('end', 'end may be at most 365 days in the future.');
  if (end.getTime() - start.getTime() > MAX_WINDOW_MS) throw invalidValue('end', 'end may be at most 90 days after start.');
  if (seats !== undefined && (!Number.isSafeInteger(seats) || seats < 1)) throw invalidValue('seats', 'seats must be an integer of at least 1.');
  const resolved = mode ?? 'day-full';
  const kind: AvailabilityKind = resolved.startsWith('time-') ? 'time' : 'day';
  const match = resolved.endsWith('partial') ? 'partial' : 'full';
  if (minDuration !== undefined) {
    if (match !== 'partial') {
      throw badRequest('validation-invalid-params', `minDuration applies to availability=day-partial or time-partial only, not ${resolved}.`, {
        type: 'query',
        path: ['minDuration'],
      });
    }
    if (!Number.isSafeInteger(minDuration) || minDuration < 0) throw invalidValue('minDuration', 'minDuration must be an integer of at least 0.');
  }
  return {
    kind,
    match,
    start,
    end,
    seats: seats ?? 1,
    minDuration: minDuration ?? 0,
    paginated: kind === 'day' && match === 'full',
  };
}

/**
 * The UTC dates a day-based search covers: every date the window touches (a window ending at
 * midnight does not touch the next date). Day plans, exceptions and bookings of day-based listings
 * all count in whole UTC dates (domain 4.2).
 */
export function utcDates(start: Date, end: Date): { first: Date; count: number } {
  const first = Math.floor(start.getTime() / DAY_MS) * DAY_MS;
  const last = Math.ceil(end.getTime() / DAY_MS) * DAY_MS;
  return { first: new Date(first), count: Math.max(1, (last - first) / DAY_MS) };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a UTC date. */
export const isoWeekday = (date: Date): number => ((date.getUTCDay() + 6) % 7) + 1;

/** The ISO weekdays among `count` dates from `first`. */
export function isoWeekdaysOf(first: Date, count: number): number[] {
  const days = new Set<number>();
  for (let i = 0; i < Math.min(count, 7); i++) days.add(isoWeekday(new Date(first.getTime() + i * DAY_MS)));
  return [...days].sort((a, b) => a - b);
}
