import type { Period } from './time-expression.ts';

// PnYnMnWnDTnHnMnS. Java's Duration/Period and luxon both read this shape; we accept non-negative
// integers everywhere and a decimal fraction on seconds only (no default process uses fractions).
const ISO_DURATION =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** Parses an ISO-8601 duration (`P6D`, `PT15M`, `P1Y2M3DT4H`); returns an error message if invalid. */
export function parsePeriod(iso: string): Period | { readonly error: string } {
  const m = ISO_DURATION.exec(iso);
  if (m === null || iso === 'P' || iso.endsWith('T')) {
    return {
      error: `"${iso}" is not an ISO-8601 duration (expected e.g. "P6D", "PT15M", "P1DT12H")`,
    };
  }
  const num = (s: string | undefined): number =>
    s === undefined ? 0 : Number(s.replace(',', '.'));
  return {
    iso,
    years: num(m[1]),
    months: num(m[2]),
    weeks: num(m[3]),
    days: num(m[4]),
    hours: num(m[5]),
    minutes: num(m[6]),
    seconds: num(m[7]),
  };
}

/** True when parsePeriod succeeded. */
export function isPeriod(p: Period | { readonly error: string }): p is Period {
  return !('error' in p);
}
