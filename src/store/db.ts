/**
 * The database handle: Kysely over a PostgreSQL server (`pg` pool) or embedded PGlite.
 * `Db` runs queries; `Trx` is a handle inside a transaction — functions that lock rows or append
 * events demand a `Trx`, so the compiler rejects calls outside a transaction.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Either handle: for reads that may run inside or outside a transaction. */
export type Executor = Db | Trx;

export interface DbHandle {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

const INT8 = 20;

/** Connects to a PostgreSQL server. */
export function connectPostgres(url: string, opts: { max?: number } = {}): DbHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    types: {
      getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format),
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

/** Opens embedded PGlite: in memory when dataDir is undefined, else persisted under dataDir/pglite. */
export async function openPglite(dataDir: string | undefined): Promise<DbHandle> {
  let dir: string | undefined;
  if (dataDir !== undefined) {
    dir = join(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
  }
  const pgl = await PGlite.create({
    ...(dir ? { dataDir: dir } : {}),
    parsers: { [INT8]: (v: string) => Number(v) },
    // btree_gist: the listing search's combined GiST index (migration 0008) has btree columns.
    extensions: { btree_gist },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pgl) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      await pgl.close();
    },
  };
}
