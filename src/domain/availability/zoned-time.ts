/**
 * Wall-clock times in an IANA zone → instants, DST-correct. A plan entry "Monday 09:00–17:00" in
 * Europe/Helsinki is the instants from the first moment the local clock reads Monday 09:00 to the
 * first moment it reads Monday 17:00. So:
 * - a wall time skipped by a spring-forward gap maps to the end of the gap (the clock jumps from
 *   02:59 to 04:00, so "03:30" first holds at 04:00);
 * - a wall time repeated by a fall-back maps to its first occurrence, so an entry spanning the
 *   change stays one unbroken interval (luxon itself picks the later occurrence, hence this file).
 */
import { IANAZone } from 'luxon';
import { DAY_MS, MINUTE_MS } from './availability.ts';

const zones = new Map<string, IANAZone>();

/** The (cached) luxon zone; UTC for `UTC`. */
export function zoneOf(name: string): IANAZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = IANAZone.create(name);
    zones.set(name, zone);
  }
  return zone;
}

/** A zone's offsets over one UTC year: the offset in force at its start and each change after. */
interface OffsetYear {
  /** The year's bounds (epoch ms, `[from, to)`). */
  from: number;
  to: number;
  initial: number;
  changes: { at: number; offset: number }[];
}

/** Offset tables by zone, then by year. */
const offsetYears = new Map<IANAZone, Map<number, OffsetYear>>();

/** The table a zone used last: a timeline asks for the same year hundreds of times in a row. */
let recent: { zone: IANAZone; table: OffsetYear } | undefined;

/**
 * Builds a year's offset table: samples the offset at every UTC midnight (a zone changes its offset
 * at most once between two — true of every current zone) and binary-searches each change to the
 * millisecond. About 400 zone lookups, once per zone and year; every later lookup is a table search.
 * (luxon's `zone.offset` formats a date through Intl each time: far too slow for a 90-day timeline.)
 */
function offsetYear(zone: IANAZone, year: number): OffsetYear {
  let years = offsetYears.get(zone);
  if (!years) {
    years = new Map();
    offsetYears.set(zone, years);
  }
  const cached = years.get(year);
  if (cached) return cached;
  const from = Date.UTC(year, 0, 1);
  const to = Date.UTC(year + 1, 0, 1);
  const table: OffsetYear = { from, to, initial: zone.offset(from), changes: [] };
  let prevAt = from;
  let prev = table.initial;
  for (let at = from + DAY_MS; at <= to; at += DAY_MS) {
    const offset = zone.offset(at);
    if (offset !== prev) {
      let lo = prevAt; // offset `prev` here
      let hi = at; // offset `offset` here
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (zone.offset(mid) === prev) lo = mid;
        else hi = mid;
      }
      if (hi < to) table.changes.push({ at: hi, offset });
      prev = offset;
    }
    prevAt = at;
  }
  years.set(year, table);
  return table;
}

/** The zone's UTC offset in minutes at instant `ms`. */
export function offsetAt(zone: IANAZone, ms: number): number {
  let table: OffsetYear;
  if (
    recent !== undefined &&
    recent.zone === zone &&
    ms >= recent.table.from &&
    ms < recent.table.to
  )
    table = recent.table;
  else {
    table = offsetYear(zone, new Date(ms).getUTCFullYear());
    recent = { zone, table };
  }
  let offset = table.initial;
  for (const change of table.changes) {
    if (change.at > ms) break;
    offset = change.offset;
  }
  return offset;
}

/**
 * The first instant at which the zone's clock reads at least `wallMs` (a local date-time written as
 * if it were UTC epoch ms, e.g. `Date.UTC(2024, 2, 31, 3, 30)` for 31 March 03:30 local).
 */
export function firstInstantAtWall(zone: IANAZone, wallMs: number): number {
  // The offsets in force around that wall time: at most one change within a day either side.
  const before = offsetAt(zone, wallMs - DAY_MS);
  const at = offsetAt(zone, wallMs);
  const after = offsetAt(zone, wallMs + DAY_MS);
  let best: number | undefined;
  for (const offset of [before, at, after]) {
    const candidate = wallMs - offset * MINUTE_MS;
    if (offsetAt(zone, candidate) === offset && (best === undefined || candidate < best))
      best = candidate;
  }
  if (best !== undefined) return best;
  return endOfGap(zone, wallMs, [before, at, after]);
}

/**
 * The wall time falls into a spring-forward gap: binary-search the instant where the clock jumps
 * past it. Before that instant the clock reads earlier than `wallMs`, from it on later.
 */
function endOfGap(zone: IANAZone, wallMs: number, offsets: number[]): number {
  let lo = wallMs - Math.max(...offsets) * MINUTE_MS; // clock still before wallMs
  let hi = wallMs - Math.min(...offsets) * MINUTE_MS; // clock already past wallMs
  const wallAt = (ms: number): number => ms + offsetAt(zone, ms) * MINUTE_MS;
  if (wallAt(lo) >= wallMs) return lo;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallAt(mid) >= wallMs) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The local calendar date (as UTC-midnight epoch ms) of instant `ms` in the zone. */
export function localDateOf(zone: IANAZone, ms: number): number {
  const wall = ms + offsetAt(zone, ms) * MINUTE_MS;
  return Math.floor(wall / DAY_MS) * DAY_MS;
}
