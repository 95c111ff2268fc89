/**
 * Payouts that waited for funds (`payoutStatus: scheduled`, see create-payout.ts) are retried by a
 * worker job, not by a timer of the transaction: the transition that asked for the payout has
 * completed, and at Stripe captured funds become available days later. One job per marketplace and
 * hour is enough — it sends every waiting payout (retryScheduledPayouts) — and a payout still short
 * of funds then schedules the next run, so the job repeats only while something waits.
 */
import { scheduleJob } from '../jobs/index.ts';
import type { Trx } from '../../store/db.ts';

/** The job kind the worker runs retryScheduledPayouts for (src/jobs/handlers.ts). */
export const PAYOUT_RETRY_JOB = 'payments/retry-payouts';

/** How often waiting payouts are tried again. */
export const PAYOUT_RETRY_INTERVAL_MS = 60 * 60_000;

/**
 * When the retry for a payout found short of funds at `now` runs: at the start of the hour after
 * next (one to two hours later), so every payout scheduled within the same hour shares one job and
 * the run that reschedules never lands on its own (running) job's key.
 */
export function payoutRetryRunAt(now: Date): Date {
  return new Date(Math.floor(now.getTime() / PAYOUT_RETRY_INTERVAL_MS) * PAYOUT_RETRY_INTERVAL_MS + 2 * PAYOUT_RETRY_INTERVAL_MS);
}

/** Schedules (or keeps, when already pending) the marketplace's next payout retry, in the caller's transaction. */
export async function schedulePayoutRetry(trx: Trx, input: { marketplaceId: string; now: Date }): Promise<Date> {
  const runAt = payoutRetryRunAt(input.now);
  await scheduleJob(trx, { marketplaceId: input.marketplaceId, kind: PAYOUT_RETRY_JOB, key: `payments/retry-payouts/${runAt.toISOString()}`, runAt, now: input.now });
  return runAt;
}
