/**
 * The app's job handlers by kind, passed to startWorker by `bazaar start` and `bazaar worker`.
 * A module that schedules jobs registers its kind here (the process engine: 'transition' for
 * delayed transitions, 'notification' for delayed emails); a worker only claims kinds it knows.
 */
import type { Config } from '../config.ts';
import type { Mailer } from '../domain/email/index.ts';
import type { Clock } from '../lib/clock.ts';
import type { Db } from '../store/db.ts';
import { OutsideFirst, type JobHandler, type JobHandlers } from './worker.ts';
import { PAYOUT_RETRY_JOB, retryScheduledPayouts, type PaymentsDeps } from '../domain/payments/index.ts';
import { paymentPhaseOf, processJobHandlers } from '../process-engine/index.ts';
import { NEW_MESSAGE_EMAIL_JOB, newMessageEmailJobHandler } from '../domain/messages/index.ts';

/** What handlers may need besides the job's own transaction. */
export interface JobHandlerDeps {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly mailer: Mailer;
  /** Payment providers for delayed transitions with payment actions (expiries refunding, payouts). */
  readonly payments: PaymentsDeps;
}

/** Builds the handler table; one line per job kind. */
export function buildJobHandlers(deps: JobHandlerDeps): JobHandlers {
  return {
    // 'transition' (delayed transitions) and 'notification' (transaction emails)
    ...processJobHandlers({ mailer: deps.mailer, defaultUrl: deps.config.publicUrl, payments: paymentPhaseOf(deps.db, deps.payments) }),
    [NEW_MESSAGE_EMAIL_JOB]: newMessageEmailJobHandler({ mailer: deps.mailer, defaultUrl: deps.config.publicUrl }),
    [PAYOUT_RETRY_JOB]: payoutRetryJobHandler(deps.payments),
  };
}

/**
 * `payments/retry-payouts`: sends the marketplace's payouts that waited for funds. The provider is
 * called outside the job's transaction (OutsideFirst); the job completes once that work did, and a
 * payout still short of funds has scheduled the next run itself. A provider that does not answer
 * fails the run, retried with the worker's backoff (the payouts' idempotency keys make that safe).
 */
export function payoutRetryJobHandler(payments: PaymentsDeps): JobHandler {
  return async ({ job, prepared }) => {
    if (prepared === undefined) throw new OutsideFirst((db) => retryScheduledPayouts(db, payments, { marketplaceId: job.marketplaceId }));
  };
}
