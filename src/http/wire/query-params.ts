/**
 * Declarative, typed query parameter specs (`p.uuid()`, `p.intRange()`, …) for `parseQuery`. Each
 * spec parses one raw string in the SDK's query grammar (catalogue 1.2.1): comma lists, `lat,lng`,
 * `neLat,neLng,swLat,swLng`, ISO instants, `min,max` ranges, `-attr` sorts.
 */
import { LatLng, Uuid } from '../../lib/values.ts';

/** Outcome of parsing one raw value: the value, or what was expected instead. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; expected: string };

/**
 * One parameter. `Present` (type-level only) is true when the parsed value is never undefined,
 * i.e. the parameter is required or has a default.
 */
export interface Param<T, Present extends boolean> {
  readonly required: boolean;
  readonly defaultValue: T | undefined;
  /** List parameters accept repeated keys (`?a=1&a=2`) as if comma-joined. */
  readonly list: boolean;
  readonly parse: (raw: string) => ParseResult<T>;
  readonly _present?: Present;
}

/** Any parameter spec. */
export type AnyParam = Param<unknown, boolean>;

/** The parsed type of one parameter spec. */
export type ParamValue<P> =
  P extends Param<infer T, infer Present> ? (Present extends true ? T : T | undefined) : never;

/** Options every parameter accepts. */
export interface BaseOptions<T> {
  required?: boolean;
  default?: T;
}

type Presence<O> = O extends { required: true }
  ? true
  : O extends { default: unknown }
    ? true
    : false;

/** A map of north-east and south-west corners (`bounds=neLat,neLng,swLat,swLng`). */
export interface Bounds {
  ne: LatLng;
  sw: LatLng;
}

/** An integer range; `max` is exclusive; a single value `v` is the range `[v, v + 1)`. */
export interface IntRange {
  min: number | null;
  max: number | null;
}

/** One sort key; a bare attribute sorts descending, `-attr` ascending (catalogue 1.9). */
export interface SortKey {
  attribute: string;
  direction: 'asc' | 'desc';
}

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const no = <T>(expected: string): ParseResult<T> => ({ ok: false, expected });

const make = <T, O extends BaseOptions<T>>(
  opts: O | undefined,
  parse: (raw: string) => ParseResult<T>,
  list = false,
): Param<T, Presence<O>> => ({
  required: opts?.required === true,
  defaultValue: opts?.default,
  list,
  parse,
});

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT_RE = /^-?\d+$/;
const ISO_RE =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Splits a comma list; the empty string is the empty list (the SDK's form of `[]`). */
export const splitList = (raw: string): string[] =>
  raw === '' ? [] : raw.split(',').map((item) => item.trim());

/** Parses a whole-number string within the safe integer range. */
export const parseInteger = (raw: string): number | null => {
  if (!INT_RE.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : null;
};

const parseNumber = (raw: string): number | null => {
  const n = raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(n) ? n : null;
};

const parseUuid = (raw: string): Uuid | null =>
  UUID_RE.test(raw) ? new Uuid(raw.toLowerCase()) : null;

const parseLatLng = (latRaw: string, lngRaw: string): LatLng | null => {
  const lat = parseNumber(latRaw);
  const lng = parseNumber(lngRaw);
  if (lat === null || lng === null || Math.abs(lat) > 90 || Math.abs(lng) > 180) return null;
  return new LatLng(lat, lng);
};

const inRange = (n: number, min: number | undefined, max: number | undefined): boolean =>
  (min === undefined || n >= min) && (max === undefined || n <= max);

const rangeText = (min: number | undefined, max: number | undefined): string =>
  min !== undefined && max !== undefined
    ? ` between ${min} and ${max}`
    : min !== undefined
      ? ` of at least ${min}`
      : max !== undefined
        ? ` of at most ${max}`
        : '';

const listOf = <T>(
  raw: string,
  item: (s: string) => T | null,
  expected: string,
  max: number | undefined,
): ParseResult<T[]> => {
  const items = splitList(raw);
  if (max !== undefined && items.length > max)
    return no(`at most ${max} comma-separated ${expected}s`);
  const out: T[] = [];
  for (const s of items) {
    const v = item(s);
    if (v === null) return no(`a comma-separated list of ${expected}s`);
    out.push(v);
  }
  return ok(out);
};

const parseInstant = (raw: string): Date | null => {
  const date = /^\d+$/.test(raw) ? new Date(Number(raw)) : ISO_RE.test(raw) ? new Date(raw) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
};

const parseIntRange = (raw: string, min?: number, max?: number): ParseResult<IntRange> => {
  const expected = `an integer or an integer range "min,max", "min," or ",max"${rangeText(min, max)} (max exclusive)`;
  const parts = raw.split(',');
  const bound = (s: string | undefined): number | null | undefined => {
    if (s === undefined || s === '') return null;
    const n = parseInteger(s.trim());
    return n !== null && inRange(n, min, max) ? n : undefined;
  };
  if (parts.length === 1) {
    const v = bound(parts[0]);
    return v === null || v === undefined ? no(expected) : ok({ min: v, max: v + 1 });
  }
  if (parts.length !== 2) return no(expected);
  const lo = bound(parts[0]);
  const hi = bound(parts[1]);
  if (lo === undefined || hi === undefined || (lo === null && hi === null)) return no(expected);
  if (lo !== null && hi !== null && lo >= hi) return no(`${expected}, with min below max`);
  return ok({ min: lo, max: hi });
};

/** Parameter spec builders. */
export const p = {
  /** Free text. */
  string: <const O extends BaseOptions<string> & { maxLength?: number }>(opts?: O) =>
    make<string, O>(opts, (raw) =>
      opts?.maxLength !== undefined && raw.length > opts.maxLength
        ? no(`text of at most ${opts.maxLength} characters`)
        : ok(raw),
    ),

  /** A UUID. */
  uuid: <const O extends BaseOptions<Uuid>>(opts?: O) =>
    make<Uuid, O>(opts, (raw) => {
      const id = parseUuid(raw);
      return id ? ok(id) : no('a UUID');
    }),

  /** Comma-separated UUIDs (`ids=a,b`), at most `max` (default 100, catalogue 1.7). */
  uuidList: <const O extends BaseOptions<Uuid[]> & { max?: number }>(opts?: O) =>
    make<Uuid[], O>(opts, (raw) => listOf(raw, parseUuid, 'UUID', opts?.max ?? 100), true),

  /** An integer, optionally bounded (inclusive). */
  int: <const O extends BaseOptions<number> & { min?: number; max?: number }>(opts?: O) =>
    make<number, O>(opts, (raw) => {
      const n = parseInteger(raw);
      return n !== null && inRange(n, opts?.min, opts?.max)
        ? ok(n)
        : no(`an integer${rangeText(opts?.min, opts?.max)}`);
    }),

  /** `true` or `false`. */
  boolean: <const O extends BaseOptions<boolean>>(opts?: O) =>
    make<boolean, O>(opts, (raw) =>
      raw === 'true' ? ok(true) : raw === 'false' ? ok(false) : no('true or false'),
    ),

  /** An instant: ISO-8601 (what the SDK sends for a Date) or epoch milliseconds. */
  instant: <const O extends BaseOptions<Date>>(opts?: O) =>
    make<Date, O>(opts, (raw) => {
      const date = parseInstant(raw);
      return date ? ok(date) : no('an ISO-8601 timestamp');
    }),

  /** `lat,lng` with lat in [-90, 90] and lng in [-180, 180]. */
  latLng: <const O extends BaseOptions<LatLng>>(opts?: O) =>
    make<LatLng, O>(opts, (raw) => {
      const [lat, lng, extra] = raw.split(',');
      const v =
        lat !== undefined && lng !== undefined && extra === undefined
          ? parseLatLng(lat, lng)
          : null;
      return v ? ok(v) : no('"lat,lng" coordinates');
    }),

  /** `neLat,neLng,swLat,swLng`. */
  bounds: <const O extends BaseOptions<Bounds>>(opts?: O) =>
    make<Bounds, O>(opts, (raw) => {
      const parts = raw.split(',');
      const [neLat, neLng, swLat, swLng] = parts;
      const ne =
        parts.length === 4 && neLat !== undefined && neLng !== undefined
          ? parseLatLng(neLat, neLng)
          : null;
      const sw = swLat !== undefined && swLng !== undefined ? parseLatLng(swLat, swLng) : null;
      return ne && sw && ne.lat >= sw.lat ? ok({ ne, sw }) : no('bounds "neLat,neLng,swLat,swLng"');
    }),

  /** One of the given values. */
  enum: <const V extends string, const O extends BaseOptions<V>>(values: readonly V[], opts?: O) =>
    make<V, O>(opts, (raw) => {
      const found = values.find((v) => v === raw);
      return found !== undefined ? ok(found) : no(`one of ${values.join(', ')}`);
    }),

  /** Comma-separated values from the given set. */
  enumList: <const V extends string, const O extends BaseOptions<V[]> & { max?: number }>(
    values: readonly V[],
    opts?: O,
  ) =>
    make<V[], O>(
      opts,
      (raw) =>
        listOf(
          raw,
          (s) => values.find((v) => v === s) ?? null,
          `value (${values.join(', ')})`,
          opts?.max,
        ),
      true,
    ),

  /** Comma-separated non-empty strings. */
  stringList: <const O extends BaseOptions<string[]> & { max?: number }>(opts?: O) =>
    make<string[], O>(
      opts,
      (raw) => listOf(raw, (s) => (s === '' ? null : s), 'string', opts?.max),
      true,
    ),

  /** An integer range: `min,max` (max exclusive), `min,`, `,max`, or a single value (exact match). */
  intRange: <const O extends BaseOptions<IntRange> & { min?: number; max?: number }>(opts?: O) =>
    make<IntRange, O>(opts, (raw) => parseIntRange(raw, opts?.min, opts?.max)),

  /**
   * Up to `max` (default 3) sort keys from `allowed`, or starting with one of `prefixes`
   * (e.g. `pub_`, `meta_` for numeric extended-data keys).
   */
  sort: <
    const O extends BaseOptions<SortKey[]> & {
      allowed: readonly string[];
      prefixes?: readonly string[];
      max?: number;
    },
  >(
    opts: O,
  ) =>
    make<SortKey[], O>(opts, (raw) => {
      const max = opts.max ?? 3;
      const names = [...opts.allowed, ...(opts.prefixes ?? []).map((prefix) => `${prefix}*`)].join(
        ', ',
      );
      const expected = `up to ${max} comma-separated sort keys from ${names}, each optionally prefixed with -`;
      const items = splitList(raw);
      if (items.length === 0 || items.length > max) return no(expected);
      const keys: SortKey[] = [];
      for (const item of items) {
        const asc = item.startsWith('-');
        const attribute = asc ? item.slice(1) : item;
        const known =
          opts.allowed.includes(attribute) ||
          (opts.prefixes ?? []).some(
            (prefix) => attribute.startsWith(prefix) && attribute.length > prefix.length,
          );
        if (!known || keys.some((k) => k.attribute === attribute)) return no(expected);
        keys.push({ attribute, direction: asc ? 'asc' : 'desc' });
      }
      return ok(keys);
    }),
};
