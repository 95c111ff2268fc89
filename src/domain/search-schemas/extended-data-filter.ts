/**
 * Extended-data query parameters (catalogue §1.8, domain §7.3), pure part: which schema a `pub_*`,
 * `meta_*`, `priv_*` or `prot_*` parameter names, and what its value means.
 * - enum `k=a` or `a,b` (any of); multi-enum `has_all:a,b` (the default) or `has_any:a,b`;
 *   boolean `true` / `false`; long `min,max` with an exclusive upper bound, `min,` / `,max` open,
 *   a single integer = exactly that value; `text` fields are searched by `keywords` only.
 * - A parameter whose key has no schema, or whose scope the entity cannot index, is 400
 *   `validation-disallowed-key` (as any parameter that is not allowed); a malformed value is 400
 *   `validation-invalid-value`. Both name the parameter in `source.path`.
 * - Sorting by `pub_x` / `-meta_x` (no prefix = descending, `-` = ascending) needs a `long` schema.
 */
import { badRequest } from '../errors.ts';
import {
  PREFIX_BY_SCOPE,
  SCHEMA_SCOPES,
  SCOPES_BY_SCHEMA_FOR,
  type SchemaFor,
  type SchemaScope,
  type SearchSchema,
} from './search-schema.ts';

/** A parsed filter value. */
export type ExtendedDataFilter =
  | { type: 'enum'; values: string[] }
  | { type: 'multi-enum'; mode: 'has_all' | 'has_any'; values: string[] }
  | { type: 'boolean'; value: boolean }
  /** `min` inclusive, `max` exclusive; null = open. */
  | { type: 'long'; min: number | null; max: number | null };

const disallowed = (param: string, why: string): Error =>
  badRequest('validation-disallowed-key', `Query parameter "${param}" ${why}.`, { type: 'query', path: [param] });
const invalid = (param: string, expected: string): Error =>
  badRequest('validation-invalid-value', `Invalid query parameter "${param}": expected ${expected}.`, { type: 'query', path: [param] });

/** The scope and key a parameter names (`pub_age` → public, age); undefined without a known prefix. */
export function parseExtendedDataParam(param: string): { scope: SchemaScope; key: string } | undefined {
  const scope = SCHEMA_SCOPES.find((s) => param.startsWith(PREFIX_BY_SCOPE[s]));
  return scope && { scope, key: param.slice(PREFIX_BY_SCOPE[scope].length) };
}

/** The schema a parameter names among the marketplace's schemas of `schemaFor`; bad-request otherwise. */
export function schemaOfParam(schemas: readonly SearchSchema[], schemaFor: SchemaFor, param: string): SearchSchema {
  const parsed = parseExtendedDataParam(param);
  if (!parsed) throw disallowed(param, 'is not an extended-data filter');
  if (!SCOPES_BY_SCHEMA_FOR[schemaFor].includes(parsed.scope)) {
    throw disallowed(param, `is not allowed: ${schemaFor} search has no ${parsed.scope} data filters`);
  }
  const schema = schemas.find((s) => s.schemaFor === schemaFor && s.scope === parsed.scope && s.key === parsed.key);
  if (!schema) throw disallowed(param, `has no ${schemaFor} search schema (${parsed.scope} key "${parsed.key}")`);
  return schema;
}

const list = (raw: string): string[] => raw.split(',').map((v) => v.trim()).filter((v) => v !== '');

const INTEGER = /^-?\d{1,16}$/;
const integer = (v: string): number | undefined => (INTEGER.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : undefined);

/** Parses a filter value for its schema; throws bad-request naming the parameter. */
export function parseFilterValue(schema: SearchSchema, param: string, raw: string): ExtendedDataFilter {
  switch (schema.type) {
    case 'enum': {
      const values = list(raw);
      if (values.length === 0) throw invalid(param, 'one or more comma-separated values');
      return { type: 'enum', values };
    }
    case 'multi-enum': {
      const mode = raw.startsWith('has_any:') ? 'has_any' : 'has_all';
      const values = list(raw.startsWith('has_any:') || raw.startsWith('has_all:') ? raw.slice('has_all:'.length) : raw);
      if (values.length === 0) throw invalid(param, 'has_all: or has_any: followed by comma-separated values');
      return { type: 'multi-enum', mode, values };
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw invalid(param, 'true or false');
      return { type: 'boolean', value: raw === 'true' };
    case 'long': {
      const expected = 'an integer, or a range "min,max" (max exclusive) with either end open';
      const parts = raw.split(',').map((v) => v.trim());
      if (parts.length === 1) {
        const n = integer(parts[0] ?? '');
        if (n === undefined) throw invalid(param, expected);
        return { type: 'long', min: n, max: n + 1 };
      }
      const [lo = '', hi = '', ...rest] = parts;
      const min = lo === '' ? null : integer(lo);
      const max = hi === '' ? null : integer(hi);
      if (rest.length > 0 || min === undefined || max === undefined || (min === null && max === null)) throw invalid(param, expected);
      return { type: 'long', min, max };
    }
    case 'text':
      throw disallowed(param, 'is a text field: search it with keywords');
  }
}

/** Whether the schema's default value satisfies the filter (then entities without the key match). */
export function defaultSatisfies(schema: SearchSchema, filter: ExtendedDataFilter): boolean {
  const d = schema.defaultValue;
  if (d === null) return false;
  switch (filter.type) {
    case 'enum':
      return typeof d === 'string' && filter.values.includes(d);
    case 'multi-enum': {
      if (typeof d !== 'object') return false;
      return filter.mode === 'has_any' ? filter.values.some((v) => d.includes(v)) : filter.values.every((v) => d.includes(v));
    }
    case 'boolean':
      return d === filter.value;
    case 'long':
      return typeof d === 'number' && (filter.min === null || d >= filter.min) && (filter.max === null || d < filter.max);
  }
}

/** A sort token over extended data: `pub_rating` (descending) or `-meta_rank` (ascending). */
export function parseSortToken(token: string): { param: string; direction: 'asc' | 'desc' } {
  return token.startsWith('-') ? { param: token.slice(1), direction: 'asc' } : { param: token, direction: 'desc' };
}

/** The `long` schema a sort parameter names; bad-request (`sort`) otherwise. */
export function sortSchemaOf(schemas: readonly SearchSchema[], schemaFor: SchemaFor, param: string): SearchSchema {
  const schema = schemaOfParam(schemas, schemaFor, param);
  if (schema.type !== 'long') {
    throw badRequest('validation-invalid-value', `Invalid query parameter "sort": ${param} is not a numeric (long) search schema key.`, {
      type: 'query',
      path: ['sort'],
    });
  }
  return schema;
}
