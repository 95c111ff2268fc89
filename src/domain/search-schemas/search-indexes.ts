/**
 * The expression indexes behind search schemas, one per (table, scope, key, type) and shared by
 * every marketplace using that key: btree on `(marketplace_id, value)` for enum, boolean and long
 * (the numeric expression of search-expressions.ts), GIN on the JSON value for multi-enum. `text`
 * fields feed the listings' keyword vector and need none.
 *
 * Indexes are built outside the request's transaction with `create index concurrently if not
 * exists` (writes to the table go on meanwhile; PGlite accepts the keyword and builds in place),
 * serialized per index with an advisory lock so two servers never build or drop the same index at
 * once, and an index left invalid by a failed build is dropped and rebuilt. Inside a transaction
 * (`db.isTransaction`) the plain form is used, since CONCURRENTLY cannot run there.
 */
import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../store/db.ts';
import type { SchemaFor, SearchSchema } from './search-schema.ts';
import { SEARCH_TABLES } from './search-tables.ts';
import { jsonValue, longValue, textValue } from './search-expressions.ts';
import { searchSchemaInUse, selectAllSearchSchemas } from './search-schemas.store.ts';

/** What decides an index: the same for every marketplace. */
export type SearchIndexKey = Pick<SearchSchema, 'schemaFor' | 'scope' | 'key' | 'type'>;

interface IndexPlan {
  name: string;
  table: string;
  /** `using … (…)` part of the definition. */
  definition: RawBuilder<unknown>;
}

/** The index a schema needs; undefined for `text` schemas and entities without a table yet. */
export function searchIndexPlan(s: SearchIndexKey): IndexPlan | undefined {
  const target = SEARCH_TABLES[s.schemaFor];
  const columnName = target?.columns[s.scope];
  if (!target || !columnName || s.type === 'text') return undefined;
  const column = sql.ref(columnName);
  const hash = createHash('sha256').update(`${s.scope}/${s.key}/${s.type}`).digest('hex').slice(0, 12);
  const name = `ss_${target.table}_${s.scope}_${s.type.replace('-', '_')}_${hash}`;
  const definition = (() => {
    switch (s.type) {
      case 'enum':
        return sql`using btree (marketplace_id, ${textValue(column, s.key)})`;
      case 'boolean':
        return sql`using btree (marketplace_id, ${jsonValue(column, s.key)})`;
      case 'long':
        return sql`using btree (marketplace_id, ${longValue(column, s.key)})`;
      case 'multi-enum':
        return sql`using gin (${jsonValue(column, s.key)})`;
    }
  })();
  return { name, table: target.table, definition };
}

const indexState = async (db: Db, name: string): Promise<'missing' | 'valid' | 'invalid'> => {
  const row = await sql<{ valid: boolean }>`
    select i.indisvalid as valid from pg_class c join pg_index i on i.indexrelid = c.oid where c.relname = ${name}
  `.execute(db);
  const first = row.rows[0];
  return first === undefined ? 'missing' : first.valid ? 'valid' : 'invalid';
};

const concurrently = (db: Db): RawBuilder<unknown> => (db.isTransaction ? sql`` : sql`concurrently`);

async function createIndex(db: Db, plan: IndexPlan): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const state = await indexState(db, plan.name);
    if (state === 'valid') return;
    if (state === 'invalid') await sql`drop index ${concurrently(db)} if exists ${sql.id(plan.name)}`.execute(db);
    try {
      await sql`create index ${concurrently(db)} if not exists ${sql.id(plan.name)} on ${sql.id(plan.table)} ${plan.definition}`.execute(db);
      return;
    } catch (e) {
      // A concurrent build can deadlock with another one (PostgreSQL waits for older snapshots); retry.
      if (attempt >= 3 || db.isTransaction) throw e;
    }
  }
}

/** Runs `fn` holding the index's advisory lock (one connection, so the lock is this session's). */
async function withIndexLock(db: Db, name: string, fn: (conn: Db) => Promise<void>): Promise<void> {
  if (db.isTransaction) return fn(db);
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(hashtext(${name}))`.execute(conn);
    try {
      await fn(conn);
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${name}))`.execute(conn);
    }
  });
}

/**
 * Brings the indexes of these schema identities in line with the stored schemas: creates the index
 * of each one some marketplace uses, drops it when none does. Call after the set/unset committed.
 */
export async function syncSearchIndexes(db: Db, keys: readonly SearchIndexKey[]): Promise<void> {
  for (const key of keys) {
    const plan = searchIndexPlan(key);
    if (!plan) continue;
    await withIndexLock(db, plan.name, async (conn) => {
      if (await searchSchemaInUse(conn, key)) await createIndex(conn, plan);
      else await sql`drop index ${concurrently(conn)} if exists ${sql.id(plan.name)}`.execute(conn);
    });
  }
}

/** Creates any missing index of every stored schema of one entity (after its table was added); returns the index names. */
export async function rebuildSearchIndexes(db: Db, schemaFor: SchemaFor): Promise<string[]> {
  const seen = new Map<string, SearchIndexKey>();
  for (const s of await selectAllSearchSchemas(db, schemaFor)) {
    const plan = searchIndexPlan(s);
    if (plan) seen.set(plan.name, { schemaFor: s.schemaFor, scope: s.scope, key: s.key, type: s.type });
  }
  await syncSearchIndexes(db, [...seen.values()]);
  return [...seen.keys()];
}

