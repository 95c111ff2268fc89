import { forbidden, notFound } from '../errors.ts';
import type { Executor } from '../../store/db.ts';
import { roleOf, type Transaction, type TransactionRole } from './transaction.ts';
import { selectTransaction } from './transactions.store.ts';

/** Who reads a transaction: a user (only its parties may), or an operator (Integration API). */
export type TransactionReader = { kind: 'user'; userId: string } | { kind: 'operator' };

/**
 * `transactions/show`: the transaction and the reader's role in it (`operator` for the Integration
 * API). Throws not-found (unknown id), forbidden (a user who is neither its customer nor provider).
 */
export async function showTransaction(
  db: Executor,
  input: { marketplaceId: string; reader: TransactionReader; id: string },
): Promise<{ transaction: Transaction; role: TransactionRole | 'operator' }> {
  const tx = await selectTransaction(db, input.marketplaceId, input.id);
  if (!tx) throw notFound('Transaction not found.');
  if (input.reader.kind === 'operator') return { transaction: tx, role: 'operator' };
  const role = roleOf(tx, input.reader.userId);
  if (role === undefined) throw forbidden('forbidden', 'Only the customer and the provider of a transaction may see it.');
  return { transaction: tx, role };
}
