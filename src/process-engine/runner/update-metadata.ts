// Integration API `transactions/update_metadata` (catalogue §4.4 I19): an operator changes a
// transaction's metadata without a transition; emits `transaction/updated`.
import { appendEvents } from '../../domain/events/index.ts';
import { assertExtendedDataSize, mergeExtendedData, toExtendedData } from '../../domain/extended-data.ts';
import { conflict } from '../../domain/errors.ts';
import { lockTransaction, saveTransaction, type Transaction } from '../../domain/transactions/index.ts';
import type { Trx } from '../../store/db.ts';
import { auditDataOf, eventSourceOf, type OperatorCaller } from './caller.ts';
import { transactionEvent, transactionLinks } from './transaction-event.ts';

/**
 * Merges `metadata` into the transaction's metadata (top level, `null` removes a key, 50 KB) and
 * appends `transaction/updated` with the previous values of the changed keys. Throws conflict
 * `transaction-not-found`, `transaction-locked`; bad-request for an invalid or oversized map.
 */
export async function updateTransactionMetadata(
  trx: Trx,
  input: { marketplaceId: string; transactionId: string; metadata: unknown; caller: OperatorCaller; now: Date },
): Promise<Transaction> {
  const patch = toExtendedData(input.metadata, ['metadata']);
  const tx = await lockTransaction(trx, input.marketplaceId, input.transactionId, { nowait: true });
  if (!tx) throw conflict('transaction-not-found', `No transaction ${input.transactionId} in this marketplace.`);
  const metadata = mergeExtendedData(tx.metadata, patch);
  assertExtendedDataSize(metadata, 'metadata');
  const saved = await saveTransaction(trx, { ...tx, metadata, updatedAt: input.now });
  const links = await transactionLinks(trx, saved);
  await appendEvents(trx, [transactionEvent('transaction/updated', { tx, links }, { tx: saved, links })], {
    source: eventSourceOf(input.caller),
    auditData: auditDataOf(input.caller),
  });
  return saved;
}
