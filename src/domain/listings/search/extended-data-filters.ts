/**
 * The seam to the search-schemas module: what listing search needs to turn `pub_*` / `meta_*`
 * parameters into SQL. The search-schemas module owns the schemas and the compiler; until it lands,
 * `provisionalListingFilters` (below) reads schemas from the marketplace's `listingSearchSchemas`
 * setting so the search is usable and testable. PROVISIONAL: replace `listingFiltersFor` with the
 * search-schemas module's compiler and delete the provisional part; the interface stays.
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { badRequest } from '../../errors.ts';

/** Compiles one marketplace's listing extended-data filters and numeric sort keys over `l`. */
export interface ListingFilterCompiler {
  /** The condition for one filter (`pub_category`, `"a,b"`); bad-request naming an unindexed key. */
  filter(param: string, raw: string): Expression<SqlBool>;
  /** A numeric sort value for `pub_x` / `meta_x` of a `long` schema; bad-request otherwise. */
  sortValue(param: string): Expression<unknown>;
}

// ---- PROVISIONAL (until src/domain/search-schemas exports the compiler) ----

type SchemaType = 'enum' | 'multi-enum' | 'boolean' | 'long' | 'text';
interface ProvisionalSchema {
  scope: 'public' | 'metadata';
  key: string;
  type: SchemaType;
  default?: unknown;
}

const SCHEMA_TYPES: readonly SchemaType[] = ['enum', 'multi-enum', 'boolean', 'long', 'text'];
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const readSchemas = (settings: Record<string, unknown>): ProvisionalSchema[] => {
  const list = settings.listingSearchSchemas;
  if (!Array.isArray(list)) return [];
  const out: ProvisionalSchema[] = [];
  for (const item of list) {
    if (!isRecord(item)) continue;
    const { scope, key, type } = item;
    const schemaType = SCHEMA_TYPES.find((t) => t === type);
    if ((scope !== 'public' && scope !== 'metadata') || typeof key !== 'string' || !schemaType) continue;
    out.push({ scope, key, type: schemaType, ...(Object.hasOwn(item, 'default') ? { default: item.default } : {}) });
  }
  return out;
};

const unindexed = (param: string): Error =>
  badRequest('validation-disallowed-key', `Query parameter "${param}" has no search schema.`, { type: 'query', path: [param] });
const invalid = (param: string, expected: string): Error =>
  badRequest('validation-invalid-value', `Invalid query parameter "${param}": expected ${expected}.`, { type: 'query', path: [param] });

const INT_RE = /^-?\d+$/;

/** The schema-backed compiler over the marketplace settings' `listingSearchSchemas` (provisional). */
export const provisionalListingFilters = (settings: Record<string, unknown>): ListingFilterCompiler => {
  const schemas = readSchemas(settings);
  const schemaOf = (param: string): ProvisionalSchema => {
    const scope = param.startsWith('pub_') ? 'public' : param.startsWith('meta_') ? 'metadata' : undefined;
    const key = param.slice(param.indexOf('_') + 1);
    const schema = schemas.find((s) => s.scope === scope && s.key === key);
    if (!schema) throw unindexed(param);
    return schema;
  };
  const column = (s: ProvisionalSchema): RawBuilder<unknown> => (s.scope === 'public' ? sql`l.public_data` : sql`l.metadata`);
  const missing = (s: ProvisionalSchema): RawBuilder<SqlBool> => sql<SqlBool>`not (${column(s)} ? ${s.key})`;
  const withDefault = (s: ProvisionalSchema, cond: RawBuilder<SqlBool>, defaultMatches: boolean): RawBuilder<SqlBool> =>
    defaultMatches ? sql<SqlBool>`(${cond} or ${missing(s)})` : cond;

  return {
    filter(param, raw) {
      const s = schemaOf(param);
      const value = sql`${column(s)} -> ${s.key}`;
      switch (s.type) {
        case 'enum': {
          const values = raw.split(',').map((v) => v.trim()).filter((v) => v !== '');
          if (values.length === 0) throw invalid(param, 'one or more comma-separated values');
          const cond = sql<SqlBool>`(${column(s)} ->> ${s.key}) = any(${values}::text[])`;
          return withDefault(s, cond, typeof s.default === 'string' && values.includes(s.default));
        }
        case 'multi-enum': {
          const any = raw.startsWith('has_any:');
          const body = any ? raw.slice(8) : raw.startsWith('has_all:') ? raw.slice(8) : raw;
          const values = body.split(',').map((v) => v.trim()).filter((v) => v !== '');
          if (values.length === 0) throw invalid(param, 'has_all: or has_any: followed by comma-separated values');
          const cond = any
            ? sql<SqlBool>`(jsonb_typeof(${value}) = 'array' and ${value} ?| ${values}::text[])`
            : sql<SqlBool>`(jsonb_typeof(${value}) = 'array' and ${value} @> ${JSON.stringify(values)}::jsonb)`;
          const d = Array.isArray(s.default) ? s.default.filter((v) => typeof v === 'string') : undefined;
          const defaultMatches = d !== undefined && (any ? values.some((v) => d.includes(v)) : values.every((v) => d.includes(v)));
          return withDefault(s, cond, defaultMatches);
        }
        case 'boolean': {
          if (raw !== 'true' && raw !== 'false') throw invalid(param, 'true or false');
          const cond = sql<SqlBool>`${value} = ${raw}::jsonb`;
          return withDefault(s, cond, s.default === (raw === 'true'));
        }
        case 'long': {
          const parts = raw.split(',').map((v) => v.trim());
          const bound = (v: string | undefined): number | null | undefined =>
            v === undefined || v === '' ? null : INT_RE.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : undefined;
          const [lo, hi] = parts.length === 1 ? [bound(parts[0]), undefined] : [bound(parts[0]), bound(parts[1])];
          const min = lo;
          const max = parts.length === 1 ? (typeof lo === 'number' ? lo + 1 : undefined) : hi;
          if (parts.length > 2 || min === undefined || max === undefined || (min === null && max === null) || (min !== null && max !== null && min >= max)) {
            throw invalid(param, 'an integer or a range "min,max" (max exclusive), "min," or ",max"');
          }
          const n = sql`(${column(s)} ->> ${s.key})::numeric`;
          const conds = [sql<SqlBool>`jsonb_typeof(${value}) = 'number'`];
          if (min !== null) conds.push(sql<SqlBool>`${n} >= ${min}`);
          if (max !== null) conds.push(sql<SqlBool>`${n} < ${max}`);
          const cond = sql<SqlBool>`(${sql.join(conds, sql` and `)})`;
          const d = s.default;
          return withDefault(s, cond, typeof d === 'number' && (min === null || d >= min) && (max === null || d < max));
        }
        case 'text':
          throw badRequest('validation-disallowed-key', `Query parameter "${param}" is a text field: use keywords.`, { type: 'query', path: [param] });
      }
    },
    sortValue(param) {
      const s = schemaOf(param);
      if (s.type !== 'long') throw invalid('sort', `a numeric (long) search schema key, not ${param}`);
      return sql`case when jsonb_typeof(${column(s)} -> ${s.key}) = 'number' then (${column(s)} ->> ${s.key})::numeric end`;
    },
  };
};
