/** SQL of payments: the only code touching the payment tables (the test provider has its own store). */
import type { Selectable } from 'kysely';
import type { Db, Executor, Trx } from '../../store/db.ts';
import type {
  ConnectedProviderName,
  PaymentAccountsTable,
  PaymentCustomersTable,
  PaymentJsonObject,
  PaymentOperationState,
  PaymentOperationsTable,
  PaymentProviderName,
  PaymentSettingsTable,
  StoredPaymentMethod,
  TransactionPaymentsTable,
} from '../../store/tables/payments.ts';
import { isUuid, uniqueUuids } from '../../lib/ids.ts';
import { isPaymentIntentStatus } from './provider.ts';
import type { PaymentAccount, PaymentCustomer, TransactionPayment } from './payments.ts';

// ---- settings

export type PaymentSettingsRow = Selectable<PaymentSettingsTable>;

export async function selectPaymentSettings(db: Executor, marketplaceId: string): Promise<PaymentSettingsRow | undefined> {
  return db.selectFrom('payment_settings').selectAll().where('marketplace_id', '=', marketplaceId).executeTakeFirst();
}

/** Locks the settings row (creating it as `none` first), so concurrent changes apply one after the other. */
export async function lockPaymentSettings(trx: Trx, marketplaceId: string, now: Date): Promise<PaymentSettingsRow> {
  await trx.insertInto('payment_settings').values({ marketplace_id: marketplaceId, provider: 'none', updated_at: now }).onConflict((oc) => oc.column('marketplace_id').doNothing()).execute();
  return trx.selectFrom('payment_settings').selectAll().where('marketplace_id', '=', marketplaceId).forUpdate().executeTakeFirstOrThrow();
}

export async function updatePaymentSettings(
  trx: Trx,
  marketplaceId: string,
  values: { provider: PaymentProviderName; stripeSecretKey: string | null; stripeWebhookSecret: string | null; now: Date },
): Promise<PaymentSettingsRow> {
  return trx
    .updateTable('payment_settings')
    .set({ provider: values.provider, stripe_secret_key: values.stripeSecretKey, stripe_webhook_secret: values.stripeWebhookSecret, updated_at: values.now })
    .where('marketplace_id', '=', marketplaceId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

// ---- connected accounts

const toAccount = (row: Selectable<PaymentAccountsTable>): PaymentAccount => ({
  id: row.id,
  marketplaceId: row.marketplace_id,
  userId: row.user_id,
  provider: row.provider,
  accountId: row.account_id,
  chargesEnabled: row.charges_enabled,
  payoutsEnabled: row.payouts_enabled,
  data: row.data,
  createdAt: row.created_at,
});

export async function selectAccountByUser(db: Executor, marketplaceId: string, userId: string): Promise<PaymentAccount | undefined> {
  if (!isUuid(userId)) return undefined;
  const row = await db.selectFrom('payment_accounts').selectAll().where('marketplace_id', '=', marketplaceId).where('user_id', '=', userId).executeTakeFirst();
  return row && toAccount(row);
}

export async function selectAccountsByUsers(db: Executor, marketplaceId: string, userIds: readonly string[]): Promise<PaymentAccount[]> {
  const ids = uniqueUuids(userIds);
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('payment_accounts').selectAll().where('marketplace_id', '=', marketplaceId).where('user_id', 'in', ids).execute();
  return rows.map(toAccount);
}

export async function selectAccountByProviderId(db: Executor, marketplaceId: string, provider: ConnectedProviderName, accountId: string): Promise<PaymentAccount | undefined> {
  const row = await db
    .selectFrom('payment_accounts')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('provider', '=', provider)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row && toAccount(row);
}

/** Inserts the user's account; undefined when the user already has one (a concurrent create won). */
export async function insertAccount(
  trx: Trx,
  a: { id: string; marketplaceId: string; userId: string; provider: ConnectedProviderName; accountId: string; chargesEnabled: boolean; payoutsEnabled: boolean; data: PaymentJsonObject; now: Date },
): Promise<PaymentAccount | undefined> {
  const row = await trx
    .insertInto('payment_accounts')
    .values({
      id: a.id,
      marketplace_id: a.marketplaceId,
      user_id: a.userId,
      provider: a.provider,
      account_id: a.accountId,
      charges_enabled: a.chargesEnabled,
      payouts_enabled: a.payoutsEnabled,
      data: JSON.stringify(a.data),
      synced_at: a.now,
      created_at: a.now,
      updated_at: a.now,
    })
    .onConflict((oc) => oc.columns(['marketplace_id', 'user_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toAccount(row);
}

/**
 * Stores a fresher view of an account. `syncedAt` is when the provider produced it (a webhook
 * event's time, or now for a fetch): an older view never overwrites a newer one.
 */
export async function updateAccountSnapshot(
  db: Executor,
  a: { marketplaceId: string; provider: ConnectedProviderName; accountId: string; chargesEnabled: boolean; payoutsEnabled: boolean; data: PaymentJsonObject; syncedAt: Date; now: Date },
): Promise<PaymentAccount | undefined> {
  const row = await db
    .updateTable('payment_accounts')
    .set({ charges_enabled: a.chargesEnabled, payouts_enabled: a.payoutsEnabled, data: JSON.stringify(a.data), synced_at: a.syncedAt, updated_at: a.now })
    .where('marketplace_id', '=', a.marketplaceId)
    .where('provider', '=', a.provider)
    .where('account_id', '=', a.accountId)
    .where((eb) => eb.or([eb('synced_at', 'is', null), eb('synced_at', '<=', a.syncedAt)]))
    .returningAll()
    .executeTakeFirst();
  return row && toAccount(row);
}

export async function deleteAccountRow(trx: Trx, marketplaceId: string, id: string): Promise<void> {
  await trx.deleteFrom('payment_accounts').where('marketplace_id', '=', marketplaceId).where('id', '=', id).execute();
}

// ---- customers

const toCustomer = (row: Selectable<PaymentCustomersTable>): PaymentCustomer => ({
  id: row.id,
  marketplaceId: row.marketplace_id,
  userId: row.user_id,
  provider: row.provider,
  customerId: row.customer_id,
  defaultPaymentMethod: row.default_payment_method,
});

export async function selectCustomerByUser(db: Executor, marketplaceId: string, userId: string): Promise<PaymentCustomer | undefined> {
  if (!isUuid(userId)) return undefined;
  const row = await db.selectFrom('payment_customers').selectAll().where('marketplace_id', '=', marketplaceId).where('user_id', '=', userId).executeTakeFirst();
  return row && toCustomer(row);
}

export async function selectCustomersByUsers(db: Executor, marketplaceId: string, userIds: readonly string[]): Promise<PaymentCustomer[]> {
  const ids = uniqueUuids(userIds);
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('payment_customers').selectAll().where('marketplace_id', '=', marketplaceId).where('user_id', 'in', ids).execute();
  return rows.map(toCustomer);
}

/** Inserts the user's customer; undefined when the user already has one. */
export async function insertCustomer(
  trx: Trx,
  c: { id: string; marketplaceId: string; userId: string; provider: ConnectedProviderName; customerId: string; defaultPaymentMethod: StoredPaymentMethod | null; now: Date },
): Promise<PaymentCustomer | undefined> {
  const row = await trx
    .insertInto('payment_customers')
    .values({
      id: c.id,
      marketplace_id: c.marketplaceId,
      user_id: c.userId,
      provider: c.provider,
      customer_id: c.customerId,
      default_payment_method: c.defaultPaymentMethod === null ? null : JSON.stringify(c.defaultPaymentMethod),
      created_at: c.now,
      updated_at: c.now,
    })
    .onConflict((oc) => oc.columns(['marketplace_id', 'user_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toCustomer(row);
}

export async function updateCustomerDefaultPaymentMethod(trx: Trx, marketplaceId: string, id: string, method: StoredPaymentMethod | null, now: Date): Promise<PaymentCustomer> {
  const row = await trx
    .updateTable('payment_customers')
    .set({ default_payment_method: method === null ? null : JSON.stringify(method), updated_at: now })
    .where('marketplace_id', '=', marketplaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCustomer(row);
}

/** Locks the customer row: add/delete of the default payment method apply one at a time. */
export async function lockCustomer(trx: Trx, marketplaceId: string, id: string): Promise<PaymentCustomer | undefined> {
  const row = await trx.selectFrom('payment_customers').selectAll().where('marketplace_id', '=', marketplaceId).where('id', '=', id).forUpdate().executeTakeFirst();
  return row && toCustomer(row);
}

// ---- transaction payments

const toPayment = (row: Selectable<TransactionPaymentsTable>): TransactionPayment => ({
  id: row.id,
  marketplaceId: row.marketplace_id,
  transactionId: row.transaction_id,
  provider: row.provider,
  intentId: row.intent_id,
  clientSecret: row.client_secret,
  status: isPaymentIntentStatus(row.status) ? row.status : 'requires_payment_method',
  captureMethod: row.capture_method,
  amount: row.amount,
  currency: row.currency,
  payoutAmount: row.payout_amount,
  destinationAccountId: row.destination_account_id,
  customerId: row.customer_id,
  paymentMethodId: row.payment_method_id,
  amountCaptured: row.amount_captured,
  amountRefunded: row.amount_refunded,
  payoutId: row.payout_id,
  payoutStatus: row.payout_status,
});

export async function selectTransactionPayment(db: Executor, marketplaceId: string, transactionId: string): Promise<TransactionPayment | undefined> {
  if (!isUuid(transactionId)) return undefined;
  const row = await db.selectFrom('transaction_payments').selectAll().where('marketplace_id', '=', marketplaceId).where('transaction_id', '=', transactionId).executeTakeFirst();
  return row && toPayment(row);
}

export async function selectTransactionPayments(db: Executor, marketplaceId: string, transactionIds: readonly string[]): Promise<TransactionPayment[]> {
  const ids = uniqueUuids(transactionIds);
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('transaction_payments').selectAll().where('marketplace_id', '=', marketplaceId).where('transaction_id', 'in', ids).execute();
  return rows.map(toPayment);
}

/**
 * Records the transaction's payment intent. A transaction has one: a newer intent (created after the
 * earlier one was declined) replaces the row.
 */
export async function upsertTransactionPayment(db: Executor, p: Omit<TransactionPayment, 'id'> & { id: string; now: Date }): Promise<TransactionPayment> {
  const values = {
    intent_id: p.intentId,
    client_secret: p.clientSecret,
    status: p.status,
    capture_method: p.captureMethod,
    amount: p.amount,
    currency: p.currency,
    payout_amount: p.payoutAmount,
    destination_account_id: p.destinationAccountId,
    customer_id: p.customerId,
    payment_method_id: p.paymentMethodId,
    amount_captured: p.amountCaptured,
    amount_refunded: p.amountRefunded,
    payout_id: p.payoutId,
    payout_status: p.payoutStatus,
    provider: p.provider,
    synced_at: p.now,
    updated_at: p.now,
  };
  const row = await db
    .insertInto('transaction_payments')
    .values({ id: p.id, marketplace_id: p.marketplaceId, transaction_id: p.transactionId, created_at: p.now, ...values })
    .onConflict((oc) => oc.columns(['marketplace_id', 'transaction_id']).doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPayment(row);
}

/** What a provider answer or webhook changes on a transaction's payment. */
export interface PaymentChanges {
  status?: string;
  paymentMethodId?: string | null;
  amountCaptured?: number;
  amountRefunded?: number;
  payoutId?: string | null;
  payoutStatus?: string | null;
}

/**
 * Applies changes to the payment of intent `intentId`. `syncedAt` orders updates: a webhook
 * describing an older state than what is stored is ignored. Returns the payment, or undefined
 * when none matched (unknown intent, or the update was older).
 */
export async function updateTransactionPayment(
  db: Executor,
  q: { marketplaceId: string; provider: ConnectedProviderName; intentId: string; syncedAt: Date; now: Date },
  changes: PaymentChanges,
): Promise<TransactionPayment | undefined> {
  const row = await db
    .updateTable('transaction_payments')
    .set({
      ...(changes.status !== undefined ? { status: changes.status } : {}),
      ...(changes.paymentMethodId !== undefined ? { payment_method_id: changes.paymentMethodId } : {}),
      ...(changes.amountCaptured !== undefined ? { amount_captured: changes.amountCaptured } : {}),
      ...(changes.amountRefunded !== undefined ? { amount_refunded: changes.amountRefunded } : {}),
      ...(changes.payoutId !== undefined ? { payout_id: changes.payoutId } : {}),
      ...(changes.payoutStatus !== undefined ? { payout_status: changes.payoutStatus } : {}),
      synced_at: q.syncedAt,
      updated_at: q.now,
    })
    .where('marketplace_id', '=', q.marketplaceId)
    .where('provider', '=', q.provider)
    .where('intent_id', '=', q.intentId)
    .where((eb) => eb.or([eb('synced_at', 'is', null), eb('synced_at', '<=', q.syncedAt)]))
    .returningAll()
    .executeTakeFirst();
  return row && toPayment(row);
}

/** Sets the payout status of the payment that paid out `payoutId` (payout webhooks). */
export async function updatePayoutStatus(db: Executor, q: { marketplaceId: string; provider: ConnectedProviderName; payoutId: string; status: string; now: Date }): Promise<TransactionPayment | undefined> {
  const row = await db
    .updateTable('transaction_payments')
    .set({ payout_status: q.status, updated_at: q.now })
    .where('marketplace_id', '=', q.marketplaceId)
    .where('provider', '=', q.provider)
    .where('payout_id', '=', q.payoutId)
    .returningAll()
    .executeTakeFirst();
  return row && toPayment(row);
}

/** Payments whose payout waits for the seller's funds to become available. */
export async function selectScheduledPayouts(db: Executor, marketplaceId: string, limit: number): Promise<TransactionPayment[]> {
  const rows = await db
    .selectFrom('transaction_payments')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('payout_status', '=', 'scheduled')
    .orderBy('updated_at')
    .limit(limit)
    .execute();
  return rows.map(toPayment);
}

/** Whether an account still has money in flight: authorised or captured payments not yet paid out or refunded. */
export async function accountHasOpenPayments(db: Executor, marketplaceId: string, provider: ConnectedProviderName, accountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('transaction_payments')
    .select('id')
    .where('marketplace_id', '=', marketplaceId)
    .where('provider', '=', provider)
    .where('destination_account_id', '=', accountId)
    .where((eb) =>
      eb.or([
        eb('status', 'in', ['requires_capture', 'processing']),
        eb.and([eb('status', '=', 'succeeded'), eb('payout_id', 'is', null), eb('amount_refunded', '<', eb.ref('amount_captured')), eb('payout_amount', '>', 0)]),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

// ---- operations (the outbox of provider calls)

export interface PaymentOperation {
  id: string;
  subjectId: string;
  action: string;
  attempt: number;
  idempotencyKey: string;
  provider: ConnectedProviderName;
  state: PaymentOperationState;
  request: PaymentJsonObject;
  result: PaymentJsonObject | null;
  error: PaymentJsonObject | null;
}

const toOperation = (row: Selectable<PaymentOperationsTable>): PaymentOperation => ({
  id: row.id,
  subjectId: row.subject_id,
  action: row.action,
  attempt: row.attempt,
  idempotencyKey: row.idempotency_key,
  provider: row.provider,
  state: row.state,
  request: row.request,
  result: row.result,
  error: row.error,
});

/** The latest attempt of an action for a subject (transaction). */
export async function selectLatestOperation(db: Executor, marketplaceId: string, subjectId: string, action: string): Promise<PaymentOperation | undefined> {
  const row = await db
    .selectFrom('payment_operations')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('subject_id', '=', subjectId)
    .where('action', '=', action)
    .orderBy('attempt', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toOperation(row);
}

/** All operations of a subject, oldest first (tests, reconciliation tools). */
export async function selectOperations(db: Executor, marketplaceId: string, subjectId: string): Promise<PaymentOperation[]> {
  const rows = await db
    .selectFrom('payment_operations')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('subject_id', '=', subjectId)
    .orderBy('created_at')
    .orderBy('action')
    .orderBy('attempt')
    .execute();
  return rows.map(toOperation);
}

/**
 * Records the intent to call the provider (committed before the call). Undefined when another
 * request inserted the same attempt first: the caller reports the transaction as locked.
 */
export async function insertPendingOperation(
  db: Db,
  op: { id: string; marketplaceId: string; subjectId: string; action: string; attempt: number; idempotencyKey: string; provider: ConnectedProviderName; request: PaymentJsonObject; now: Date },
): Promise<PaymentOperation | undefined> {
  const row = await db
    .insertInto('payment_operations')
    .values({
      id: op.id,
      marketplace_id: op.marketplaceId,
      subject_id: op.subjectId,
      action: op.action,
      attempt: op.attempt,
      idempotency_key: op.idempotencyKey,
      provider: op.provider,
      state: 'pending',
      request: JSON.stringify(op.request),
      created_at: op.now,
      updated_at: op.now,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toOperation(row);
}

/** Records the provider's definitive answer of a pending operation. */
export async function completeOperation(db: Executor, id: string, outcome: { state: 'succeeded'; result: PaymentJsonObject } | { state: 'failed'; error: PaymentJsonObject }, now: Date): Promise<void> {
  await db
    .updateTable('payment_operations')
    .set({
      state: outcome.state,
      result: outcome.state === 'succeeded' ? JSON.stringify(outcome.result) : null,
      error: outcome.state === 'failed' ? JSON.stringify(outcome.error) : null,
      updated_at: now,
      completed_at: now,
    })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .execute();
}

// ---- webhooks

/** Remembers a provider event; false when it was seen before (providers deliver at least once). */
export async function insertWebhookEvent(trx: Trx, e: { marketplaceId: string; eventId: string; type: string }): Promise<boolean> {
  const row = await trx
    .insertInto('payment_webhook_events')
    .values({ marketplace_id: e.marketplaceId, event_id: e.eventId, type: e.type })
    .onConflict((oc) => oc.doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return row !== undefined;
}
