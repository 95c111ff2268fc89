// The engine's job handlers (kinds 'transition' and 'notification'), run by the worker loop inside
// the job's DB transaction (src/jobs/worker.ts): a timer's transition commits together with the
// job's completion, so it runs exactly once even with several workers.
import { findJobs, type Job } from '../../domain/jobs/index.ts';
import { findTransaction, lockTransaction } from '../../domain/transactions/index.ts';
import { OutsideFirst, PermanentJobError, type JobHandler } from '../../jobs/worker.ts';
import { loadProcessVersion } from '../registry/index.ts';
import { deliverNotification, type NotificationDeps } from './deliver-notification.ts';
import { PaymentsDone, PaymentsFirst, isTransitionRefusal, runTransitionIn, type PaymentPhase } from './run-transition.ts';
import { NOTIFICATION_JOB, TRANSITION_JOB, entryTransitionPrefix, stateEntryOf } from './timers.ts';

/** The payload fields the engine's jobs carry. */
function payloadOf(job: Job): { transactionId: string; entry: number; name: string } {
  const { transactionId, entry } = job.payload;
  const name = job.kind === TRANSITION_JOB ? job.payload.transition : job.payload.notification;
  if (typeof transactionId !== 'string' || typeof entry !== 'number' || typeof name !== 'string') {
    throw new PermanentJobError(`job ${job.key}: malformed payload`);
  }
  return { transactionId, entry, name };
}

/**
 * A delayed transition is due (domain §1.8): runs it as the system actor if the transaction is
 * still in the state entry that scheduled it and no earlier timer of that entry failed (only the
 * first due automatic transition of a state runs; when it fails, the others do not). A refused
 * transition (its actions' preconditions failed) fails the job for good: retrying cannot help, and
 * the transaction waits for a manual or operator transition.
 *
 * A transition with payment actions (an expiry refunding, a completion paying out) calls the
 * provider first, outside the job's transaction (worker OutsideFirst), then runs with the outcomes
 * and commits with the job. Without a payment phase such a transition is refused (409).
 */
export const transitionJobHandlerFor = (phase?: PaymentPhase): JobHandler => async ({ trx, job, clock, prepared }) => {
  const { transactionId, entry, name } = payloadOf(job);
  const tx = await lockTransaction(trx, job.marketplaceId, transactionId, { nowait: false });
  if (!tx || stateEntryOf(tx) !== entry) return;
  const failed = await findJobs(trx, { marketplaceId: job.marketplaceId, keyPrefix: entryTransitionPrefix(transactionId, entry), states: ['failed'] });
  if (failed.length > 0) return;
  try {
    const payments = prepared instanceof PaymentsDone ? prepared : undefined;
    await runTransitionIn(trx, clock.now(), { marketplaceId: job.marketplaceId, caller: { kind: 'system' }, transactionId, transition: name, params: {} }, { phase, payments });
  } catch (err) {
    if (err instanceof PaymentsFirst) throw new OutsideFirst(err.run);
    // A transition holding the payment lease is momentarily in the way: retry with backoff.
    if (isTransitionRefusal(err) && err.code !== 'transaction-locked') throw new PermanentJobError(`${name} of transaction ${transactionId} was refused: ${err.code}: ${err.message}`);
    throw err;
  }
};

/**
 * A notification is due: renders and sends it. Delayed ones of a state the transaction left were
 * cancelled by that transition; immediate ones always go. A skipped recipient (unverified address)
 * completes the job without mail.
 */
export const notificationJobHandler =
  (deps: NotificationDeps): JobHandler =>
  async ({ trx, job }) => {
    const { transactionId, name } = payloadOf(job);
    const tx = await findTransaction(trx, job.marketplaceId, transactionId);
    if (!tx) return;
    const process = await loadProcessVersion(trx, job.marketplaceId, tx.processName, tx.processVersion);
    const notification = process?.definition.notifications.find((n) => n.name === name);
    if (!process || !notification) return;
    await deliverNotification(trx, deps, { tx, process, notification });
  };

/** Delayed transitions without a payment phase (payment actions are refused). */
export const transitionJobHandler: JobHandler = transitionJobHandlerFor(undefined);

/** The engine's handlers by job kind, for the worker (src/jobs/handlers.ts). */
export function processJobHandlers(deps: NotificationDeps & { payments?: PaymentPhase | undefined }): Record<string, JobHandler> {
  return { [TRANSITION_JOB]: transitionJobHandlerFor(deps.payments), [NOTIFICATION_JOB]: notificationJobHandler(deps) };
}
