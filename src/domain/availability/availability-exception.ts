/**
 * Availability exceptions (domain §4.2, catalogue §3.4, §5.6): a listing's seats over a concrete
 * range, replacing its plan there. Validation of new exceptions and of query windows.
 */
import { badRequest, type ErrorSource } from '../errors.ts';
import type { WireValue } from '../../lib/values.ts';
import { DAY_MS, EXCEPTION_LIMITS, MINUTE_MS } from './availability.ts';

export interface AvailabilityException {
  id: string;
  marketplaceId: string;
  listingId: string;
  start: Date;
  /** Exclusive. */
  end: Date;
  /** 0 or more; 0 blocks the range. */
  seats: number;
  createdAt: Date;
}

/** The attributes of the `availabilityException` resource. */
export const exceptionAttributes = (e: AvailabilityException): Record<string, WireValue> => ({
  start: e.start,
  end: e.end,
  seats: e.seats,
});

type Where = ErrorSource['type'];

const invalid = (where: Where, param: string, message: string) =>
  badRequest('validation-invalid-value', message, { type: where, path: [param] });

/** Parses an instant sent as an ISO-8601 string (what the SDKs send for a Date). Throws bad-request. */
export function parseInstant(value: string | Date, param: string, where: Where = 'body'): Date {
  const date =
    value instanceof Date
      ? value
      : /^\d{4}-\d{2}-\d{2}T/.test(value)
        ? new Date(value)
        : new Date(NaN);
  if (Number.isNaN(date.getTime()))
    throw invalid(where, param, `${param} must be an ISO-8601 timestamp.`);
  return date;
}

const onMinuteStep = (d: Date): boolean =>
  d.getTime() % (EXCEPTION_LIMITS.minuteStep * MINUTE_MS) === 0;

/**
 * Checks a new exception (domain §4.2): whole minutes that are multiples of 5 (seconds and
 * milliseconds zero), end after start, end at most 365 days ahead, seats a whole number ≥ 0.
 * Throws bad-request `validation-invalid-value` naming the body key.
 */
export function validateNewException(
  input: { start: Date; end: Date; seats: number },
  now: Date,
): void {
  const step = EXCEPTION_LIMITS.minuteStep;
  if (!onMinuteStep(input.start))
    throw invalid(
      'body',
      'start',
      `start must fall on a whole minute that is a multiple of ${step} (seconds and milliseconds 0).`,
    );
  if (!onMinuteStep(input.end))
    throw invalid(
      'body',
      'end',
      `end must fall on a whole minute that is a multiple of ${step} (seconds and milliseconds 0).`,
    );
  if (input.end.getTime() <= input.start.getTime())
    throw invalid('body', 'end', 'end must be after start.');
  if (input.end.getTime() > now.getTime() + EXCEPTION_LIMITS.maxDaysAhead * DAY_MS) {
    throw invalid(
      'body',
      'end',
      `end must be at most ${EXCEPTION_LIMITS.maxDaysAhead} days in the future.`,
    );
  }
  if (!Number.isSafeInteger(input.seats) || input.seats < 0)
    throw invalid('body', 'seats', 'seats must be a whole number of at least 0.');
}

/**
 * Checks an exception query window (catalogue §3.4, changelog 2025-04-28): start and end within 366
 * days of now either way, end after start and at most 366 days after it. Throws bad-request
 * `validation-invalid-value` naming the query parameter.
 */
export function validateExceptionQueryWindow(start: Date, end: Date, now: Date): void {
  const days = EXCEPTION_LIMITS.queryWindowDays;
  const limit = days * DAY_MS;
  const n = now.getTime();
  if (Math.abs(start.getTime() - n) > limit)
    throw invalid('query', 'start', `start must be within ${days} days of now.`);
  if (Math.abs(end.getTime() - n) > limit)
    throw invalid('query', 'end', `end must be within ${days} days of now.`);
  if (end.getTime() <= start.getTime()) throw invalid('query', 'end', 'end must be after start.');
  if (end.getTime() - start.getTime() > limit)
    throw invalid('query', 'end', `end must be at most ${days} days after start.`);
}
