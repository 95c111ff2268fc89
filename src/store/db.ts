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

/** Where the pool reports an idle client it lost (default: one line on stderr). */
export type PoolErrorListener = (err: Error) => void;

const logPoolError: PoolErrorListener = (err) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'warn', msg: 'database: idle connection lost; the pool replaces it', error: `${err.name}: ${err.message}` })}\n`,
  );
};

/**
 * Connects to a PostgreSQL server. The pool gets an 'error' listener: an idle client whose
 * connection dies (server restart, `pg_terminate_backend`, a network cut) emits 'error' on the
 * pool, and without a listener Node treats that as an uncaught exception and the process exits.
 * With it the error is reported, pg discards the broken client and the next query opens a new one.
 */
export function connectPostgres(url: string, opts: { max?: number; onIdleError?: PoolErrorListener } = {}): DbHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    types: {
      getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format),
    },
  });
  pool.on('error', opts.onIdleError ?? logPoolError);
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
