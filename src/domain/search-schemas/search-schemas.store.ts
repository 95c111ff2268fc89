import { sql, type Selectable } from 'kysely';
import type { Executor, Trx } from '../../store/db.ts';
import type { SearchSchemasTable } from '../../store/tables/search-schemas.ts';
import type { SchemaDefault, SchemaFor, SchemaIdentity, SearchSchema } from './search-schema.ts';

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The stored JSON default, as written by upsertSearchSchema (anything else reads as no default). */
const toDefault = (v: unknown): SchemaDefault | null =>
  typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number' || isStringList(v) ? v : null;

const toSearchSchema = (row: Selectable<SearchSchemasTable>): SearchSchema => ({
  marketplaceId: row.marketplace_id,
  schemaFor: row.schema_for,
  scope: row.scope,
  key: row.key,
  type: row.type,
  defaultValue: toDefault(row.default_value),
  doc: row.doc,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Inserts or replaces a schema (type, default and doc of an existing one are overwritten). */
export async function upsertSearchSchema(trx: Trx, s: Omit<SearchSchema, 'createdAt' | 'updatedAt'>, now: Date): Promise<SearchSchema> {
  const defaultJson = s.defaultValue === null ? null : JSON.stringify(s.defaultValue);
  const row = await trx
    .insertInto('search_schemas')
    .values({
      marketplace_id: s.marketplaceId,
      schema_for: s.schemaFor,
      scope: s.scope,
      key: s.key,
      type: s.type,
      default_value: defaultJson,
      doc: s.doc,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['marketplace_id', 'schema_for', 'scope', 'key']).doUpdateSet({
        type: s.type,
        default_value: defaultJson,
        doc: s.doc,
        updated_at: now,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSearchSchema(row);
}

/** Deletes a schema; returns it, or undefined when there was none. */
export async function deleteSearchSchema(trx: Trx, marketplaceId: string, id: SchemaIdentity): Promise<SearchSchema | undefined> {
  const row = await trx
    .deleteFrom('search_schemas')
    .where('marketplace_id', '=', marketplaceId)
    .where('schema_for', '=', id.schemaFor)
    .where('scope', '=', id.scope)
    .where('key', '=', id.key)
    .returningAll()
    .executeTakeFirst();
  return row && toSearchSchema(row);
}

/** A marketplace's schemas (optionally of one schemaFor), ordered by schemaFor, scope, key. */
export async function selectSearchSchemas(db: Executor, marketplaceId: string, schemaFor?: SchemaFor): Promise<SearchSchema[]> {
  let q = db.selectFrom('search_schemas').selectAll().where('marketplace_id', '=', marketplaceId);
  if (schemaFor !== undefined) q = q.where('schema_for', '=', schemaFor);
  const rows = await q.orderBy('schema_for').orderBy('scope').orderBy('key').execute();
  return rows.map(toSearchSchema);
}

/** Every schema of every marketplace for one schemaFor (index maintenance). */
export async function selectAllSearchSchemas(db: Executor, schemaFor: SchemaFor): Promise<SearchSchema[]> {
  const rows = await db.selectFrom('search_schemas').selectAll().where('schema_for', '=', schemaFor).execute();
  return rows.map(toSearchSchema);
}

/** Whether any marketplace still has a schema of this identity and type (an index is still needed). */
export async function searchSchemaInUse(db: Executor, s: Pick<SearchSchema, 'schemaFor' | 'scope' | 'key' | 'type'>): Promise<boolean> {
  const row = await db
    .selectFrom('search_schemas')
    .select(sql<number>`1`.as('one'))
    .where('schema_for', '=', s.schemaFor)
    .where('scope', '=', s.scope)
    .where('key', '=', s.key)
    .where('type', '=', s.type)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
