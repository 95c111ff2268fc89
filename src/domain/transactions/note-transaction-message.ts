import type { Trx } from '../../store/db.ts';
import { setLastMessageAt } from './transactions.store.ts';

/**
 * Records that a message was sent in the transaction at `at`: feeds the `hasMessage` filter and
 * the `lastMessageAt` sort of transactions/query. Never moves the time back.
 */
export async function noteTransactionMessage(trx: Trx, marketplaceId: string, transactionId: string, at: Date): Promise<void> {
  await setLastMessageAt(trx, marketplaceId, transactionId, at);
}
