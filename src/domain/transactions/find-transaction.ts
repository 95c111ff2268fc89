import type { Executor } from '../../store/db.ts';
import type { Transaction, TransactionParties } from './transaction.ts';
import { selectTransaction, selectTransactionParties, selectTransactionsByIds } from './transactions.store.ts';

/** One transaction by id, without visibility checks (callers decide who may see it). */
export const findTransaction = (db: Executor, marketplaceId: string, id: string): Promise<Transaction | undefined> =>
  selectTransaction(db, marketplaceId, id);

/** Transactions by id (for include resolvers), without visibility checks. */
export const findTransactionsByIds = (db: Executor, marketplaceId: string, ids: readonly string[]): Promise<Transaction[]> =>
  selectTransactionsByIds(db, marketplaceId, ids);

/**
 * Who takes part in a transaction (customer, provider, listing, process): what messages and
 * reviews need to check a sender or author. Undefined for an unknown (or malformed) id.
 */
export const findTransactionParties = (db: Executor, marketplaceId: string, transactionId: string): Promise<TransactionParties | undefined> =>
  selectTransactionParties(db, marketplaceId, transactionId);
