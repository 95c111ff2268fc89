// The transition runner (domain §1.10, §1.11, §8.4): initiates transactions and moves them along
// their process, one transition = one DB transaction, all or nothing.
//
// A run: lock the transaction row (initiation: create it), check the caller may run this
// transition from this state with these params, run the actions in process order on a draft of the
// transaction, write the new state and history, schedule the new state's timers and the
// transition's notifications, then append the actions' events and finally the one
// `transaction/initiated|transitioned` event. Any failure rolls everything back. Speculative runs
// do the same inside a DB transaction that is always rolled back, and skip timers, events and
// payment providers.
import { findBookingOfTransaction, type Booking } from '../../domain/bookings/index.ts';
import { DomainError, conflict } from '../../domain/errors.ts';
import { appendEvents, type EventSink } from '../../domain/events/index.ts';
import { findStockReservationOfTransaction, type StockReservation } from '../../domain/stock/index.ts';
import { acquirePaymentLease, releasePaymentLease, saveTransaction, type Transaction } from '../../domain/transactions/index.ts';
import { newId } from '../../lib/ids.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Money } from '../../lib/values.ts';
import type { Db, Trx } from '../../store/db.ts';
import { actionHandler, isPaymentAction, type PaymentActionOutcome, type TransactionDraft } from '../actions/index.ts';
import type { TransitionDef } from '../definition/index.ts';
import type { LoadedProcess } from '../registry/index.ts';
import { auditDataOf, eventSourceOf } from './caller.ts';
import {
  prepareInitiation,
  prepareTransition,
  type InitiateRequest,
  type Prepare,
  type Prepared,
  type TransitionRequest,
} from './prepare-transition.ts';
import { transactionEvent, transactionLinks } from './transaction-event.ts';
import { lineItemsOf } from './transaction-view.ts';
import { scheduleTimers } from './timers.ts';

export type { InitiateRequest, TransitionRequest } from './prepare-transition.ts';

/** What a payment phase gets: the transition and the transaction as it would leave it. */
export interface PaymentPhaseInput {
  readonly marketplaceId: string;
  readonly transactionId: string;
  readonly transition: TransitionDef;
  readonly params: Readonly<Record<string, unknown>>;
  /** The would-be transaction (a speculative run of the same transition): parties, line items, totals. */
  readonly preview: Transaction;
}

/**
 * Runs a transition's payment-provider actions (domain §2.8) outside any DB transaction, before the
 * transition's own, and returns each one's outcome by action index. The payments module provides
 * it; without one, transitions with payment actions fail with 409.
 */
export interface PaymentPhase {
  run(input: PaymentPhaseInput): Promise<ReadonlyMap<number, PaymentActionOutcome>>;
}

export interface RunnerDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly payments?: PaymentPhase | undefined;
}

/** A transaction's totals, as a payment phase charged them. */
export interface Totals {
  readonly payinTotal: Money | null;
  readonly payoutTotal: Money | null;
}

/**
 * What a payment phase did: each payment action's outcome by action index, and the totals of the
 * preview it charged. The real run must arrive at the same totals (see runPrepared).
 */
export class PaymentsDone {
  constructor(
    readonly outcomes: ReadonlyMap<number, PaymentActionOutcome>,
    readonly charged: Totals,
    /** The payment lease the phase took (null for an initiation); the real run releases it. */
    readonly leaseId: string | null = null,
  ) {}
}

/**
 * How long a transition may hold a transaction's payment lease: longer than its provider calls
 * can take (20 s timeout, one network retry, a few calls). A lease whose holder crashed expires;
 * a retry of the same transition takes it over at once.
 */
export const PAYMENT_LEASE_MS = 5 * 60_000;

/** What a run needs to prepare itself, with or without a payment lease held. */
interface Plan {
  readonly marketplaceId: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Prepares the run; with `leaseId` it may run while that payment lease is held. */
  readonly prepare: (leaseId?: string) => Prepare;
  /** The existing transaction and transition to lease; null for an initiation (nobody else can reach it yet). */
  readonly lease: { readonly transactionId: string; readonly transition: string } | null;
}

/** A failure after which the payment lease can go: the provider's outcome is known. */
const outcomeKnown = (err: unknown): boolean => err instanceof DomainError && err.code !== 'payment-provider-unavailable';

interface Mode {
  readonly speculative: boolean;
  readonly payments: ReadonlyMap<number, PaymentActionOutcome>;
  /**
   * The totals the payment phase charged, when it ran. Pricing actions read the listing again in
   * the real run: a price changed between the preview and the real run would leave the provider
   * charging one amount and the transaction showing another, so such a run is refused instead.
   */
  readonly charged?: Totals | undefined;
  /**
   * A payment phase is available but has not run: a transition with payment actions stops (before
   * any action) with PaymentsFirst, so the caller runs the phase outside the DB transaction and
   * then runs the transition again with its outcomes. Transitions without payment actions run at
   * once, in one DB transaction.
   */
  readonly paymentsFirst: boolean;
}

/**
 * Thrown (and so rolling the DB transaction back) when a transition must run its payment phase
 * first; `run` is that phase, to be called outside any DB transaction.
 */
export class PaymentsFirst extends Error {
  override readonly name = 'PaymentsFirst';
  constructor(readonly run: (db: Db) => Promise<PaymentsDone>) {
    super('the transition runs its payment actions first');
  }
}

/** The outcome of a run: the transaction after it and the transition that ran. */
export interface TransitionOutcome {
  readonly transaction: Transaction;
  readonly transition: TransitionDef;
  readonly process: LoadedProcess;
  /**
   * The booking and stock reservation as the run left them, read inside its DB transaction: a
   * speculative run's are rolled back afterwards, so responses include them from here.
   */
  readonly booking: Booking | null;
  readonly stockReservation: StockReservation | null;
}

const NO_PAYMENTS: ReadonlyMap<number, PaymentActionOutcome> = new Map();

const draftOf = (tx: Transaction): TransactionDraft => ({
  id: tx.id,
  marketplaceId: tx.marketplaceId,
  listingId: tx.listingId,
  customerId: tx.customerId,
  providerId: tx.providerId,
  lineItems: lineItemsOf(tx),
  payinTotal: tx.payinTotal,
  payoutTotal: tx.payoutTotal,
  protectedData: { ...tx.protectedData },
  metadata: { ...tx.metadata },
});

const amount = (m: { amount: number; currency: string } | null) => (m ? { amount: m.amount, currency: m.currency } : null);

const sameMoney = (a: Money | null, b: Money | null): boolean => (a === null || b === null ? a === b : a.amount === b.amount && a.currency === b.currency);

/** Runs a prepared transition's actions and writes its outcome, timers and events. */
async function runPrepared(trx: Trx, p: Prepared, now: Date, mode: Mode): Promise<Transaction> {
  const linksBefore = p.before && !mode.speculative ? await transactionLinks(trx, p.before) : { bookingId: null, stockReservationId: null };
  if (mode.paymentsFirst && !mode.speculative && p.transition.actions.some((a) => isPaymentAction(a.name))) {
    throw new PaymentsFirst(async () => new PaymentsDone(NO_PAYMENTS, { payinTotal: null, payoutTotal: null }));
  }
  const draft = draftOf(p.start);
  const events: EventSink = [];
  for (const [index, action] of p.transition.actions.entries()) {
    const handler = actionHandler(action.name);
    if (!handler) throw new Error(`no handler for ${action.name} (${p.process.name} ${p.transition.name})`);
    await handler({ trx, now, draft, params: p.params, action, index, listing: p.listing, events, speculative: mode.speculative, payments: mode.payments });
  }
  if (mode.charged && !(sameMoney(mode.charged.payinTotal, draft.payinTotal) && sameMoney(mode.charged.payoutTotal, draft.payoutTotal))) {
    throw conflict('transaction-locked', 'The transaction changed while its payment was being made (its totals now differ from what the payment provider was asked for). Retry the transition.');
  }
  const saved = await saveTransaction(trx, {
    ...p.start,
    state: p.transition.to,
    lastTransition: p.transition.name,
    lastTransitionedAt: now,
    transitions: [...p.start.transitions, { transition: p.transition.name, createdAt: now, by: p.by }],
    lineItems: draft.lineItems,
    payinTotal: amount(draft.payinTotal),
    payoutTotal: amount(draft.payoutTotal),
    protectedData: draft.protectedData,
    metadata: draft.metadata,
    updatedAt: now,
  });
  if (mode.speculative) return saved;
  await scheduleTimers(trx, { tx: saved, definition: p.process.definition, transition: p.transition.name, now });
  const linksAfter = await transactionLinks(trx, saved);
  const audit = auditDataOf(p.caller);
  // Effects of the actions first (source/transaction, whoever invoked it), then the transaction's own event.
  await appendEvents(trx, events, { source: 'source/transaction', auditData: audit });
  const txEvent = p.before
    ? transactionEvent('transaction/transitioned', { tx: p.before, links: linksBefore }, { tx: saved, links: linksAfter })
    : transactionEvent('transaction/initiated', null, { tx: saved, links: linksAfter });
  await appendEvents(trx, [txEvent], { source: eventSourceOf(p.caller), auditData: audit });
  return saved;
}

async function runIn(trx: Trx, prepare: Prepare, now: Date, mode: Mode): Promise<TransitionOutcome> {
  const prepared = await prepare(trx, now);
  const transaction = await runPrepared(trx, prepared, now, mode);
  const booking = await findBookingOfTransaction(trx, transaction.marketplaceId, transaction.id);
  const stockReservation = await findStockReservationOfTransaction(trx, transaction.marketplaceId, transaction.id);
  return { transaction, transition: prepared.transition, process: prepared.process, booking: booking ?? null, stockReservation: stockReservation ?? null };
}

/** Thrown to roll a speculative run back; carries nothing (the result is kept outside). */
class Rollback extends Error {}

/** Runs `fn` in a DB transaction that is always rolled back, returning its result. */
async function rolledBack<T>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T> {
  const box: { value?: T } = {};
  try {
    await db.transaction().execute(async (trx) => {
      box.value = await fn(trx);
      throw new Rollback('speculative');
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  if (!Object.hasOwn(box, 'value') || box.value === undefined) throw new Error('speculative run produced nothing');
  return box.value;
}

const SPECULATIVE: Mode = { speculative: true, payments: NO_PAYMENTS, paymentsFirst: false };

/**
 * The payment phase of a transition, outside any DB transaction: takes the transaction's payment
 * lease (so no other transition of it runs, or calls the provider, until this one has committed),
 * runs a rolled-back preview that tells the providers what to charge (parties, line items,
 * totals), then the payment actions. A failure with a known outcome releases the lease; an
 * unknown one (a timeout) keeps it until it expires or a retry of the same transition takes it.
 */
async function paymentOutcomes(db: Db, phase: PaymentPhase, plan: Plan, now: Date): Promise<PaymentsDone> {
  const lease = plan.lease && { id: newId(), transition: plan.lease.transition, until: new Date(now.getTime() + PAYMENT_LEASE_MS) };
  if (plan.lease && lease) await acquirePaymentLease(db, { marketplaceId: plan.marketplaceId, transactionId: plan.lease.transactionId, lease, now });
  try {
    const preview = await rolledBack(db, (trx) => runIn(trx, plan.prepare(lease?.id), now, SPECULATIVE));
    const { payinTotal, payoutTotal } = preview.transaction;
    const outcomes = await phase.run({ marketplaceId: plan.marketplaceId, transactionId: preview.transaction.id, transition: preview.transition, params: plan.params, preview: preview.transaction });
    return new PaymentsDone(outcomes, { payinTotal, payoutTotal }, lease?.id ?? null);
  } catch (err) {
    if (lease) await releaseLeaseAfter(db, plan, lease.id, err);
    throw err;
  }
}

/** Releases the payment lease after `err` when the provider's outcome is known (best effort). */
async function releaseLeaseAfter(db: Db, plan: Plan, leaseId: string, err: unknown): Promise<void> {
  if (!plan.lease || !outcomeKnown(err)) return;
  await releasePaymentLease(db, plan.marketplaceId, plan.lease.transactionId, leaseId).catch(() => undefined);
}

/** The real run after a payment phase: its outcomes, then the lease released in the same commit. */
async function runWithPayments(trx: Trx, plan: Plan, done: PaymentsDone, now: Date): Promise<TransitionOutcome> {
  const outcome = await runIn(trx, plan.prepare(done.leaseId ?? undefined), now, { speculative: false, payments: done.outcomes, charged: done.charged, paymentsFirst: false });
  if (plan.lease && done.leaseId) await releasePaymentLease(trx, plan.marketplaceId, plan.lease.transactionId, done.leaseId);
  return outcome;
}

/**
 * Runs a transition: speculative ones rolled back; real ones in one DB transaction, except those
 * with payment actions when a payment phase is configured: they stop before their first action,
 * run the phase outside the DB transaction (under the payment lease), and run again with its
 * outcomes. A refused transition (state, actor, params) is refused before any provider is called.
 */
async function execute(deps: RunnerDeps, plan: Plan, speculative: boolean): Promise<TransitionOutcome> {
  const now = deps.clock.now();
  if (speculative) return rolledBack(deps.db, (trx) => runIn(trx, plan.prepare(), now, SPECULATIVE));
  const phase = deps.payments;
  try {
    return await deps.db.transaction().execute((trx) => runIn(trx, plan.prepare(), now, { speculative: false, payments: NO_PAYMENTS, paymentsFirst: phase !== undefined }));
  } catch (err) {
    if (!(err instanceof PaymentsFirst) || !phase) throw err;
  }
  const done = await paymentOutcomes(deps.db, phase, plan, now);
  try {
    return await deps.db.transaction().execute((trx) => runWithPayments(trx, plan, done, now));
  } catch (err) {
    if (done.leaseId) await releaseLeaseAfter(deps.db, plan, done.leaseId, err);
    throw err;
  }
}

const transitionPlan = (req: TransitionRequest): Plan => ({
  marketplaceId: req.marketplaceId,
  params: req.params,
  prepare: (leaseId) => prepareTransition(req, leaseId),
  lease: { transactionId: req.transactionId, transition: req.transition },
});

/**
 * Initiates a transaction (`transactions/initiate[_speculative]`). Throws conflict
 * `transaction-unknown-alias`, `transaction-invalid-transition`, `transaction-listing-not-found`,
 * `transaction-same-author-and-customer`, `transaction-*-banned-or-deleted` and what the actions
 * throw; forbidden (privileged without trusted token, access control); bad-request (params).
 */
export function initiateTransaction(deps: RunnerDeps, req: InitiateRequest, opts: { speculative: boolean }): Promise<TransitionOutcome> {
  const prepare = prepareInitiation(req, newId());
  return execute(deps, { marketplaceId: req.marketplaceId, params: req.params, prepare: () => prepare, lease: null }, opts.speculative);
}

/**
 * Runs a transition of an existing transaction (`transactions/transition[_speculative]` on either
 * API). Throws conflict `transaction-not-found`, `transaction-locked`,
 * `transaction-invalid-transition` and what the actions throw; forbidden (not a party, wrong
 * actor, privileged without trusted token); bad-request (unknown transition, params).
 */
export function transitionTransaction(deps: RunnerDeps, req: TransitionRequest, opts: { speculative: boolean }): Promise<TransitionOutcome> {
  return execute(deps, transitionPlan(req), opts.speculative);
}

/**
 * Runs a delayed transition as the system actor inside the caller's DB transaction (the timer
 * job's). With payment actions and a payment phase but no `payments` outcomes yet, it throws
 * PaymentsFirst carrying the phase: the worker runs it outside the job's transaction and calls
 * again with the outcomes. Throws like transitionTransaction.
 */
export async function runTransitionIn(trx: Trx, now: Date, req: TransitionRequest, opts: { phase?: PaymentPhase | undefined; payments?: PaymentsDone | undefined } = {}): Promise<TransitionOutcome> {
  const plan = transitionPlan(req);
  const { phase, payments } = opts;
  if (payments) return runWithPayments(trx, plan, payments, now);
  try {
    return await runIn(trx, plan.prepare(), now, { speculative: false, payments: NO_PAYMENTS, paymentsFirst: phase !== undefined });
  } catch (err) {
    if (err instanceof PaymentsFirst && phase) throw new PaymentsFirst((db) => paymentOutcomes(db, phase, plan, now));
    throw err;
  }
}

/** True when `err` is a DomainError: the transition itself was refused (not a crash). */
export const isTransitionRefusal = (err: unknown): err is DomainError => err instanceof DomainError;
