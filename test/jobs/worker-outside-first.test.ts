/**
 * The worker's OutsideFirst protocol (src/jobs/worker.ts): a handler asks for work outside the
 * job's DB transaction (a payment provider call), the worker does it and reruns the handler with
 * its result; the job commits once. When another worker finished the job in between, this worker
 * moves on to the next due job instead of ending its batch; a failing outside step is recorded as
 * the job's failure (retried with backoff).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { findJobs, scheduleJob, type Job } from '../../src/domain/jobs/index.ts';
import { OutsideFirst, runDueJobs, type JobHandler } from '../../src/jobs/worker.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { newId } from '../../src/lib/ids.ts';
import type { DbHandle } from '../../src/store/db.ts';
import { openTestDb } from '../support/db.ts';
import { createTestMarketplace } from '../support/factories.ts';

let handle: DbHandle;
before(async () => {
  handle = await openTestDb();
});
after(async () => handle.close());

const T0 = new Date('2030-01-01T12:00:00.000Z');

async function setup(keys: string[]) {
  const db = handle.db;
  const { marketplace } = await createTestMarketplace(db, 'Worker');
  const kind = `outside-${newId().slice(0, 8)}`;
  for (const [i, key] of keys.entries()) {
    await db.transaction().execute((trx) => scheduleJob(trx, { marketplaceId: marketplace.id, kind, key, runAt: new Date(T0.getTime() + i), payload: {}, now: T0 }));
  }
  return { db, marketplaceId: marketplace.id, kind, clock: new FakeClock(new Date(T0.getTime() + 60_000)) };
}

const stateOf = async (marketplaceId: string, key: string): Promise<Job | undefined> => (await findJobs(handle.db, { marketplaceId })).find((j) => j.key === key);

test('outside work first, then the handler with its result; the job is done once', async () => {
  const { db, marketplaceId, kind, clock } = await setup(['a']);
  const calls: unknown[] = [];
  const handler: JobHandler = async ({ prepared }) => {
    calls.push(prepared);
    if (prepared === undefined) throw new OutsideFirst(async () => 'paid');
  };
  assert.equal(await runDueJobs({ db, clock, handlers: { [kind]: handler }, marketplaceId }), 1);
  assert.deepEqual(calls, [undefined, 'paid']);
  assert.equal((await stateOf(marketplaceId, 'a'))?.state, 'done');
});

test('a job finished by another worker during the outside work: this worker goes on with the next due job', async () => {
  const { db, marketplaceId, kind, clock } = await setup(['first', 'second']);
  const ran: string[] = [];
  const handler: JobHandler = async ({ job, prepared }) => {
    if (job.key === 'first' && prepared === undefined) {
      // Meanwhile another worker ran the same job to completion.
      throw new OutsideFirst(async () => {
        await sql`update jobs set state = 'done' where id = ${job.id}`.execute(db);
        return 'late';
      });
    }
    ran.push(job.key);
  };
  await runDueJobs({ db, clock, handlers: { [kind]: handler }, marketplaceId });
  assert.deepEqual(ran, ['second'], 'the second job ran in the same batch');
  assert.equal((await stateOf(marketplaceId, 'second'))?.state, 'done');
});

test('another worker\'s failed run during the outside work (its backoff moves run_at) does not rob this run of its rerun', async () => {
  const { db, marketplaceId, kind, clock } = await setup(['a']);
  const calls: unknown[] = [];
  const handler: JobHandler = async ({ job, prepared }) => {
    calls.push(prepared);
    if (prepared !== undefined) return;
    throw new OutsideFirst(async () => {
      // Meanwhile a second worker claims the same due job and fails (the payment lease is ours):
      // its failure is recorded with a backoff, so the job is no longer due.
      const busy: JobHandler = async () => {
        throw new Error('transaction-locked');
      };
      assert.equal(await runDueJobs({ db, clock, handlers: { [kind]: busy }, marketplaceId }), 0);
      const meanwhile = await stateOf(marketplaceId, job.key);
      assert.deepEqual([meanwhile?.state, meanwhile?.attempts], ['pending', 1]);
      assert.ok((meanwhile?.runAt.getTime() ?? 0) > clock.now().getTime());
      return 'paid';
    });
  };
  assert.equal(await runDueJobs({ db, clock, handlers: { [kind]: handler }, marketplaceId }), 1);
  assert.deepEqual(calls, [undefined, 'paid']);
  assert.equal((await stateOf(marketplaceId, 'a'))?.state, 'done');
});

test('failing outside work is the job\'s failure: retried later, the handler never ran with a result', async () => {
  const { db, marketplaceId, kind, clock } = await setup(['a']);
  const calls: unknown[] = [];
  const handler: JobHandler = async ({ prepared }) => {
    calls.push(prepared);
    throw new OutsideFirst(async () => {
      throw new Error('provider down');
    });
  };
  assert.equal(await runDueJobs({ db, clock, handlers: { [kind]: handler }, marketplaceId }), 0);
  const job = await stateOf(marketplaceId, 'a');
  assert.deepEqual([job?.state, job?.attempts], ['pending', 1]);
  assert.match(job?.lastError ?? '', /provider down/);
  assert.ok((job?.runAt.getTime() ?? 0) > clock.now().getTime(), 'backed off');
  assert.deepEqual(calls, [undefined]);
});
