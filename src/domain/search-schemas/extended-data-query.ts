/**
 * The extended-data filter compiler: turns raw `pub_*` / `meta_*` / `priv_*` / `prot_*` parameters
 * into Kysely conditions over the entity's jsonb columns, and numeric sort keys into sort
 * expressions, for one marketplace's schemas (see extended-data-filter.ts for the syntax and errors,
 * search-expressions.ts for why the SQL is spelled as the indexes are).
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { badRequest } from '../errors.ts';
import type { Executor } from '../../store/db.ts';
import type { SchemaFor, SchemaScope, SearchSchema } from './search-schema.ts';
import { defaultSatisfies, parseFilterValue, parseSortToken, schemaOfParam, sortSchemaOf, type ExtendedDataFilter } from './extended-data-filter.ts';
import { jsonValue, lacksKey, longValue, textValue } from './search-expressions.ts';
import { searchColumns } from './search-tables.ts';
import { selectSearchSchemas } from './search-schemas.store.ts';

/** A sort key over extended data. */
export interface ExtendedDataSortKey {
  param: string;
  direction: 'asc' | 'desc';
  /** The numeric value (the default for entities without the key; null when neither). */
  value: Expression<unknown>;
  /** `value asc|desc nulls last`, ready for `.orderBy(...)`. */
  orderBy: RawBuilder<unknown>;
}

/** Compiles one marketplace's extended-data filters and sort keys for one kind of entity. */
export interface ExtendedDataCompiler {
  /** The condition of one filter (`pub_category`, `"a,b"`); bad-request naming the parameter. */
  filter(param: string, raw: string): Expression<SqlBool>;
  /** All filters ANDed (`true` when there are none): `.where(compiler.where(q.extendedData))`. */
  where(filters: Readonly<Record<string, string>>): Expression<SqlBool>;
  /** The numeric sort value of `pub_x` / `meta_x` (a `long` schema); bad-request otherwise. */
  sortValue(param: string): Expression<unknown>;
  /** A sort token (`pub_x` descending, `-pub_x` ascending). */
  sort(token: string): ExtendedDataSortKey;
}

export interface CompilerTarget {
  schemaFor: SchemaFor;
  /**
   * Column reference per scope (default: the entity's table, e.g. `users.public_data`); pass
   * `searchColumns('listing', 'l')` when the query aliases the table.
   */
  columns?: Partial<Record<SchemaScope, string>>;
}

const condition = (column: Expression<unknown>, key: string, f: ExtendedDataFilter): RawBuilder<SqlBool> => {
  switch (f.type) {
    case 'enum':
      return sql<SqlBool>`${textValue(column, key)} = any(${f.values}::text[])`;
    case 'multi-enum': {
      const value = jsonValue(column, key);
      return f.mode === 'has_all'
        ? sql<SqlBool>`${value} @> ${JSON.stringify(f.values)}::jsonb`
        : sql<SqlBool>`(jsonb_typeof(${value}) = 'array' and ${value} ?| ${f.values}::text[])`;
    }
    case 'boolean':
      return sql<SqlBool>`${jsonValue(column, key)} = ${JSON.stringify(f.value)}::jsonb`;
    case 'long': {
      const value = longValue(column, key);
      const bounds = [
        ...(f.min === null ? [] : [sql<SqlBool>`${value} >= ${f.min}`]),
        ...(f.max === null ? [] : [sql<SqlBool>`${value} < ${f.max}`]),
      ];
      return sql<SqlBool>`(${sql.join(bounds, sql` and `)})`;
    }
  }
};

/** The compiler over a marketplace's schemas (any schemaFor; only `target.schemaFor`'s are used). */
export function extendedDataCompiler(schemas: readonly SearchSchema[], target: CompilerTarget): ExtendedDataCompiler {
  const columns = target.columns ?? searchColumns(target.schemaFor);
  const columnOf = (param: string, schema: SearchSchema): Expression<unknown> => {
    const name = columns[schema.scope];
    if (name === undefined) {
      throw badRequest('validation-disallowed-key', `Query parameter "${param}" is not allowed here.`, { type: 'query', path: [param] });
    }
    return sql.ref(name);
  };
  const filter = (param: string, raw: string): Expression<SqlBool> => {
    const schema = schemaOfParam(schemas, target.schemaFor, param);
    const parsed = parseFilterValue(schema, param, raw);
    const column = columnOf(param, schema);
    const cond = condition(column, schema.key, parsed);
    return defaultSatisfies(schema, parsed) ? sql<SqlBool>`(${cond} or ${lacksKey(column, schema.key)})` : cond;
  };
  const sortValue = (param: string): Expression<unknown> => {
    const schema = sortSchemaOf(schemas, target.schemaFor, param);
    const value = longValue(columnOf(param, schema), schema.key);
    return typeof schema.defaultValue === 'number' ? sql`coalesce(${value}, ${sql.lit(schema.defaultValue)})` : value;
  };
  return {
    filter,
    where(filters) {
      const conds = Object.entries(filters).map(([param, raw]) => filter(param, raw));
      return conds.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`(${sql.join(conds, sql` and `)})`;
    },
    sortValue,
    sort(token) {
      const { param, direction } = parseSortToken(token);
      const value = sortValue(param);
      return { param, direction, value, orderBy: sql`${value} ${sql.raw(direction)} nulls last` };
    },
  };
}

/** Loads the marketplace's schemas of `target.schemaFor` and returns their compiler. */
export async function loadExtendedDataCompiler(db: Executor, marketplaceId: string, target: CompilerTarget): Promise<ExtendedDataCompiler> {
  return extendedDataCompiler(await selectSearchSchemas(db, marketplaceId, target.schemaFor), target);
}
