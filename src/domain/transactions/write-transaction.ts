import { conflict } from '../errors.ts';
import type { Trx } from '../../store/db.ts';
import type { Executor } from '../../store/db.ts';
import type { LockedTransaction, PaymentLease, Transaction } from './transaction.ts';
import { clearPaymentLease, insertTransaction, lockTransactionRow, setPaymentLease, updateTransactionRow } from './transactions.store.ts';

/** PostgreSQL's lock_not_available (a `nowait` lock held by another transaction). */
const isLockNotAvailable = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && 'code' in err && err.code === '55P03';

/**
 * Locks a transaction's row for the rest of the DB transaction and reads it: transitions of one
 * transaction run one at a time, each seeing the state the previous one left. With `nowait`
 * (API calls) a transaction another transition is running fails at once with conflict
 * `transaction-locked` instead of waiting; timers wait. Undefined for an unknown id.
 */
export async function lockTransaction(trx: Trx, marketplaceId: string, id: string, opts: { nowait: boolean }): Promise<LockedTransaction | undefined> {
  try {
    return await lockTransactionRow(trx, marketplaceId, id, opts);
  } catch (err) {
    if (isLockNotAvailable(err)) throw conflict('transaction-locked', 'Another transition of this transaction is running; retry shortly.');
    throw err;
  }
}

/** Stores a new transaction (the process engine's initiation). */
export const createTransaction = (trx: Trx, tx: Transaction): Promise<Transaction> => insertTransaction(trx, tx);

/** Writes what a transition or metadata update changed (state, history, line items, totals, extended data). */
export const saveTransaction = (trx: Trx, tx: Transaction): Promise<Transaction> => updateTransactionRow(trx, tx);

/**
 * Takes the payment lease of a transaction for `lease.transition` (in its own short statement,
 * outside the transition's DB transaction). Throws conflict `transaction-locked` while another
 * transition holds an unexpired lease, `transaction-not-found` for an unknown transaction.
 */
export async function acquirePaymentLease(db: Executor, input: { marketplaceId: string; transactionId: string; lease: PaymentLease; now: Date }): Promise<void> {
  const taken = await setPaymentLease(db, input);
  if (taken === undefined) throw conflict('transaction-not-found', `No transaction ${input.transactionId} in this marketplace.`);
  if (!taken) throw conflict('transaction-locked', 'A payment of this transaction is in progress (another transition is calling the payment provider); retry shortly.');
}

/** Releases a payment lease (a no-op when another lease replaced it). */
export const releasePaymentLease = (db: Executor, marketplaceId: string, transactionId: string, leaseId: string): Promise<void> =>
  clearPaymentLease(db, marketplaceId, transactionId, leaseId);
