/** SQL of transactions: the only code touching the `transactions` table. */
import { sql, type Selectable } from 'kysely';
import type { Executor, Trx } from '../../store/db.ts';
import type { TransactionsTable } from '../../store/tables/transactions.ts';
import { isUuid, uniqueUuids } from '../../lib/ids.ts';
import { toExtendedData } from '../extended-data.ts';
import type { LockedTransaction, MoneyAmount, PaymentLease, Transaction, TransactionParties, TransitionActor, TransitionEntry } from './transaction.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ACTORS: readonly TransitionActor[] = ['customer', 'provider', 'operator', 'system'];
const isActor = (v: unknown): v is TransitionActor => ACTORS.some((a) => a === v);

function toEntries(json: unknown): TransitionEntry[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((raw: unknown): TransitionEntry[] =>
    isRecord(raw) && typeof raw.transition === 'string' && typeof raw.createdAt === 'string' && isActor(raw.by)
      ? [{ transition: raw.transition, createdAt: new Date(raw.createdAt), by: raw.by }]
      : [],
  );
}

const money = (amount: number | null, currency: string | null): MoneyAmount | null =>
  amount === null || currency === null ? null : { amount: Number(amount), currency };

export const toTransaction = (row: Selectable<TransactionsTable>): Transaction => ({
  id: row.id,
  marketplaceId: row.marketplace_id,
  processName: row.process_name,
  processVersion: row.process_version,
  listingId: row.listing_id,
  customerId: row.customer_id,
  providerId: row.provider_id,
  state: row.state,
  lastTransition: row.last_transition,
  lastTransitionedAt: row.last_transitioned_at,
  transitions: toEntries(row.transitions),
  lineItems: Array.isArray(row.line_items) ? row.line_items : [],
  payinTotal: money(row.payin_total_amount, row.payin_total_currency),
  payoutTotal: money(row.payout_total_amount, row.payout_total_currency),
  protectedData: toExtendedData(row.protected_data, ['protectedData']),
  metadata: toExtendedData(row.metadata, ['metadata']),
  lastMessageAt: row.last_message_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const entriesJson = (entries: readonly TransitionEntry[]): string =>
  JSON.stringify(entries.map((e) => ({ transition: e.transition, createdAt: e.createdAt.toISOString(), by: e.by })));

/** The mutable columns of a transaction. */
const writable = (tx: Transaction) => ({
  state: tx.state,
  last_transition: tx.lastTransition,
  last_transitioned_at: tx.lastTransitionedAt,
  transitions: entriesJson(tx.transitions),
  line_items: JSON.stringify(tx.lineItems),
  payin_total_amount: tx.payinTotal?.amount ?? null,
  payin_total_currency: tx.payinTotal?.currency ?? null,
  payout_total_amount: tx.payoutTotal?.amount ?? null,
  payout_total_currency: tx.payoutTotal?.currency ?? null,
  protected_data: JSON.stringify(tx.protectedData),
  metadata: JSON.stringify(tx.metadata),
  updated_at: tx.updatedAt,
});

/** Inserts a new transaction. */
export async function insertTransaction(trx: Trx, tx: Transaction): Promise<Transaction> {
  const row = await trx
    .insertInto('transactions')
    .values({
      id: tx.id,
      marketplace_id: tx.marketplaceId,
      process_name: tx.processName,
      process_version: tx.processVersion,
      listing_id: tx.listingId,
      customer_id: tx.customerId,
      provider_id: tx.providerId,
      last_message_at: tx.lastMessageAt,
      created_at: tx.createdAt,
      ...writable(tx),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toTransaction(row);
}

/** Writes a transaction's mutable columns (state, history, line items, totals, extended data). */
export async function updateTransactionRow(trx: Trx, tx: Transaction): Promise<Transaction> {
  const row = await trx
    .updateTable('transactions')
    .set(writable(tx))
    .where('marketplace_id', '=', tx.marketplaceId)
    .where('id', '=', tx.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toTransaction(row);
}

/** One transaction, or undefined (also for a malformed id). */
export async function selectTransaction(db: Executor, marketplaceId: string, id: string): Promise<Transaction | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .selectFrom('transactions')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toTransaction(row) : undefined;
}

/**
 * Locks one transaction's row (`for update`) and reads it: transitions of one transaction run one
 * after the other. `nowait` fails at once (55P03) instead of queueing behind another transition.
 */
export async function lockTransactionRow(
  trx: Trx,
  marketplaceId: string,
  id: string,
  opts: { nowait: boolean },
): Promise<LockedTransaction | undefined> {
  if (!isUuid(id)) return undefined;
  let q = trx
    .selectFrom('transactions')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('id', '=', id)
    .forUpdate();
  if (opts.nowait) q = q.noWait();
  const row = await q.executeTakeFirst();
  return row ? { ...toTransaction(row), paymentLease: leaseOf(row) } : undefined;
}

const leaseOf = (row: Selectable<TransactionsTable>): PaymentLease | null =>
  row.payment_lease_id !== null && row.payment_lease_transition !== null && row.payment_lease_until !== null
    ? { id: row.payment_lease_id, transition: row.payment_lease_transition, until: row.payment_lease_until }
    : null;

/**
 * Sets the payment lease unless another transition holds an unexpired one (a lease of the same
 * transition is taken over). Waits for a transition running on the row. False when refused;
 * undefined for an unknown transaction.
 */
export async function setPaymentLease(
  db: Executor,
  input: { marketplaceId: string; transactionId: string; lease: PaymentLease; now: Date },
): Promise<boolean | undefined> {
  if (!isUuid(input.transactionId)) return undefined;
  const updated = await db
    .updateTable('transactions')
    .set({ payment_lease_id: input.lease.id, payment_lease_transition: input.lease.transition, payment_lease_until: input.lease.until })
    .where('marketplace_id', '=', input.marketplaceId)
    .where('id', '=', input.transactionId)
    .where((eb) =>
      eb.or([eb('payment_lease_until', 'is', null), eb('payment_lease_until', '<=', input.now), eb('payment_lease_transition', '=', input.lease.transition)]),
    )
    .returning('id')
    .executeTakeFirst();
  if (updated) return true;
  const exists = await db.selectFrom('transactions').select('id').where('marketplace_id', '=', input.marketplaceId).where('id', '=', input.transactionId).executeTakeFirst();
  return exists ? false : undefined;
}

/** Clears the payment lease when `leaseId` still holds it. */
export async function clearPaymentLease(db: Executor, marketplaceId: string, transactionId: string, leaseId: string): Promise<void> {
  await db
    .updateTable('transactions')
    .set({ payment_lease_id: null, payment_lease_transition: null, payment_lease_until: null })
    .where('marketplace_id', '=', marketplaceId)
    .where('id', '=', transactionId)
    .where('payment_lease_id', '=', leaseId)
    .execute();
}

/** Transactions by id, in no particular order (unknown ids skipped). */
export async function selectTransactionsByIds(db: Executor, marketplaceId: string, ids: readonly string[]): Promise<Transaction[]> {
  const valid = uniqueUuids(ids);
  if (valid.length === 0) return [];
  const rows = await db
    .selectFrom('transactions')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('id', 'in', valid)
    .execute();
  return rows.map(toTransaction);
}

/** Who takes part in a transaction. */
export async function selectTransactionParties(db: Executor, marketplaceId: string, id: string): Promise<TransactionParties | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .selectFrom('transactions')
    .select(['id', 'customer_id', 'provider_id', 'listing_id', 'process_name'])
    .where('marketplace_id', '=', marketplaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row
    ? { id: row.id, customerId: row.customer_id, providerId: row.provider_id, listingId: row.listing_id, processName: row.process_name }
    : undefined;
}

/** Records the time of the transaction's newest message (never moves it back). */
export async function setLastMessageAt(trx: Trx, marketplaceId: string, id: string, at: Date): Promise<void> {
  await trx
    .updateTable('transactions')
    .set({ last_message_at: sql<Date>`greatest(coalesce(last_message_at, ${at}), ${at})` })
    .where('marketplace_id', '=', marketplaceId)
    .where('id', '=', id)
    .execute();
}
