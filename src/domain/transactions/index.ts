/**
 * Transactions (domain §1.12): storage, reads and visibility of transactions. The process engine
 * (src/process-engine) runs transitions and decides every change; messages and reviews read the
 * parties of a transaction through here.
 */
export type {
  LockedTransaction,
  MoneyAmount,
  PaymentLease,
  Transaction,
  TransactionParties,
  TransactionRole,
  TransitionActor,
  TransitionEntry,
} from './transaction.ts';
export { MAX_TRANSITIONS, roleOf } from './transaction.ts';
export { findTransaction, findTransactionParties, findTransactionsByIds } from './find-transaction.ts';
export { noteTransactionMessage } from './note-transaction-message.ts';
export { acquirePaymentLease, createTransaction, lockTransaction, releasePaymentLease, saveTransaction } from './write-transaction.ts';
export { TRANSACTION_SORT_KEYS, type TimeRange, type TransactionQuery, type TransactionSortKey } from './transaction-query.ts';
export { queryTransactions } from './query-transactions.ts';
export { showTransaction, type TransactionReader } from './show-transaction.ts';
