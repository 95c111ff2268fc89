/**
 * The bench's own database handle: embedded PGlite in the work folder (locked like `bazaar start`
 * locks it) or the PostgreSQL server of DATABASE_URL, whose database is created when missing.
 */
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { acquireDataDirLock } from '../src/store/data-dir-lock.ts';
import { connectPostgres, openPglite, type Db } from '../src/store/db.ts';
import type { BenchOptions } from './options.ts';

export interface BenchDb {
  db: Db;
  /** `PostgreSQL 15.x …` as the server reports it. */
  version: string;
  close(): Promise<void>;
}

/** The PGlite data folder (BAZAAR_DATA_DIR of the server under test) or the blob folder's parent. */
export const dataDirOf = (opts: BenchOptions): string => join(opts.workDir, opts.db);

/** Creates the database named in `url` when the server says it does not exist. */
async function ensureDatabase(url: string): Promise<void> {
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    await probe.end();
    return;
  } catch (e) {
    await probe.end().catch(() => undefined);
    if (!(typeof e === 'object' && e !== null && 'code' in e && e.code === '3D000')) throw e;
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`create database "${name.replace(/"/g, '""')}"`);
    console.log(`created database ${name}`);
  } finally {
    await client.end();
  }
}

export async function openBenchDb(opts: BenchOptions): Promise<BenchDb> {
  let db: Db;
  let close: () => Promise<void>;
  if (opts.db === 'postgres') {
    if (!opts.databaseUrl) throw new Error('DATABASE_URL is required for --db postgres');
    await ensureDatabase(opts.databaseUrl);
    const handle = connectPostgres(opts.databaseUrl, { max: 4 });
    db = handle.db;
    close = () => handle.close();
  } else {
    const dir = dataDirOf(opts);
    const lock = acquireDataDirLock(dir, 'bench seeding');
    try {
      const handle = await openPglite(dir);
      db = handle.db;
      close = async () => {
        try {
          await handle.close();
        } finally {
          lock.release();
        }
      };
    } catch (e) {
      lock.release();
      throw e;
    }
  }
  const res = await sql<{ version: string }>`select version() as version`.execute(db);
  const version = (res.rows[0]?.version ?? 'unknown').split(' on ')[0] ?? 'unknown';
  return { db, version, close };
}
