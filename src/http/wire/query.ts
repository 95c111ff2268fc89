/**
 * Query-string parsing for the Marketplace and Integration APIs. Fastify hands handlers a flat
 * `Record<string, string | string[]>` (dotted keys stay flat); `parseQuery` normalizes key
 * spellings, parses the route's declared parameters plus the shared families, and rejects
 * anything else with the API's validation error codes.
 */
import { DomainError } from '../../domain/errors.ts';
import {
  parseFieldList,
  parseImageVariant,
  parseInclude,
  parseLimit,
  type FieldSelection,
  type ImageVariantSpec,
} from './query-common.ts';
import { parseInteger, type AnyParam, type ParamValue, type ParseResult } from './query-params.ts';

/** A query as Fastify parses it. */
export type RawQuery = Record<string, string | string[] | undefined>;

/** Extended-data filter families (catalogue 1.8). */
export type ExtendedDataPrefix = 'pub' | 'meta' | 'priv' | 'prot';

/** A route's parameter declarations. */
export type QuerySpec = Record<string, AnyParam>;

/** The typed values of a spec. */
export type SpecValues<S extends QuerySpec> = { [K in keyof S]: ParamValue<S[K]> };

/** Which shared parameter families a route accepts besides its own spec. */
export interface QueryOptions {
  /** `include`, `fields.*`, `limit.*`, `imageVariant.*` (default true: every endpoint returns resources). */
  resource?: boolean;
  /** `expand` (commands only; default false). */
  expand?: boolean;
  /** `page` and `perPage` (default off); `maxPerPage` defaults to 100, `defaultPerPage` to `maxPerPage`. */
  pagination?: boolean | { maxPerPage?: number; defaultPerPage?: number };
  /** Extended-data filter families accepted (`pub_*`, …), returned raw in `extendedData`. */
  extendedData?: readonly ExtendedDataPrefix[];
}

/** Result of `parseQuery`: the route's typed params plus the shared families. */
export interface ParsedQuery<S extends QuerySpec> {
  params: SpecValues<S>;
  include: string[][];
  fields: FieldSelection;
  limits: Record<string, number>;
  imageVariants: Record<string, ImageVariantSpec>;
  expand: boolean;
  page: number;
  perPage: number;
  /** Raw extended-data filters keyed by full parameter name (`pub_category` → `"a,b"`). */
  extendedData: Record<string, string>;
}

const EXTENDED_PREFIXES: readonly ExtendedDataPrefix[] = ['pub', 'meta', 'priv', 'prot'];
const DEFAULT_MAX_PER_PAGE = 100;

const extendedPrefixOf = (key: string): ExtendedDataPrefix | undefined =>
  EXTENDED_PREFIXES.find((prefix) => key.startsWith(`${prefix}_`));

/** Keys kept verbatim: extended-data filters and dotted families (`fields.*`, `limit.*`, `imageVariant.*`). */
const keepsSpelling = (key: string): boolean =>
  key.includes('.') || extendedPrefixOf(key) !== undefined;

const camelCase = (key: string): string =>
  key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

interface QueryEntry {
  /** The key as the client sent it (used in error sources). */
  given: string;
  value: string | string[];
}

const normalize = (raw: RawQuery): Map<string, QueryEntry> => {
  const out = new Map<string, QueryEntry>();
  for (const [given, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = keepsSpelling(given) ? given : camelCase(given);
    const previous = out.get(key);
    if (previous) {
      throw new DomainError(
        'bad-request',
        'validation-disallowed-key',
        `Query parameter "${given}" duplicates "${previous.given}".`,
        { source: { type: 'query', path: [given] } },
      );
    }
    out.set(key, { given, value });
  }
  return out;
};

/**
 * Renames snake_case keys to camelCase (the template sends `author_id`, `listing_id`, …), except
 * extended-data filters and dotted keys; both spellings of one key → 400.
 */
export const normalizeQueryKeys = (raw: RawQuery): Record<string, string | string[]> => {
  const out: Record<string, string | string[]> = {};
  for (const [key, entry] of normalize(raw)) out[key] = entry.value;
  return out;
};

const invalid = (key: string, expected: string): DomainError =>
  new DomainError(
    'bad-request',
    'validation-invalid-value',
    `Invalid query parameter "${key}": expected ${expected}.`,
    {
      source: { type: 'query', path: [key] },
    },
  );

const disallowed = (key: string): DomainError =>
  new DomainError(
    'bad-request',
    'validation-disallowed-key',
    `Query parameter "${key}" is not allowed here.`,
    {
      source: { type: 'query', path: [key] },
    },
  );

/** Returns one string value; repeated keys are joined with commas only when `list` is true. */
const single = (entry: QueryEntry, list: boolean): string => {
  if (typeof entry.value === 'string') return entry.value;
  if (list) return entry.value.join(',');
  throw invalid(entry.given, 'a single value');
};

const take = <T>(entry: QueryEntry, parse: (raw: string) => ParseResult<T>, list = false): T => {
  const result = parse(single(entry, list));
  if (!result.ok) throw invalid(entry.given, result.expected);
  return result.value;
};

const parseBoolean = (raw: string): ParseResult<boolean> =>
  raw === 'true'
    ? { ok: true, value: true }
    : raw === 'false'
      ? { ok: true, value: false }
      : { ok: false, expected: 'true or false' };

const boundedInt =
  (min: number, max: number) =>
  (raw: string): ParseResult<number> => {
    const n = parseInteger(raw);
    return n !== null && n >= min && n <= max
      ? { ok: true, value: n }
      : { ok: false, expected: `an integer between ${min} and ${max}` };
  };

const prefixed = (key: string, prefix: string): string | undefined =>
  key.startsWith(prefix) && key.length > prefix.length ? key.slice(prefix.length) : undefined;

/** Parses a route's query: its declared `spec` plus the families enabled in `options`. */
export function parseQuery<S extends QuerySpec>(
  raw: RawQuery,
  spec: S,
  options?: QueryOptions,
): ParsedQuery<S>;
// The overload gives callers the spec's value types; the body works on the erased spec.
export function parseQuery(
  raw: RawQuery,
  spec: QuerySpec,
  options: QueryOptions = {},
): ParsedQuery<QuerySpec> {
  const entries = normalize(raw);
  const resource = options.resource ?? true;
  const pagination = options.pagination === true ? {} : options.pagination || undefined;
  const maxPerPage = pagination?.maxPerPage ?? DEFAULT_MAX_PER_PAGE;
  const extended = options.extendedData ?? [];

  const params: Record<string, unknown> = {};
  const parsed: ParsedQuery<QuerySpec> = {
    params,
    include: [],
    fields: {},
    limits: {},
    imageVariants: {},
    expand: false,
    page: 1,
    perPage: pagination?.defaultPerPage ?? maxPerPage,
    extendedData: {},
  };

  for (const [key, entry] of entries) {
    const param = Object.hasOwn(spec, key) ? spec[key] : undefined;
    let name: string | undefined;
    if (param) {
      params[key] = take(entry, param.parse, param.list);
    } else if (resource && key === 'include') {
      parsed.include = take(entry, parseInclude, true);
    } else if (resource && (name = prefixed(key, 'fields.')) !== undefined) {
      parsed.fields[name] = take(entry, parseFieldList, true);
    } else if (resource && (name = prefixed(key, 'limit.')) !== undefined) {
      parsed.limits[name] = take(entry, parseLimit);
    } else if (resource && (name = prefixed(key, 'imageVariant.')) !== undefined) {
      parsed.imageVariants[name] = take(entry, parseImageVariant);
    } else if (options.expand && key === 'expand') {
      parsed.expand = take(entry, parseBoolean);
    } else if (pagination && key === 'page') {
      parsed.page = take(entry, boundedInt(1, Number.MAX_SAFE_INTEGER));
    } else if (pagination && key === 'perPage') {
      parsed.perPage = take(entry, boundedInt(1, maxPerPage));
    } else if (extended.some((prefix) => prefixed(key, `${prefix}_`) !== undefined)) {
      parsed.extendedData[key] = single(entry, true);
    } else {
      throw disallowed(entry.given);
    }
  }

  for (const [key, param] of Object.entries(spec)) {
    if (Object.hasOwn(params, key)) continue;
    if (param.required) {
      throw new DomainError(
        'bad-request',
        'validation-missing-key',
        `Query parameter "${key}" is required.`,
        {
          source: { type: 'query', path: [key] },
        },
      );
    }
    params[key] = param.defaultValue;
  }
  return parsed;
}
