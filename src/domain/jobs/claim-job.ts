import type { Trx } from '../../store/db.ts';
import { describeJobError, retryDelayMs, type Job, type RetryPolicy } from './jobs.ts';
import { claimNextDueJob, claimPendingJobById, markJobDone, markJobFailed } from './jobs.store.ts';

/**
 * Claims the next due job of the given kinds (run_at ≤ now), locked until `trx` ends; other workers
 * skip it. The worker runs the handler in `trx` and then calls completeJob, so the handler's effects
 * and the completion commit together — or, on a crash, neither does and the job stays pending.
 */
export function claimDueJob(
  trx: Trx,
  filter: { now: Date; kinds: readonly string[]; marketplaceId?: string },
): Promise<Job | undefined> {
  return claimNextDueJob(trx, filter);
}

/**
 * Claims one job again after its handler did work outside the transaction (worker OutsideFirst):
 * undefined when it is no longer pending (done, failed, cancelled). Waits for another worker
 * running it meanwhile, then decides: two workers racing through the same timer both reach their
 * rerun, and a concurrent run's failure (e.g. `transaction-locked`, its backoff moving run_at) must
 * not leave the run that holds the outside work's result without its rerun.
 */
export function claimJobById(trx: Trx, id: string): Promise<Job | undefined> {
  return claimPendingJobById(trx, id);
}

/** Marks a claimed job done, in the transaction that ran its handler. */
export function completeJob(trx: Trx, input: { job: Job; now: Date }): Promise<void> {
  return markJobDone(trx, input.job.id, input.now);
}

/**
 * Records a failed run of `job` (as claimed, i.e. with the attempts before this run): retried
 * after an exponential backoff, or `failed` once `policy.maxAttempts` runs failed or when
 * `permanent`. Returns the outcome; `stale` when another worker already recorded this run.
 */
export async function failJob(
  trx: Trx,
  input: { job: Job; error: unknown; now: Date; policy: RetryPolicy; permanent?: boolean },
): Promise<{ outcome: 'retry'; retryAt: Date } | { outcome: 'failed' } | { outcome: 'stale' }> {
  const runs = input.job.attempts + 1;
  const giveUp = input.permanent === true || runs >= input.policy.maxAttempts;
  const retryAt = giveUp
    ? undefined
    : new Date(input.now.getTime() + retryDelayMs(runs, input.policy));
  const recorded = await markJobFailed(trx, {
    id: input.job.id,
    attempts: input.job.attempts,
    error: describeJobError(input.error),
    retryAt,
    now: input.now,
  });
  if (!recorded) return { outcome: 'stale' };
  return retryAt === undefined ? { outcome: 'failed' } : { outcome: 'retry', retryAt };
}
