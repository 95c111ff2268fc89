/**
 * The jobs table and the worker loop: due/not-due on a FakeClock, dedupe by key, cancellation by
 * key prefix, a handler's effects committing with its completion (and rolling back on failure),
 * retries with backoff, giving up, restart survival, and on PostgreSQL two workers racing for one
 * job and a worker dying before its commit.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { DomainError } from '../../src/domain/errors.ts';
import { cancelJobs, findJobs, scheduleJob, type Job } from '../../src/domain/jobs/index.ts';
import {
  PermanentJobError,
  runDueJobs,
  startWorker,
  type JobHandler,
} from '../../src/jobs/worker.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { newId } from '../../src/lib/ids.ts';
import { connectPostgres, type Db, type DbHandle } from '../../src/store/db.ts';
import type { Database } from '../../src/store/schema.ts';
import { openTestDb, testDatabaseUrl } from '../support/db.ts';
import { createTestMarketplace } from '../support/factories.ts';

let handle: DbHandle;
let db: Db;

before(async () => {
  handle = await openTestDb({ max: 6 });
  db = handle.db;
});
after(async () => handle.close());

const T0 = new Date('2030-01-01T12:00:00.000Z');
const MINUTE = 60_000;

/** A fresh marketplace, clock and job kind per test: tests never see each other's jobs. */
async function setup() {
  const { marketplace } = await createTestMarketplace(db, 'Jobs');
  return {
    marketplaceId: marketplace.id,
    clock: new FakeClock(T0),
    kind: `test-${newId().slice(0, 8)}`,
  };
}

const schedule = (marketplaceId: string, kind: string, key: string, runAt: Date, payload = {}) =>
  db
    .transaction()
    .execute((trx) => scheduleJob(trx, { marketplaceId, kind, key, runAt, payload, now: T0 }));

const jobsOf = (marketplaceId: string, keyPrefix?: string): Promise<Job[]> =>
  findJobs(db, { marketplaceId, ...(keyPrefix === undefined ? {} : { keyPrefix }) });

const onlyJob = async (marketplaceId: string, key: string): Promise<Job> => {
  const jobs = (await jobsOf(marketplaceId)).filter((j) => j.key === key);
  assert.equal(jobs.length, 1, `expected one job ${key}, got ${jobs.length}`);
  const [job] = jobs;
  assert.ok(job);
  return job;
};

describe('scheduling and running', () => {
  test('a job runs once when due, not before, with its payload; then it is done', async () => {
    const { marketplaceId, clock, kind } = await setup();
    await schedule(marketplaceId, kind, 'tx/1/expire', new Date(T0.getTime() + 10 * MINUTE), {
      transactionId: 'tx-1',
    });
    const seen: Job[] = [];
    const handlers = { [kind]: async ({ job }: { job: Job }) => void seen.push(job) };

    assert.equal(await runDueJobs({ db, clock, handlers, marketplaceId }), 0);
    clock.advance(10 * MINUTE - 1);
    assert.equal(await runDueJobs({ db, clock, handlers, marketplaceId }), 0);
    assert.equal(seen.length, 0);

    clock.advance(1);
    assert.equal(await runDueJobs({ db, clock, handlers, marketplaceId }), 1);
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0]?.payload, { transactionId: 'tx-1' });
    const job = await onlyJob(marketplaceId, 'tx/1/expire');
    assert.equal(job.state, 'done');
    assert.equal(job.attempts, 1);
    assert.equal(await runDueJobs({ db, clock, handlers, marketplaceId }), 0);
    assert.equal(seen.length, 1);
  });

  test('due jobs run in run_at order', async () => {
    const { marketplaceId, clock, kind } = await setup();
    await schedule(marketplaceId, kind, 'b', new Date(T0.getTime() + 2 * MINUTE));
    await schedule(marketplaceId, kind, 'a', new Date(T0.getTime() + 1 * MINUTE));
    await schedule(marketplaceId, kind, 'c', new Date(T0.getTime() + 3 * MINUTE));
    const order: string[] = [];
    clock.advance(5 * MINUTE);
    const n = await runDueJobs({
      db,
      clock,
      marketplaceId,
      handlers: { [kind]: async ({ job }) => void order.push(job.key) },
    });
    assert.equal(n, 3);
    assert.deepEqual(order, ['a', 'b', 'c']);
  });

  test('a pending key is deduplicated: the second schedule keeps the first job', async () => {
    const { marketplaceId, kind } = await setup();
    const first = await schedule(
      marketplaceId,
      kind,
      'tx/2/remind',
      new Date(T0.getTime() + MINUTE),
      { n: 1 },
    );
    const second = await schedule(
      marketplaceId,
      kind,
      'tx/2/remind',
      new Date(T0.getTime() + 5 * MINUTE),
      { n: 2 },
    );
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(second.job.id, first.job.id);
    assert.deepEqual(second.job.payload, { n: 1 });
    assert.equal((await jobsOf(marketplaceId)).length, 1);
  });

  test('the key is free again once the job is done', async () => {
    const { marketplaceId, clock, kind } = await setup();
    await schedule(marketplaceId, kind, 'k', T0);
    await runDueJobs({ db, clock, marketplaceId, handlers: { [kind]: async () => {} } });
    const again = await schedule(marketplaceId, kind, 'k', T0);
    assert.equal(again.created, true);
    assert.deepEqual((await jobsOf(marketplaceId)).map((j) => j.state).sort(), ['done', 'pending']);
  });

  test('a worker claims only kinds it has a handler for', async () => {
    const { marketplaceId, clock, kind } = await setup();
    await schedule(marketplaceId, `${kind}-other`, 'x', T0);
    assert.equal(
      await runDueJobs({ db, clock, marketplaceId, handlers: { [kind]: async () => {} } }),
      0,
    );
    assert.equal((await onlyJob(marketplaceId, 'x')).state, 'pending');
  });

  test('bad input is refused and nothing is stored', async () => {
    const { marketplaceId, kind } = await setup();
    await assert.rejects(
      schedule(marketplaceId, kind, '', T0),
      (e: unknown) => e instanceof DomainError && e.code === 'validation-invalid-value',
    );
    await assert.rejects(schedule(marketplaceId, '', 'k', T0), DomainError);
    await assert.rejects(schedule(marketplaceId, kind, 'k', new Date('nope')), DomainError);
    await assert.rejects(
      db.transaction().execute((trx) => cancelJobs(trx, { marketplaceId, keyPrefix: '' })),
      (e: unknown) => e instanceof DomainError && e.code === 'validation-invalid-value',
    );
    assert.equal((await jobsOf(marketplaceId)).length, 0);
  });
});

describe('cancellation', () => {
  test('cancelJobs cancels the pending jobs under a key prefix, and only those', async () => {
    const { marketplaceId, clock, kind } = await setup();
    const due = new Date(T0.getTime() + MINUTE);
    await schedule(marketplaceId, kind, 'tx/A/expire', due);
    await schedule(marketplaceId, kind, 'tx/A/remind', due);
    await schedule(marketplaceId, kind, 'tx/AB/expire', due);
    await schedule(marketplaceId, kind, 'tx/B/expire', due);
    const cancelled = await db
      .transaction()
      .execute((trx) => cancelJobs(trx, { marketplaceId, keyPrefix: 'tx/A/', now: T0 }));
    assert.equal(cancelled, 2);

    const ran: string[] = [];
    clock.advance(MINUTE);
    await runDueJobs({
      db,
      clock,
      marketplaceId,
      handlers: { [kind]: async ({ job }) => void ran.push(job.key) },
    });
    assert.deepEqual(ran.sort(), ['tx/AB/expire', 'tx/B/expire']);
    const states = Object.fromEntries((await jobsOf(marketplaceId)).map((j) => [j.key, j.state]));
    assert.deepEqual(states, {
      'tx/A/expire': 'cancelled',
      'tx/A/remind': 'cancelled',
      'tx/AB/expire': 'done',
      'tx/B/expire': 'done',
    });
  });

  test('LIKE wildcards in a prefix match literally', async () => {
    const { marketplaceId, kind } = await setup();
    await schedule(marketplaceId, kind, 'tx/100%_x', T0);
    await schedule(marketplaceId, kind, 'tx/100ab', T0);
    const n = await db
      .transaction()
      .execute((trx) => cancelJobs(trx, { marketplaceId, keyPrefix: 'tx/100%_' }));
    assert.equal(n, 1);
    assert.equal((await onlyJob(marketplaceId, 'tx/100ab')).state, 'pending');
  });

  test('cancelling in a transaction that rolls back cancels nothing', async () => {
    const { marketplaceId, kind } = await setup();
    await schedule(marketplaceId, kind, 'tx/C/expire', T0);
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await cancelJobs(trx, { marketplaceId, keyPrefix: 'tx/C/' });
        throw new Error('transition failed');
      }),
      /transition failed/,
    );
    assert.equal((await onlyJob(marketplaceId, 'tx/C/expire')).state, 'pending');
  });

  test('a handler that cancels its own group still completes', async () => {
    const { marketplaceId, clock, kind } = await setup();
    await schedule(marketplaceId, kind, 'tx/D/first', T0);
    await schedule(marketplaceId, kind, 'tx/D/second', new Date(T0.getTime() + MINUTE));
    const handler: JobHandler = async ({ trx, job }) => {
      await cancelJobs(trx, { marketplaceId: job.marketplaceId, keyPrefix: 'tx/D/' });
    };
    assert.equal(await runDueJobs({ db, clock, marketplaceId, handlers: { [kind]: handler } }), 1);
    const states = Object.fromEntries((await jobsOf(marketplaceId)).map((j) => [j.key, j.state]));
    assert.deepEqual(states, { 'tx/D/first': 'done', 'tx/D/second': 'cancelled' });
  });
});

describe('failures', () => {
  test("a failing handler's effects roll back; the failure is recorded and retried with backoff until it succeeds", async () => {
    const { marketplaceId, clock, kind } = await setup();
    await schedule(marketplaceId, kind, 'flaky', T0);
    let calls = 0;
    // The handler's effect is a follow-up job: it must exist exactly when the run committed.
    const handler: JobHandler = async ({ trx, job }) => {
      calls++;
      await scheduleJob(trx, {
        marketplaceId: job.marketplaceId,
        kind: `${kind}-effect`,
        key: `effect-${calls}`,
        runAt: T0,
      });
      if (calls < 3) throw new Error(`boom ${calls}`);
    };
    const retry = { baseDelayMs: MINUTE, maxDelayMs: 60 * MINUTE, maxAttempts: 5 };
    const handlers = { [kind]: handler };

    assert.equal(await runDueJobs({ db, clock, marketplaceId, handlers, retry }), 0);
    let job = await onlyJob(marketplaceId, 'flaky');
    assert.equal(job.state, 'pending');
    assert.equal(job.attempts, 1);
    assert.match(job.lastError ?? '', /boom 1/);
    assert.equal(job.runAt.getTime(), T0.getTime() + MINUTE);
    assert.equal((await jobsOf(marketplaceId, 'effect-')).length, 0);

    clock.advance(MINUTE - 1);
    assert.equal(await runDueJobs({ db, clock, marketplaceId, handlers, retry }), 0);
    assert.equal(calls, 1, 'not retried before the backoff');

    clock.advance(1);
    await runDueJobs({ db, clock, marketplaceId, handlers, retry });
    job = await onlyJob(marketplaceId, 'flaky');
    assert.equal(job.attempts, 2);
    assert.match(job.lastError ?? '', /boom 2/);
    // Second failure: the delay doubles.
    assert.equal(job.runAt.getTime(), clock.now().getTime() + 2 * MINUTE);

    clock.advance(2 * MINUTE);
    assert.equal(await runDueJobs({ db, clock, marketplaceId, handlers, retry }), 1);
    job = await onlyJob(marketplaceId, 'flaky');
    assert.equal(job.state, 'done');
    assert.equal(job.attempts, 3);
    assert.equal(job.lastError, null);
    assert.deepEqual(
      (await jobsOf(marketplaceId, 'effect-')).map((j) => j.key),
      ['effect-3'],
    );
  });

  test('after maxAttempts failures the job is given up (failed) and not run again', async () => {
    const { marketplaceId, clock, kind } = await setup();
    await schedule(marketplaceId, kind, 'doomed', T0);
    let calls = 0;
    const handlers = {
      [kind]: async () => {
        calls++;
        throw new Error('always');
      },
    };
    const retry = { baseDelayMs: 1000, maxDelayMs: 1000, maxAttempts: 3 };
    for (let i = 0; i < 5; i++) {
      await runDueJobs({ db, clock, marketplaceId, handlers, retry });
      clock.advance(1000);
    }
    assert.equal(calls, 3);
    const job = await onlyJob(marketplaceId, 'doomed');
    assert.equal(job.state, 'failed');
    assert.equal(job.attempts, 3);
    assert.match(job.lastError ?? '', /always/);
  });

  test('PermanentJobError gives up at once', async () => {
    const { marketplaceId, clock, kind } = await setup();
    await schedule(marketplaceId, kind, 'hopeless', T0);
    await runDueJobs({
      db,
      clock,
      marketplaceId,
      handlers: {
        [kind]: async () => {
          throw new PermanentJobError('transaction is gone');
        },
      },
    });
    const job = await onlyJob(marketplaceId, 'hopeless');
    assert.equal(job.state, 'failed');
    assert.equal(job.attempts, 1);
    assert.match(job.lastError ?? '', /PermanentJobError: transaction is gone/);
  });

  test('a handler whose SQL fails (aborting the transaction) is rolled back and retried', async () => {
    const { marketplaceId, clock, kind } = await setup();
    await schedule(marketplaceId, kind, 'bad-sql', T0);
    await runDueJobs({
      db,
      clock,
      marketplaceId,
      handlers: {
        [kind]: async ({ trx }) => void (await sql`select * from no_such_table`.execute(trx)),
      },
    });
    const job = await onlyJob(marketplaceId, 'bad-sql');
    assert.equal(job.state, 'pending');
    assert.equal(job.attempts, 1);
    assert.match(job.lastError ?? '', /no_such_table/);
  });
});

describe('the loop', () => {
  /** Polls until `check` holds (the worker runs on its own timer). */
  async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail('condition not reached in time');
  }

  const quiet = { info: () => {}, error: () => {}, debug: () => {}, warn: () => {} };

  test('a pending job survives a worker stop; a new worker picks it up when due', async () => {
    const { marketplaceId, clock, kind } = await setup();
    await schedule(marketplaceId, kind, 'survivor', new Date(T0.getTime() + MINUTE));
    const ran: string[] = [];
    const handlers = { [kind]: async ({ job }: { job: Job }) => void ran.push(job.key) };

    const first = startWorker({ db, clock, logger: quiet, handlers, intervalMs: 10 });
    await new Promise((r) => setTimeout(r, 60));
    await first.stop();
    assert.deepEqual(ran, []);
    assert.equal((await onlyJob(marketplaceId, 'survivor')).state, 'pending');

    clock.advance(MINUTE);
    const second = startWorker({ db, clock, logger: quiet, handlers, intervalMs: 10 });
    try {
      await eventually(async () => (await onlyJob(marketplaceId, 'survivor')).state === 'done');
    } finally {
      await second.stop();
    }
    assert.deepEqual(ran, ['survivor']);
  });
});

describe(
  'several workers (PostgreSQL)',
  { skip: !testDatabaseUrl && 'needs TEST_DATABASE_URL' },
  () => {
    test('two workers racing for one due job: its handler runs once', async () => {
      const url = testDatabaseUrl ?? '';
      const a = connectPostgres(url, { max: 2 });
      const b = connectPostgres(url, { max: 2 });
      try {
        for (let round = 0; round < 5; round++) {
          const { marketplaceId, clock, kind } = await setup();
          await schedule(marketplaceId, kind, 'race', T0);
          let runs = 0;
          const handler: JobHandler = async ({ trx }) => {
            runs++;
            // Hold the claim a moment, so the other worker's claim happens while this one runs.
            await sql`select pg_sleep(0.05)`.execute(trx);
          };
          const [na, nb] = await Promise.all([
            runDueJobs({ db: a.db, clock, marketplaceId, handlers: { [kind]: handler } }),
            runDueJobs({ db: b.db, clock, marketplaceId, handlers: { [kind]: handler } }),
          ]);
          assert.equal(runs, 1, `round ${round}: handler ran ${runs} times`);
          assert.equal(na + nb, 1);
          const job = await onlyJob(marketplaceId, 'race');
          assert.equal(job.state, 'done');
          assert.equal(job.attempts, 1);
        }
      } finally {
        await a.close();
        await b.close();
      }
    });

    test('a worker that dies before its commit leaves the job pending; another runs it exactly once', async () => {
      // Its own pool that tolerates the killed connection (pg emits 'error' on the client otherwise).
      const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 2 });
      pool.on('error', () => {});
      pool.on('connect', (client) => client.on('error', () => {}));
      const dying = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
      try {
        const { marketplaceId, clock, kind } = await setup();
        await schedule(marketplaceId, kind, 'crash', T0);
        let release: () => void = () => {};
        const gate = new Promise<void>((r) => (release = r));
        let pid: number | undefined;
        const started = new Promise<void>((resolveStarted) => {
          const handler: JobHandler = async ({ trx, job }) => {
            const row = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
            pid = row.rows[0]?.pid;
            await scheduleJob(trx, {
              marketplaceId: job.marketplaceId,
              kind: `${kind}-effect`,
              key: 'effect-of-dead-run',
              runAt: T0,
            });
            resolveStarted();
            await gate;
          };
          void runDueJobs({ db: dying, clock, marketplaceId, handlers: { [kind]: handler } }).catch(
            () => 0,
          );
        });
        await started;
        // The "crash": the worker's connection goes away mid-run.
        await sql`select pg_terminate_backend(${pid ?? 0})`.execute(db);
        release();
        await new Promise((r) => setTimeout(r, 200));

        const afterCrash = await onlyJob(marketplaceId, 'crash');
        assert.equal(afterCrash.state, 'pending');
        assert.equal(
          (await jobsOf(marketplaceId, 'effect-')).length,
          0,
          'the dead run left no effects',
        );

        let runs = 0;
        clock.advance(60 * MINUTE);
        const n = await runDueJobs({
          db,
          clock,
          marketplaceId,
          handlers: { [kind]: async () => void runs++ },
        });
        assert.equal(n, 1);
        assert.equal(runs, 1);
        assert.equal((await onlyJob(marketplaceId, 'crash')).state, 'done');
      } finally {
        await dying.destroy().catch(() => {});
      }
    });
  },
);
