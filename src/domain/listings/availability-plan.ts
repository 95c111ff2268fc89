/**
 * Availability plans (catalogue §5.5): stored and validated here; what they mean for time slots and
 * bookings belongs to the availability module. Day plans count seats per weekday (UTC); time plans
 * count seats per weekday time range in an IANA time zone.
 */
import { IANAZone } from 'luxon';
import { badRequest, type DomainError } from '../errors.ts';

export const DAYS_OF_WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

export interface DayPlanEntry {
  dayOfWeek: DayOfWeek;
  seats: number;
}

export interface TimePlanEntry {
  dayOfWeek: DayOfWeek;
  seats: number;
  /** `hh:mm`. */
  startTime: string;
  /** `hh:mm`; `00:00` (or `24:00`) is the midnight that ends the day. */
  endTime: string;
}

export type AvailabilityPlan =
  | { type: 'availability-plan/day'; entries: DayPlanEntry[] }
  | { type: 'availability-plan/time'; timezone: string; entries: TimePlanEntry[] };

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MAX_ENTRIES = 7 * 48;

type Path = (string | number)[];

const invalid = (path: Path, message: string): DomainError =>
  badRequest('validation-invalid-value', `Invalid availabilityPlan: ${message}.`, { type: 'body', path });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const onlyKeys = (value: Record<string, unknown>, allowed: readonly string[], path: Path): void => {
  const extra = Object.keys(value).find((key) => !allowed.includes(key));
  if (extra !== undefined) {
    throw badRequest('validation-disallowed-key', `Invalid availabilityPlan: key ${extra} is not allowed.`, {
      type: 'body',
      path: [...path, extra],
    });
  }
};

const dayOf = (value: unknown, path: Path): DayOfWeek => {
  const day = DAYS_OF_WEEK.find((d) => d === value);
  if (day === undefined) throw invalid(path, `dayOfWeek must be one of ${DAYS_OF_WEEK.join(', ')}`);
  return day;
};

const seatsOf = (value: unknown, path: Path): number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(path, 'seats must be an integer of at least 0');
  }
  return value;
};

/** Minutes since midnight of a `hh:mm` time; `end` reads `00:00` and `24:00` as 1440. */
export const minutesOf = (time: string, end: boolean): number => {
  if (end && (time === '00:00' || time === '24:00')) return 24 * 60;
  const m = TIME_RE.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
};

const timeOf = (value: unknown, path: Path, end: boolean): string => {
  if (typeof value !== 'string' || Number.isNaN(minutesOf(value, end))) {
    throw invalid(path, `${String(path[path.length - 1])} must be a time hh:mm${end ? ' (00:00 for midnight)' : ''}`);
  }
  return value;
};

/** True for an IANA time zone name that the runtime knows. */
export const isValidTimeZone = (zone: string): boolean => zone !== '' && IANAZone.isValidZone(zone);

const entriesOf = (value: unknown, path: Path): Record<string, unknown>[] => {
  if (!Array.isArray(value)) throw invalid(path, 'entries must be a list');
  if (value.length > MAX_ENTRIES) throw invalid(path, `at most ${MAX_ENTRIES} entries`);
  return value.map((entry: unknown, i) => {
    if (!isRecord(entry)) throw invalid([...path, i], 'each entry must be a map');
    return entry;
  });
};

const dayEntries = (value: unknown, path: Path): DayPlanEntry[] => {
  const seen = new Set<DayOfWeek>();
  return entriesOf(value, path).map((entry, i) => {
    const at = [...path, i];
    onlyKeys(entry, ['dayOfWeek', 'seats'], at);
    const dayOfWeek = dayOf(entry.dayOfWeek, [...at, 'dayOfWeek']);
    if (seen.has(dayOfWeek)) throw invalid([...at, 'dayOfWeek'], `more than one entry for ${dayOfWeek}`);
    seen.add(dayOfWeek);
    return { dayOfWeek, seats: seatsOf(entry.seats, [...at, 'seats']) };
  });
};

const timeEntriesOf = (value: unknown, path: Path): TimePlanEntry[] =>
  entriesOf(value, path).map((entry, i) => {
    const at = [...path, i];
    onlyKeys(entry, ['dayOfWeek', 'seats', 'startTime', 'endTime'], at);
    const startTime = timeOf(entry.startTime, [...at, 'startTime'], false);
    const endTime = timeOf(entry.endTime, [...at, 'endTime'], true);
    if (minutesOf(startTime, false) >= minutesOf(endTime, true)) {
      throw invalid([...at, 'endTime'], 'endTime must be after startTime');
    }
    return {
      dayOfWeek: dayOf(entry.dayOfWeek, [...at, 'dayOfWeek']),
      seats: seatsOf(entry.seats, [...at, 'seats']),
      startTime,
      endTime,
    };
  });

/**
 * Rejects two entries of one weekday whose time ranges overlap (touching is fine: 09–12 and 12–17).
 * Seats of overlapping entries would have no clear meaning (sum? max?), and the web template's
 * editor never produces them.
 */
const assertNoOverlaps = (entries: readonly TimePlanEntry[], path: Path): void => {
  const ranges = entries
    .map((e, i) => ({ i, day: e.dayOfWeek, start: minutesOf(e.startTime, false), end: minutesOf(e.endTime, true) }))
    .sort((a, b) => (a.day === b.day ? a.start - b.start : DAYS_OF_WEEK.indexOf(a.day) - DAYS_OF_WEEK.indexOf(b.day)));
  ranges.forEach((r, k) => {
    const prev = ranges[k - 1];
    if (prev !== undefined && prev.day === r.day && r.start < prev.end) {
      throw invalid([...path, Math.max(prev.i, r.i)], `entries ${Math.min(prev.i, r.i)} and ${Math.max(prev.i, r.i)} overlap on ${r.day}`);
    }
  });
};

const timeEntries = (value: unknown, path: Path): TimePlanEntry[] => {
  const entries = timeEntriesOf(value, path);
  assertNoOverlaps(entries, path);
  return entries;
};

/**
 * Validates an availability plan as a client sent it (or as stored). Throws bad-request
 * `validation-invalid-value` / `validation-disallowed-key` with the offending body path.
 */
export function parseAvailabilityPlan(value: unknown, path: Path = ['availabilityPlan']): AvailabilityPlan {
  if (!isRecord(value)) throw invalid(path, 'expected a map with type and entries');
  if (value.type === 'availability-plan/day') {
    onlyKeys(value, ['type', 'entries'], path);
    return { type: 'availability-plan/day', entries: dayEntries(value.entries, [...path, 'entries']) };
  }
  if (value.type === 'availability-plan/time') {
    onlyKeys(value, ['type', 'timezone', 'entries'], path);
    const tz = value.timezone;
    if (typeof tz !== 'string' || !isValidTimeZone(tz)) {
      throw invalid([...path, 'timezone'], 'timezone must be an IANA time zone such as Europe/Helsinki');
    }
    return { type: 'availability-plan/time', timezone: tz, entries: timeEntries(value.entries, [...path, 'entries']) };
  }
  throw invalid([...path, 'type'], 'type must be availability-plan/day or availability-plan/time');
}
