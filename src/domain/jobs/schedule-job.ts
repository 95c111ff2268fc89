import { badRequest } from '../errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Trx } from '../../store/db.ts';
import type { Job, JobPayload } from './jobs.ts';
import { cancelPendingJobs, insertJobUnlessPending, selectPendingJobByKey } from './jobs.store.ts';

export interface ScheduleJobInput {
  readonly marketplaceId: string;
  readonly kind: string;
  /**
   * Unique among the marketplace's pending jobs. Make it name one scheduling (e.g.
   * `tx/<id>/entry/<n>/transition/expire`): a prefix then cancels a group, and a job a worker is
   * running never collides with a new scheduling.
   */
  readonly key: string;
  readonly runAt: Date;
  readonly payload?: JobPayload;
  /** The application clock's now, for created_at/updated_at (default: the system time). */
  readonly now?: Date;
}

/**
 * Schedules a job in the caller's transaction (it exists only if that commits). A pending job with
 * the same key is kept as it is (dedupe): returns it with `created: false`.
 * Throws bad-request (validation-invalid-value) for an empty kind or key or an invalid runAt.
 */
export async function scheduleJob(
  trx: Trx,
  input: ScheduleJobInput,
): Promise<{ job: Job; created: boolean }> {
  if (input.kind === '' || input.key === '')
    throw badRequest('validation-invalid-value', 'A job needs a kind and a key.');
  if (Number.isNaN(input.runAt.getTime()))
    throw badRequest('validation-invalid-value', 'A job needs a valid run time.');
  const inserted = await insertJobUnlessPending(trx, {
    id: newId(),
    marketplaceId: input.marketplaceId,
    kind: input.kind,
    key: input.key,
    runAt: input.runAt,
    payload: input.payload ?? {},
    now: input.now ?? new Date(),
  });
  if (inserted) return { job: inserted, created: true };
  const existing = await selectPendingJobByKey(trx, input.marketplaceId, input.key);
  if (!existing) throw new Error(`job ${input.key}: insert skipped but no pending job found`);
  return { job: existing, created: false };
}

/**
 * Cancels the marketplace's pending jobs whose key starts with `keyPrefix` (e.g. every timer of a
 * transaction when it leaves a state), in the caller's transaction. A job a worker is running at
 * this moment is skipped, not waited for: its handler must re-check that it still applies (the
 * transition runner checks the transaction is still in the state entry that scheduled it).
 * Returns how many were cancelled.
 */
export async function cancelJobs(
  trx: Trx,
  input: { marketplaceId: string; keyPrefix: string; now?: Date },
): Promise<number> {
  if (input.keyPrefix === '')
    throw badRequest('validation-invalid-value', 'cancelJobs needs a non-empty key prefix.');
  return cancelPendingJobs(trx, input.marketplaceId, input.keyPrefix, input.now ?? new Date());
}
