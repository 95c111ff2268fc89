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
import { DomainError } from '../../domain/errors.ts';
import { appendEvents, type EventSink } from '../../domain/events/index.ts';
import { findStockReservationOfTransaction, type StockReservation } from '../../domain/stock/index.ts';
import { saveTransaction, type Transaction } from '../../domain/transactions/index.ts';
import { newId } from '../../lib/ids.ts';
import type { Clock } from '../../lib/clock.ts';
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

interface Mode {
  readonly speculative: boolean;
  readonly payments: ReadonlyMap<number, PaymentActionOutcome>;
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

/** Runs a prepared transition's actions and writes its outcome, timers and events. */
async function runPrepared(trx: Trx, p: Prepared, now: Date, mode: Mode): Promise<Transaction> {
  const linksBefore = p.before && !mode.speculative ? await transactionLinks(trx, p.before) : { bookingId: null, stockReservationId: null };
  const draft = draftOf(p.start);
  const events: EventSink = [];
  for (const [index, action] of p.transition.actions.entries()) {
    const handler = actionHandler(action.name);
    if (!handler) throw new Error(`no handler for ${action.name} (${p.process.name} ${p.transition.name})`);
    await handler({ trx, now, draft, params: p.params, action, index, listing: p.listing, events, speculative: mode.speculative, payments: mode.payments });
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

/**
 * Runs a transition: speculative ones rolled back; real ones after the payment phase (when the
 * transition has payment actions and a payment phase is configured: a rolled-back preview tells
 * the providers what to charge, then the real run records their outcomes).
 */
async function execute(deps: RunnerDeps, prepare: Prepare, marketplaceId: string, params: Readonly<Record<string, unknown>>, speculative: boolean): Promise<TransitionOutcome> {
  const now = deps.clock.now();
  if (speculative) return rolledBack(deps.db, (trx) => runIn(trx, prepare, now, { speculative: true, payments: NO_PAYMENTS }));
  let payments = NO_PAYMENTS;
  if (deps.payments) {
    const preview = await rolledBack(deps.db, (trx) => runIn(trx, prepare, now, { speculative: true, payments: NO_PAYMENTS }));
    if (preview.transition.actions.some((a) => isPaymentAction(a.name))) {
      payments = await deps.payments.run({
        marketplaceId,
        transactionId: preview.transaction.id,
        transition: preview.transition,
        params,
        preview: preview.transaction,
      });
    }
  }
  return deps.db.transaction().execute((trx) => runIn(trx, prepare, now, { speculative: false, payments }));
}

/**
 * Initiates a transaction (`transactions/initiate[_speculative]`). Throws conflict
 * `transaction-unknown-alias`, `transaction-invalid-transition`, `transaction-listing-not-found`,
 * `transaction-same-author-and-customer`, `transaction-*-banned-or-deleted` and what the actions
 * throw; forbidden (privileged without trusted token, access control); bad-request (params).
 */
export function initiateTransaction(deps: RunnerDeps, req: InitiateRequest, opts: { speculative: boolean }): Promise<TransitionOutcome> {
  return execute(deps, prepareInitiation(req, newId()), req.marketplaceId, req.params, opts.speculative);
}

/**
 * Runs a transition of an existing transaction (`transactions/transition[_speculative]` on either
 * API). Throws conflict `transaction-not-found`, `transaction-locked`,
 * `transaction-invalid-transition` and what the actions throw; forbidden (not a party, wrong
 * actor, privileged without trusted token); bad-request (unknown transition, params).
 */
export function transitionTransaction(deps: RunnerDeps, req: TransitionRequest, opts: { speculative: boolean }): Promise<TransitionOutcome> {
  return execute(deps, prepareTransition(req), req.marketplaceId, req.params, opts.speculative);
}

/**
 * Runs a delayed transition as the system actor inside the caller's DB transaction (the timer
 * job's): no payment phase. Throws like transitionTransaction.
 */
export function runTransitionIn(trx: Trx, now: Date, req: TransitionRequest): Promise<TransitionOutcome> {
  return runIn(trx, prepareTransition(req), now, { speculative: false, payments: NO_PAYMENTS });
}

/** True when `err` is a DomainError: the transition itself was refused (not a crash). */
export const isTransitionRefusal = (err: unknown): err is DomainError => err instanceof DomainError;
