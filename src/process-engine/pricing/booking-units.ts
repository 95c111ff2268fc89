// Nights and days of a booking, for the deprecated nightly/daily pricing actions (domain.md §2.2).
// Counted on UTC calendar dates, as day bookings are normalised to UTC midnights (§2.3); `end` is
// exclusive.

const DAY_MS = 24 * 60 * 60 * 1000;

const utcDayNumber = (t: Date): number => Math.floor(t.getTime() / DAY_MS);

/**
 * Nights between start and end: the UTC midnights crossed. Jan 1 00:00 → Jan 4 00:00 is 3 nights
 * (check-in Jan 1, check-out Jan 4); Jan 1 14:00 → Jan 3 11:00 is 2.
 */
export function nightsBetween(start: Date, end: Date): number {
  return Math.max(0, utcDayNumber(end) - utcDayNumber(start));
}

/**
 * Days a booking touches: the UTC dates from start's through the date of the last instant before
 * end. Jan 1 00:00 → Jan 4 00:00 is 3 days (Jan 1, 2, 3); Jan 1 10:00 → Jan 3 10:00 is 3; a booking
 * within one date is 1. An empty or inverted range is 0.
 */
export function daysBetween(start: Date, end: Date): number {
  if (end.getTime() <= start.getTime()) return 0;
  return utcDayNumber(new Date(end.getTime() - 1)) - utcDayNumber(start) + 1;
}
