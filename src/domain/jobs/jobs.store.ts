import { sql, type Selectable } from 'kysely';
import type { Executor, Trx } from '../../store/db.ts';
import type { JobState, JobsTable } from '../../store/tables/jobs.ts';
import { keyPrefixPattern, type Job, type JobPayload } from './jobs.ts';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const toJob = (row: Selectable<JobsTable>): Job => ({
  id: row.id,
  marketplaceId: row.marketplace_id,
  kind: row.kind,
  key: row.key,
  payload: isRecord(row.payload) ? row.payload : {},
  runAt: row.run_at,
  state: row.state,
  attempts: row.attempts,
  lastError: row.last_error,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Inserts a pending job; undefined when a pending job with this key exists (nothing written). */
export async function insertJobUnlessPending(
  trx: Trx,
  job: {
    id: string;
    marketplaceId: string;
    kind: string;
    key: string;
    runAt: Date;
    payload: JobPayload;
    now: Date;
  },
): Promise<Job | undefined> {
  const row = await trx
    .insertInto('jobs')
    .values({
      id: job.id,
      marketplace_id: job.marketplaceId,
      kind: job.kind,
      key: job.key,
      payload: JSON.stringify(job.payload),
      run_at: job.runAt,
      state: 'pending',
      attempts: 0,
      last_error: null,
      created_at: job.now,
      updated_at: job.now,
    })
    .onConflict((oc) =>
      oc.columns(['marketplace_id', 'key']).where('state', '=', 'pending').doNothing(),
    )
    .returningAll()
    .executeTakeFirst();
  return row && toJob(row);
}

export async function selectPendingJobByKey(
  db: Executor,
  marketplaceId: string,
  key: string,
): Promise<Job | undefined> {
  const row = await db
    .selectFrom('jobs')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('key', '=', key)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return row && toJob(row);
}

/**
 * Cancels the marketplace's pending jobs whose key starts with `keyPrefix`. Rows another
 * transaction holds (a worker running that job right now) are skipped rather than waited for:
 * waiting could deadlock against a handler that waits for a lock this transaction holds, and the
 * running handler re-checks its own preconditions anyway.
 */
export async function cancelPendingJobs(
  trx: Trx,
  marketplaceId: string,
  keyPrefix: string,
  now: Date,
): Promise<number> {
  const result = await trx
    .updateTable('jobs')
    .set({ state: 'cancelled', updated_at: now })
    .where('id', 'in', (qb) =>
      qb
        .selectFrom('jobs')
        .select('id')
        .where('marketplace_id', '=', marketplaceId)
        .where('state', '=', 'pending')
        .where(sql<boolean>`key like ${keyPrefixPattern(keyPrefix)} escape '\\'`)
        .forUpdate()
        .skipLocked(),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Claims the next due job (run_at ≤ now) of the given kinds, locking its row until the transaction
 * ends; jobs locked by other workers are skipped, so concurrent workers never run the same job.
 */
export async function claimNextDueJob(
  trx: Trx,
  filter: { now: Date; kinds: readonly string[]; marketplaceId?: string },
): Promise<Job | undefined> {
  if (filter.kinds.length === 0) return undefined;
  let q = trx
    .selectFrom('jobs')
    .selectAll()
    .where('state', '=', 'pending')
    .where('run_at', '<=', filter.now)
    .where('kind', 'in', [...filter.kinds]);
  if (filter.marketplaceId !== undefined) q = q.where('marketplace_id', '=', filter.marketplaceId);
  const row = await q
    .orderBy('run_at')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  return row && toJob(row);
}

/**
 * Claims one job by id when it is still pending, locking its row; waits while another worker holds
 * it. Not "due" as well: the only change to a pending job's run_at is a failed run's backoff, and
 * the caller (an OutsideFirst rerun) has done this run's outside work already.
 */
export async function claimPendingJobById(trx: Trx, id: string): Promise<Job | undefined> {
  // Waits for a worker holding the row (its run is one short transaction), then re-reads it.
  const row = await trx
    .selectFrom('jobs')
    .selectAll()
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .forUpdate()
    .executeTakeFirst();
  return row && toJob(row);
}

/** Marks a claimed job done (whatever its handler did to its state, e.g. cancelling itself). */
export async function markJobDone(trx: Trx, id: string, now: Date): Promise<void> {
  await trx
    .updateTable('jobs')
    .set((eb) => ({
      state: 'done',
      attempts: eb('attempts', '+', 1),
      last_error: null,
      updated_at: now,
    }))
    .where('id', '=', id)
    .execute();
}

/**
 * Records a failed run of a still-pending job: one more attempt, the error, and either a new run
 * time (retry) or state `failed` (`retryAt` undefined). Returns false when the job was no longer
 * pending with `attempts` runs (another worker already recorded this run).
 */
export async function markJobFailed(
  trx: Trx,
  job: { id: string; attempts: number; error: string; retryAt: Date | undefined; now: Date },
): Promise<boolean> {
  const state: JobState = job.retryAt === undefined ? 'failed' : 'pending';
  const result = await trx
    .updateTable('jobs')
    .set({
      state,
      attempts: job.attempts + 1,
      last_error: job.error,
      ...(job.retryAt === undefined ? {} : { run_at: job.retryAt }),
      updated_at: job.now,
    })
    .where('id', '=', job.id)
    .where('state', '=', 'pending')
    .where('attempts', '=', job.attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The marketplace's jobs, optionally by key prefix and states, by run time. */
export async function selectJobs(
  db: Executor,
  filter: { marketplaceId: string; keyPrefix?: string; states?: readonly JobState[] },
): Promise<Job[]> {
  let q = db.selectFrom('jobs').selectAll().where('marketplace_id', '=', filter.marketplaceId);
  if (filter.keyPrefix !== undefined)
    q = q.where(sql<boolean>`key like ${keyPrefixPattern(filter.keyPrefix)} escape '\\'`);
  if (filter.states !== undefined && filter.states.length > 0)
    q = q.where('state', 'in', [...filter.states]);
  const rows = await q.orderBy('run_at').orderBy('created_at').orderBy('id').execute();
  return rows.map(toJob);
}
