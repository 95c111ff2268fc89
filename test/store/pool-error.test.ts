/**
 * The PostgreSQL pool survives losing an idle connection (server restart, killed backend): without
 * an 'error' listener on the pool the lost client's error would be uncaught and end the process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import pg from 'pg';
import { connectPostgres } from '../../src/store/db.ts';
import { testDatabaseUrl } from '../support/db.ts';

const backendPid = async (db: ReturnType<typeof connectPostgres>['db']): Promise<number> => {
  const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
  const pid = rows[0]?.pid;
  assert.equal(typeof pid, 'number');
  return pid as number;
};

test(
  'a killed idle backend is reported and replaced; the next query works',
  { skip: !testDatabaseUrl && 'needs TEST_DATABASE_URL' },
  async () => {
    const errors: Error[] = [];
    let reported: () => void = () => {};
    const lost = new Promise<void>((resolve) => (reported = resolve));
    const handle = connectPostgres(testDatabaseUrl ?? '', {
      max: 1,
      onIdleError: (err) => {
        errors.push(err);
        reported();
      },
    });
    const killer = new pg.Client({ connectionString: testDatabaseUrl });
    await killer.connect();
    try {
      const before = await backendPid(handle.db);
      // The pool's only client is idle now; kill its server process from another connection.
      const killed = await killer.query<{ ok: boolean }>('select pg_terminate_backend($1) as ok', [before]);
      assert.equal(killed.rows[0]?.ok, true);
      await lost;
      assert.equal(errors.length, 1);
      const after = await backendPid(handle.db);
      assert.notEqual(after, before, 'the pool opened a new connection');
      const { rows } = await sql<{ n: number }>`select 1 + 1 as n`.execute(handle.db);
      assert.equal(rows[0]?.n, 2);
    } finally {
      await killer.end();
      await handle.close();
    }
  },
);

test(
  'without a listener given, the default one keeps the process alive',
  { skip: !testDatabaseUrl && 'needs TEST_DATABASE_URL' },
  async () => {
    const handle = connectPostgres(testDatabaseUrl ?? '', { max: 1 });
    const killer = new pg.Client({ connectionString: testDatabaseUrl });
    await killer.connect();
    try {
      const before = await backendPid(handle.db);
      await killer.query('select pg_terminate_backend($1)', [before]);
      // Give the idle client time to notice (its socket closes) before the next query.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.notEqual(await backendPid(handle.db), before);
    } finally {
      await killer.end();
      await handle.close();
    }
  },
);
