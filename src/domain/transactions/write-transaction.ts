import { conflict } from '../errors.ts';
import type { Trx } from '../../store/db.ts';
import type { Transaction } from './transaction.ts';
import { insertTransaction, lockTransactionRow, updateTransactionRow } from './transactions.store.ts';

/** PostgreSQL's lock_not_available (a `nowait` lock held by another transaction). */
const isLockNotAvailable = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && 'code' in err && err.code === '55P03';

/**
 * Locks a transaction's row for the rest of the DB transaction and reads it: transitions of one
 * transaction run one at a time, each seeing the state the previous one left. With `nowait`
 * (API calls) a transaction another transition is running fails at once with conflict
 * `transaction-locked` instead of waiting; timers wait. Undefined for an unknown id.
 */
export async function lockTransaction(trx: Trx, marketplaceId: string, id: string, opts: { nowait: boolean }): Promise<Transaction | undefined> {
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
