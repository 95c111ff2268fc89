/**
 * Shared steps of the payment actions of transaction processes (domain §2.8): the engine-facing
 * functions in create-payment-intent.ts, confirm-payment-intent.ts, capture-payment-intent.ts,
 * refund-payment.ts and create-payout.ts use these.
 */
import { DomainError, conflict } from '../errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Db } from '../../store/db.ts';
import { callProvider, type PaymentAccount, type PaymentsDeps, type TransactionPayment } from './payments.ts';
import { selectAccountByUser, selectTransactionPayment, updateAccountSnapshot, upsertTransactionPayment } from './payments.store.ts';
import type { PaymentProvider, ProviderPaymentIntent } from './provider.ts';

/** What every payment action receives from the engine. */
export interface PaymentActionContext {
  marketplaceId: string;
  transactionId: string;
}

/** The transaction's payment, else conflict `transaction-payment-not-found`. */
export async function requireTransactionPayment(db: Db, ctx: PaymentActionContext, action: string): Promise<TransactionPayment> {
  const payment = await selectTransactionPayment(db, ctx.marketplaceId, ctx.transactionId);
  if (!payment) {
    throw conflict('transaction-payment-not-found', `${action} needs the transaction's payment intent, and the transaction has none (run stripe-create-payment-intent first).`);
  }
  return payment;
}

/** The intent's status moved somewhere the action cannot go from. */
export const invalidIntentStatus = (payment: Pick<TransactionPayment, 'intentId'>, status: string, expected: string): DomainError =>
  new DomainError('conflict', 'stripe-invalid-payment-intent-status', `The payment intent ${payment.intentId} is ${status}; this action needs it ${expected}.`, {
    meta: { stripePaymentIntentStatus: status },
  });

/**
 * The seller's connected account, usable for `need` (charges or payouts). A stored "disabled" view
 * may be stale (webhooks are optional), so it is refreshed from the provider before refusing.
 * Throws conflict `transaction-missing-stripe-account`, `transaction-stripe-account-disabled-charges`
 * / `-payouts`.
 */
export async function usableSellerAccount(db: Db, deps: PaymentsDeps, provider: PaymentProvider, q: { marketplaceId: string; userId: string; need: 'charges' | 'payouts' }): Promise<PaymentAccount> {
  const account = await selectAccountByUser(db, q.marketplaceId, q.userId);
  if (!account || account.provider !== provider.kind) {
    throw conflict('transaction-missing-stripe-account', 'The provider has no Stripe account; they must set up payouts (stripe_account/create) first.');
  }
  const enabled = (a: { chargesEnabled: boolean; payoutsEnabled: boolean }) => (q.need === 'charges' ? a.chargesEnabled : a.payoutsEnabled);
  if (enabled(account)) return account;
  const fresh = await callProvider('account', () => provider.retrieveAccount(account.accountId));
  const now = deps.clock.now();
  await updateAccountSnapshot(db, { marketplaceId: q.marketplaceId, provider: account.provider, accountId: account.accountId, chargesEnabled: fresh.chargesEnabled, payoutsEnabled: fresh.payoutsEnabled, data: fresh.data, syncedAt: now, now });
  if (!enabled(fresh)) {
    throw q.need === 'charges'
      ? conflict('transaction-stripe-account-disabled-charges', 'The provider\'s Stripe account cannot accept charges yet (its verification is incomplete).')
      : conflict('transaction-stripe-account-disabled-payouts', 'The provider\'s Stripe account cannot receive payouts yet (no bank account or incomplete verification).');
  }
  return { ...account, chargesEnabled: fresh.chargesEnabled, payoutsEnabled: fresh.payoutsEnabled, data: fresh.data };
}

/** Records a freshly created intent as the transaction's payment. */
export async function recordNewIntent(db: Db, deps: PaymentsDeps, ctx: PaymentActionContext, q: { provider: PaymentProvider; intent: ProviderPaymentIntent; currency: string; payoutAmount: number; destinationAccountId: string }): Promise<TransactionPayment> {
  const { intent } = q;
  return upsertTransactionPayment(db, {
    id: newId(),
    marketplaceId: ctx.marketplaceId,
    transactionId: ctx.transactionId,
    provider: q.provider.kind,
    intentId: intent.id,
    clientSecret: intent.clientSecret,
    status: intent.status,
    captureMethod: intent.captureMethod,
    amount: intent.amount,
    currency: q.currency,
    payoutAmount: q.payoutAmount,
    destinationAccountId: q.destinationAccountId,
    customerId: intent.customerId,
    paymentMethodId: intent.paymentMethodId,
    amountCaptured: intent.amountReceived,
    amountRefunded: 0,
    payoutId: null,
    payoutStatus: null,
    now: deps.clock.now(),
  });
}
