// Timers of a transaction (domain §1.8): delayed transitions and notifications as jobs.
//
// - Every transition cancels the transaction's pending timers (prefix `tx:<id>:`): a delayed
//   transition or delayed notification is dropped when the transaction moves on first.
// - Entering state S (the state entry is numbered by the history length n) schedules every delayed
//   transition from S whose `:at` evaluates to a time (`tx:<id>:e<n>:transition:<name>`); a time in
//   the past runs at once (the worker picks it up), nothing (null) schedules nothing.
// - The transition's notifications: with `:at` as cancellable timers like the above; without one
//   (or due already) as immediate jobs under `txmail:<id>:` that later transitions do not cancel,
//   so mail leaves after the commit, exactly once, from the worker.
// Time expressions are evaluated now, against the history including this entry.
import { findBookingOfTransaction } from '../../domain/bookings/index.ts';
import { cancelJobs, scheduleJob } from '../../domain/jobs/index.ts';
import type { Transaction } from '../../domain/transactions/index.ts';
import type { Executor, Trx } from '../../store/db.ts';
import { delayedTransitionsFrom, findTransition, notificationsOn, type ProcessDefinition } from '../definition/index.ts';
import { evaluateTimeExpression, type TimeContext, type TimeExpression } from '../time/index.ts';

/** Job kinds the engine schedules (handlers in ./job-handlers.ts). */
export const TRANSITION_JOB = 'transition';
export const NOTIFICATION_JOB = 'notification';

/** Key prefix of every cancellable timer of a transaction. */
export const timerPrefix = (transactionId: string): string => `tx:${transactionId}:`;

/** Key prefix of the delayed transitions scheduled on one state entry. */
export const entryTransitionPrefix = (transactionId: string, entry: number): string => `tx:${transactionId}:e${entry}:transition:`;

/** The state entry a transaction is in: how many transitions it ran. */
export const stateEntryOf = (tx: Pick<Transaction, 'transitions'>): number => tx.transitions.length;

/** Everything a time expression of this transaction may refer to. */
export async function timeContextOf(db: Executor, tx: Transaction, definition: ProcessDefinition, now: Date): Promise<TimeContext> {
  const booking = await findBookingOfTransaction(db, tx.marketplaceId, tx.id);
  return {
    now,
    initiatedAt: tx.createdAt,
    transitions: tx.transitions.map((t) => ({
      transition: t.transition,
      state: findTransition(definition, t.transition)?.to ?? '',
      at: t.createdAt,
    })),
    ...(booking
      ? { booking: { start: booking.start, end: booking.end, displayStart: booking.displayStart, displayEnd: booking.displayEnd } }
      : {}),
  };
}

const evaluate = (expr: TimeExpression, ctx: TimeContext): Date | null => evaluateTimeExpression(expr, ctx);

/**
 * After a transition into the transaction's current state: cancels the previous timers, schedules
 * the delayed transitions of the new state and the transition's notifications. Runs in the
 * transition's DB transaction, so the timers exist only if it commits.
 */
export async function scheduleTimers(
  trx: Trx,
  input: { tx: Transaction; definition: ProcessDefinition; transition: string; now: Date },
): Promise<void> {
  const { tx, definition, now } = input;
  const marketplaceId = tx.marketplaceId;
  await cancelJobs(trx, { marketplaceId, keyPrefix: timerPrefix(tx.id), now });
  const entry = stateEntryOf(tx);
  const ctx = await timeContextOf(trx, tx, definition, now);
  for (const delayed of delayedTransitionsFrom(definition, tx.state)) {
    const runAt = evaluate(delayed.at, ctx);
    if (runAt === null) continue;
    await scheduleJob(trx, {
      marketplaceId,
      kind: TRANSITION_JOB,
      key: `${entryTransitionPrefix(tx.id, entry)}${delayed.name}`,
      runAt,
      payload: { transactionId: tx.id, entry, transition: delayed.name },
      now,
    });
  }
  for (const notification of notificationsOn(definition, input.transition)) {
    const at = notification.at === undefined ? now : evaluate(notification.at, ctx);
    if (at === null) continue;
    const delayed = at.getTime() > now.getTime();
    await scheduleJob(trx, {
      marketplaceId,
      kind: NOTIFICATION_JOB,
      key: delayed ? `${timerPrefix(tx.id)}e${entry}:notification:${notification.name}` : `txmail:${tx.id}:e${entry}:${notification.name}`,
      runAt: delayed ? at : now,
      payload: { transactionId: tx.id, entry, notification: notification.name },
      now,
    });
  }
}
