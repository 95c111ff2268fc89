/**
 * The job loop behind `bazaar start` and `bazaar worker`. Each tick claims due jobs one at a time
 * (`for update skip locked`, so any number of workers share the table) and runs the job's handler
 * INSIDE the transaction that marks the job done: a job's effects and its completion commit
 * together, so a job runs exactly once even with several workers, and a crash before the commit
 * leaves it pending for the next worker.
 *
 * A failing handler is rolled back to a savepoint taken before it ran; the failure (attempts,
 * last_error, a backed-off run time or state `failed`) is then recorded in the same transaction,
 * which still holds the row lock — so no other worker can re-run the job before its backoff.
 */
import { sql } from 'kysely';
import type { Logger } from 'pino';
import {
  claimDueJob,
  claimJobById,
  completeJob,
  DEFAULT_RETRY_POLICY,
  failJob,
  type Job,
  type RetryPolicy,
} from '../domain/jobs/index.ts';
import type { Clock } from '../lib/clock.ts';
import type { Db, Trx } from '../store/db.ts';

/** What a handler gets: the transaction its work must use, the claimed job and the clock. */
export interface JobContext {
  readonly trx: Trx;
  readonly job: Job;
  readonly clock: Clock;
  /** What the handler's OutsideFirst work returned, on the run after it (else undefined). */
  readonly prepared?: unknown;
}

/** Runs one job. Throw to fail the run (retried with backoff); PermanentJobError to give up. */
export type JobHandler = (ctx: JobContext) => Promise<void>;

/** Handlers by job kind. A worker claims only jobs whose kind it has a handler for. */
export type JobHandlers = Readonly<Record<string, JobHandler>>;

/** Thrown by a handler when retrying cannot help: the job is marked `failed` at once. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/**
 * Thrown by a handler whose job needs work that must not happen inside a DB transaction (a call
 * to a payment provider): the worker rolls the handler back, runs `work` outside any transaction,
 * then claims the same job again and reruns the handler with the result as `prepared`. `work`
 * must be idempotent: a worker that loses the job between the two steps has done it for nothing.
 */
export class OutsideFirst extends Error {
  override readonly name = 'OutsideFirst';
  constructor(readonly work: (db: Db) => Promise<unknown>) {
    super('the job needs work outside its DB transaction first');
  }
}

export type WorkerLogger = Pick<Logger, 'info' | 'error' | 'debug' | 'warn'>;

const silentLogger: WorkerLogger = {
  info: () => {},
  error: () => {},
  debug: () => {},
  warn: () => {},
};

export interface RunDueJobsOptions {
  db: Db;
  clock: Clock;
  handlers: JobHandlers;
  logger?: WorkerLogger;
  /** Retry policy overrides (default: 5 attempts, 10 s doubling up to 1 h). */
  retry?: Partial<RetryPolicy>;
  /** At most this many jobs per call (default 100). */
  limit?: number;
  /** Only this marketplace's jobs (tests that share one database). */
  marketplaceId?: string;
}

/** `lost`: another worker took the job between the two steps of an OutsideFirst run. */
type RunResult = 'none' | 'done' | 'retry' | 'failed' | 'aborted' | 'lost';

/**
 * Runs the jobs due now (run_at ≤ clock.now()) until none is left or `limit` ran; returns how many
 * completed. Tests call it directly to "run due jobs now" after moving a FakeClock.
 */
export async function runDueJobs(opts: RunDueJobsOptions): Promise<number> {
  const limit = opts.limit ?? 100;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
  const logger = opts.logger ?? silentLogger;
  const kinds = Object.keys(opts.handlers);
  // No handlers, nothing to claim: do not even open a transaction (PGlite has one connection).
  if (kinds.length === 0) return 0;
  let completed = 0;
  for (let i = 0; i < limit; i++) {
    const result = await runNextJob(opts, kinds, policy, logger);
    if (result === 'none' || result === 'aborted') break;
    if (result === 'done') completed++;
  }
  return completed;
}

type Attempt = RunResult | { outside: OutsideFirst; job: Job };

async function runNextJob(
  opts: RunDueJobsOptions,
  kinds: readonly string[],
  policy: RetryPolicy,
  logger: WorkerLogger,
): Promise<RunResult> {
  const claim = (trx: Trx) =>
    claimDueJob(trx, { now: opts.clock.now(), kinds, ...(opts.marketplaceId === undefined ? {} : { marketplaceId: opts.marketplaceId }) });
  const first = await attempt(opts, claim, {}, policy, logger);
  if (typeof first === 'string') return first;
  // The handler asked for work outside the transaction: do it, then run the same job again.
  const { job, outside } = first;
  const again = (rerun: Rerun) => attempt(opts, (trx) => claimJobById(trx, job.id), rerun, policy, logger);
  let rerun: Rerun;
  try {
    rerun = { prepared: await outside.work(opts.db) };
  } catch (err) {
    rerun = { failure: err };
  }
  const second = await again(rerun);
  // The job is no longer ours to claim (another worker ran it or is running it): not the end of
  // the due jobs, so the batch goes on.
  if (second === 'none') return 'lost';
  return typeof second === 'string' ? second : 'aborted';
}

/** A rerun after OutsideFirst: the outside work's result, or its failure to record instead. */
type Rerun = { prepared?: unknown; failure?: unknown };

/**
 * One run of a claimed job in one DB transaction: the handler (a rerun: with the outside work's
 * result, or straight to recording its failure), then the job's completion or its failure.
 */
async function attempt(
  opts: RunDueJobsOptions,
  claim: (trx: Trx) => Promise<Job | undefined>,
  rerun: Rerun,
  policy: RetryPolicy,
  logger: WorkerLogger,
): Promise<Attempt> {
  let claimed: Job | undefined;
  try {
    return await opts.db.transaction().execute(async (trx): Promise<Attempt> => {
      const job = await claim(trx);
      if (!job) return 'none';
      claimed = job;
      const handler = opts.handlers[job.kind];
      if (!handler) return 'none';
      await sql`savepoint job_handler`.execute(trx);
      try {
        if ('failure' in rerun) throw rerun.failure;
        await handler({ trx, job, clock: opts.clock, prepared: rerun.prepared });
      } catch (err) {
        await sql`rollback to savepoint job_handler`.execute(trx);
        if (err instanceof OutsideFirst && !('prepared' in rerun)) return { outside: err, job };
        return recordFailure(trx, job, err, opts.clock, policy, logger);
      }
      await completeJob(trx, { job, now: opts.clock.now() });
      logger.debug({ jobId: job.id, kind: job.kind, key: job.key }, 'job done');
      return 'done';
    });
  } catch (err) {
    // The transaction itself failed (commit, lost connection, a broken savepoint): nothing of the
    // run was kept. Record the failure separately so the job backs off instead of spinning.
    if (claimed === undefined) {
      logger.error({ err }, 'worker: claiming jobs failed');
      return 'aborted';
    }
    const job = claimed;
    try {
      await opts.db
        .transaction()
        .execute((trx) => recordFailure(trx, job, err, opts.clock, policy, logger));
    } catch (recordErr) {
      logger.error({ err: recordErr, jobId: job.id }, 'worker: could not record a job failure');
    }
    return 'aborted';
  }
}

async function recordFailure(
  trx: Trx,
  job: Job,
  err: unknown,
  clock: Clock,
  policy: RetryPolicy,
  logger: WorkerLogger,
): Promise<RunResult> {
  const result = await failJob(trx, {
    job,
    error: err,
    now: clock.now(),
    policy,
    permanent: err instanceof PermanentJobError,
  });
  const fields = { err, jobId: job.id, kind: job.kind, key: job.key, attempts: job.attempts + 1 };
  switch (result.outcome) {
    case 'retry':
      logger.warn({ ...fields, retryAt: result.retryAt.toISOString() }, 'job failed; will retry');
      return 'retry';
    case 'failed':
      logger.error(fields, 'job failed; giving up');
      return 'failed';
    case 'stale':
      return 'aborted';
  }
}

export interface WorkerDeps {
  db: Db;
  clock: Clock;
  logger: WorkerLogger;
  /** Handlers by job kind; the app's are built by buildJobHandlers (./handlers.ts). */
  handlers: JobHandlers;
  /** Pause between polls, in ms (default 1000). */
  intervalMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Jobs per tick before yielding (default 100); a full tick polls again at once. */
  batchSize?: number;
}

export interface Worker {
  /** Stops polling and waits for the current tick to finish. */
  stop(): Promise<void>;
}

/** Starts the loop: poll, run due jobs, sleep `intervalMs`; stop() ends it cleanly. */
export function startWorker(deps: WorkerDeps): Worker {
  const intervalMs = deps.intervalMs ?? 1000;
  const batchSize = deps.batchSize ?? 100;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const tick = async (): Promise<number> =>
    runDueJobs({
      db: deps.db,
      clock: deps.clock,
      handlers: deps.handlers,
      logger: deps.logger,
      limit: batchSize,
      ...(deps.retry ? { retry: deps.retry } : {}),
    });

  const schedule = (delayMs: number): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      let next = intervalMs;
      current = tick()
        .then((completed) => {
          if (completed >= batchSize) next = 0;
        })
        .catch((err: unknown) => deps.logger.error({ err }, 'worker tick failed'))
        .finally(() => schedule(next));
    }, delayMs);
    timer.unref();
  };

  deps.logger.debug({ intervalMs, kinds: Object.keys(deps.handlers) }, 'worker started');
  schedule(intervalMs);
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
      deps.logger.debug('worker stopped');
    },
  };
}
