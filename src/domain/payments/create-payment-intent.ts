import { badRequest, conflict } from '../errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Money } from '../../lib/values.ts';
import type { Db } from '../../store/db.ts';
import { assertOutsideTransaction, callProvider, type PaymentActionResult, type PaymentsDeps } from './payments.ts';
import { insertCustomer, selectCustomerByUser } from './payments.store.ts';
import { decodeCreatePaymentIntent, decodePaymentIntent, encodeCreatePaymentIntent, encodePaymentIntent } from './provider-codec.ts';
import type { CreatePaymentIntentInput, PaymentProvider } from './provider.ts';
import { requirePaymentProvider } from './resolve-provider.ts';
import { runProviderOperation } from './run-provider-operation.ts';
import { recordNewIntent, usableSellerAccount, type PaymentActionContext } from './transaction-payment.ts';

export interface CreatePaymentIntentForTransactionInput extends PaymentActionContext {
  /** `stripe-create-payment-intent` (card, manual capture) or `-push` (captured on confirmation). */
  action?: 'stripe-create-payment-intent' | 'stripe-create-payment-intent-push';
  /** The buyer (transaction customer) and the seller (provider), as user ids. */
  customerId: string;
  providerId: string;
  /** The transaction's totals as the pricing actions computed them. */
  payinTotal: Money;
  payoutTotal: Money;
  /** Transition param `paymentMethod`: a `pm_…` id to attach to the intent (the buyer still confirms it). */
  paymentMethod?: string | null;
  /** Transition param `setupPaymentMethodForSaving`: keep the card on the buyer's customer for later. */
  setupPaymentMethodForSaving?: boolean;
  /** Action config `:use-customer-default-payment-method?`: charge the saved card off session, confirmed at once. */
  useCustomerDefaultPaymentMethod?: boolean;
  /** Transition param `paymentMethodTypes` of the push variant (e.g. `["card"]`, `["sepa_debit"]`). */
  paymentMethodTypes?: string[];
}

/** The buyer's customer id at this provider, created (without a card) when saving is asked for. */
async function buyerCustomer(db: Db, deps: PaymentsDeps, provider: PaymentProvider, input: CreatePaymentIntentForTransactionInput, create: boolean): Promise<string | null> {
  const existing = await selectCustomerByUser(db, input.marketplaceId, input.customerId);
  if (existing && existing.provider === provider.kind) return existing.customerId;
  if (!create) return null;
  const customer = await callProvider('customer', () =>
    provider.createCustomer({ email: null, paymentMethodId: null, metadata: { 'bazaar-user-id': input.customerId } }, { idempotencyKey: `bazaar:${input.customerId}:create-customer:for-${input.transactionId}` }),
  );
  const row = await db.transaction().execute((trx) =>
    insertCustomer(trx, { id: newId(), marketplaceId: input.marketplaceId, userId: input.customerId, provider: provider.kind, customerId: customer.id, defaultPaymentMethod: null, now: deps.clock.now() }),
  );
  return row?.customerId ?? (await selectCustomerByUser(db, input.marketplaceId, input.customerId))?.customerId ?? customer.id;
}

/**
 * Payment action `stripe-create-payment-intent` (and `-push`): creates the transaction's payment
 * intent — payin total charged as a destination charge to the seller's connected account, the
 * commission (payin − payout) kept as the application fee, card authorised now and captured later
 * (push: captured on confirmation). Returns the protectedData to merge:
 * `stripePaymentIntents.default = {stripePaymentIntentId, stripePaymentIntentClientSecret}`.
 *
 * Call it outside the transition's database transaction; a retry of the same transition reuses the
 * idempotency key and gets the same intent. Throws conflict `transaction-charge-zero-payin`,
 * `transaction-charge-zero-payout`, `transaction-payout-exceeds-payin`, `stripe-missing-api-key`,
 * `transaction-missing-stripe-account`, `transaction-stripe-account-disabled-charges`,
 * `stripe-customer-not-found` (default payment method asked, none saved),
 * `payment-provider-unavailable`; payment-failed 402 `transaction-payment-failed` (an off-session
 * charge of the saved card was declined); bad-request for mismatched currencies.
 */
export async function createPaymentIntentForTransaction(db: Db, deps: PaymentsDeps, input: CreatePaymentIntentForTransactionInput): Promise<PaymentActionResult> {
  assertOutsideTransaction(db);
  const action = input.action ?? 'stripe-create-payment-intent';
  const push = action === 'stripe-create-payment-intent-push';
  const { payinTotal: payin, payoutTotal: payout } = input;
  if (payin.currency !== payout.currency) throw badRequest('validation-invalid-params', 'The payin and payout totals must have the same currency.');
  if (payin.amount <= 0) throw conflict('transaction-charge-zero-payin', 'The payin total must be greater than zero to create a payment.');
  if (payout.amount <= 0) throw conflict('transaction-charge-zero-payout', 'The payout total must be greater than zero to create a payment.');
  if (payout.amount > payin.amount) throw conflict('transaction-payout-exceeds-payin', 'The payout total exceeds the payin total: the commission cannot be negative.');
  if (push && (input.paymentMethodTypes === undefined || input.paymentMethodTypes.length === 0)) {
    throw badRequest('validation-missing-key', 'stripe-create-payment-intent-push needs paymentMethodTypes.', { type: 'body', path: ['params', 'paymentMethodTypes'] });
  }

  const provider = await requirePaymentProvider(db, deps, { marketplaceId: input.marketplaceId });
  const seller = await usableSellerAccount(db, deps, provider, { marketplaceId: input.marketplaceId, userId: input.providerId, need: 'charges' });

  let paymentMethodId = input.paymentMethod ?? null;
  let customerId: string | null;
  if (input.useCustomerDefaultPaymentMethod) {
    const customer = await selectCustomerByUser(db, input.marketplaceId, input.customerId);
    if (!customer || customer.provider !== provider.kind) throw conflict('stripe-customer-not-found', 'The customer has no saved payment method (stripe_customer/create).');
    if (!customer.defaultPaymentMethod) throw conflict('stripe-customer-not-found', 'The customer\'s Stripe customer has no default payment method.');
    customerId = customer.customerId;
    paymentMethodId = customer.defaultPaymentMethod.paymentMethodId;
  } else {
    customerId = await buyerCustomer(db, deps, provider, input, input.setupPaymentMethodForSaving === true);
  }

  const request: CreatePaymentIntentInput = {
    amount: payin.amount,
    currency: payin.currency.toLowerCase(),
    applicationFeeAmount: payin.amount - payout.amount,
    destinationAccountId: seller.accountId,
    captureMethod: push ? 'automatic' : 'manual',
    paymentMethodTypes: push ? (input.paymentMethodTypes ?? []) : ['card'],
    customerId,
    paymentMethodId,
    confirmOffSession: input.useCustomerDefaultPaymentMethod === true,
    setupFutureUsage: input.setupPaymentMethodForSaving ? 'off_session' : null,
    metadata: { 'bazaar-transaction-id': input.transactionId, 'bazaar-marketplace-id': input.marketplaceId },
  };
  const intent = await callProvider('transaction', () =>
    runProviderOperation(db, deps.clock, {
      marketplaceId: input.marketplaceId,
      subjectId: input.transactionId,
      action,
      provider: provider.kind,
      request: encodeCreatePaymentIntent(request),
      send: (stored, idempotencyKey) => provider.createPaymentIntent(decodeCreatePaymentIntent(stored), { idempotencyKey }),
      encode: encodePaymentIntent,
      decode: decodePaymentIntent,
    }),
  );
  const payment = await recordNewIntent(db, deps, input, { provider, intent, currency: payin.currency, payoutAmount: payout.amount, destinationAccountId: seller.accountId });
  return {
    protectedData: { stripePaymentIntents: { default: { stripePaymentIntentId: intent.id, stripePaymentIntentClientSecret: intent.clientSecret } } },
    payment,
  };
}
