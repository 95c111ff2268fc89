/**
 * Payments (domain §2.8, catalogue §3.10, §5.15): a provider-neutral payment interface with two
 * providers (the built-in `test` provider and Stripe), sellers' connected accounts, buyers'
 * customers and saved cards, each transaction's payment intent, and the payment actions of
 * transaction processes.
 *
 * Unlike other modules, these use cases take the `Db`, not a `Trx`: they call the provider over the
 * network, which must never happen inside a database transaction (it would hold row locks — and
 * PGlite's only connection — while waiting). They call the provider first and record its answer in
 * short transactions of their own; every provider call carries an idempotency key, and the
 * payment actions go through an operation log (see run-provider-operation.ts and
 * docs/architecture.md, "Payments").
 *
 * For the process engine: run the payment actions of a transition BEFORE opening the transition's
 * database transaction, in action order, then write their `protectedData` changes in it. A failure
 * throws a DomainError and leaves nothing to undo in the database; a retried transition reuses the
 * same idempotency keys, so nothing is charged twice.
 */
export type {
  PaymentAccount,
  PaymentActionName,
  PaymentActionResult,
  PaymentCustomer,
  PaymentProviderName,
  PaymentSettings,
  PaymentsDeps,
  ProtectedDataChanges,
  StoredPaymentMethod,
  StripeConnection,
  TransactionPayment,
} from './payments.ts';
export { createPaymentsDeps, idempotencyKeyOf } from './payments.ts';
export type { PaymentProvider, PaymentIntentStatus, ProviderKind, ConnectedAccount } from './provider.ts';
export { PaymentProviderError } from './provider.ts';
export { findPaymentProvider, requirePaymentProvider, testPaymentsBase, type ProviderScope } from './resolve-provider.ts';
export { PAYMENT_PROVIDERS, configurePayments, showPaymentSettings, type PaymentSettingsChange } from './configure-payments.ts';
export { sealSecret, openSecret, secretHint } from './sealed-secret.ts';

// Marketplace API use cases (stripe_account/*, stripe_customer/*, …)
export type { PaymentActor } from './stripe-account.ts';
export { createStripeAccount, type CreateStripeAccountInput } from './create-stripe-account.ts';
export { fetchStripeAccount } from './fetch-stripe-account.ts';
export { updateStripeAccount, type UpdateStripeAccountInput } from './update-stripe-account.ts';
export { deleteStripeAccount } from './delete-stripe-account.ts';
export { createStripeAccountLink, type CreateAccountLinkInput } from './create-stripe-account-link.ts';
export { createStripePerson } from './create-stripe-person.ts';
export { createStripeSetupIntent } from './create-stripe-setup-intent.ts';
export { createStripeCustomer } from './create-stripe-customer.ts';
export { addStripePaymentMethod } from './add-stripe-payment-method.ts';
export { deleteStripePaymentMethod } from './delete-stripe-payment-method.ts';

// Reads for presenters (users' stripeAccount / stripeCustomer / stripeConnected)
export {
  selectAccountByUser as findPaymentAccountByUser,
  selectAccountsByUsers as findPaymentAccountsByUsers,
  selectCustomerByUser as findPaymentCustomerByUser,
  selectCustomersByUsers as findPaymentCustomersByUsers,
  selectTransactionPayment as findTransactionPayment,
  selectTransactionPayments as findTransactionPayments,
  selectOperations as findPaymentOperations,
  type PaymentOperation,
} from './payments.store.ts';

// Payment actions of transaction processes (called by the process engine)
export type { PaymentActionContext } from './transaction-payment.ts';
export { createPaymentIntentForTransaction, type CreatePaymentIntentForTransactionInput } from './create-payment-intent.ts';
export { confirmPaymentIntent } from './confirm-payment-intent.ts';
export { capturePaymentIntent } from './capture-payment-intent.ts';
export { refundPayment } from './refund-payment.ts';
export { createPayout, retryScheduledPayouts } from './create-payout.ts';
export { PAYOUT_RETRY_JOB, PAYOUT_RETRY_INTERVAL_MS, payoutRetryRunAt } from './schedule-payout-retry.ts';

// Provider callbacks
export { handleStripeWebhook, type StripeWebhookResult } from './handle-stripe-webhook.ts';
export {
  retrieveTestPaymentIntent,
  confirmTestPaymentIntent,
  authenticateTestPaymentIntent,
  retrieveTestSetupIntent,
  confirmTestSetupIntent,
  authenticateTestSetupIntent,
  createTestToken,
  completeTestOnboarding,
  type StandInResult,
  type IntentAccess,
  type TestTokenInput,
} from './test-provider/stripe-js-stand-in.ts';
export { TEST_CARDS, DECLINE_MESSAGES } from './test-provider/test-cards.ts';
