import type { Db } from '../../store/db.ts';
import { assertOutsideTransaction, callProvider, type PaymentActionResult, type PaymentsDeps } from './payments.ts';
import { updateTransactionPayment } from './payments.store.ts';
import { decodePaymentIntent, encodePaymentIntent } from './provider-codec.ts';
import type { ProviderPaymentIntent } from './provider.ts';
import { requirePaymentProvider } from './resolve-provider.ts';
import { runProviderOperation } from './run-provider-operation.ts';
import { invalidIntentStatus, requireTransactionPayment, type PaymentActionContext } from './transaction-payment.ts';

/** Statuses of an intent the buyer has confirmed: card authorised, or (push) paid or being paid. */
const CONFIRMED = new Set(['requires_capture', 'succeeded', 'processing']);

/**
 * Payment action `stripe-confirm-payment-intent`: makes sure the transaction's intent is confirmed.
 * Normally the buyer's browser confirmed it already (Stripe.js `confirmCardPayment`, or the test
 * provider's confirm endpoint); an intent created with a payment method but not yet confirmed is
 * confirmed here, server side, with the same idempotency discipline as every payment call.
 * Returns `{stripePaymentIntents: null}`: the client secret leaves protectedData once it is spent.
 *
 * Throws payment-failed 402 `transaction-payment-failed` (the card was declined: `meta.stripeMessage`
 * / `stripeCode`), conflict `stripe-invalid-payment-intent-status` (no payment method yet, the card
 * needs the buyer to authenticate first — `meta.stripePaymentIntentStatus: requires_action` — or the
 * intent was cancelled), `transaction-payment-not-found`, `payment-provider-unavailable`.
 */
export async function confirmPaymentIntent(db: Db, deps: PaymentsDeps, input: PaymentActionContext): Promise<PaymentActionResult> {
  assertOutsideTransaction(db);
  const payment = await requireTransactionPayment(db, input, 'stripe-confirm-payment-intent');
  const provider = await requirePaymentProvider(db, deps, { marketplaceId: input.marketplaceId });
  let intent: ProviderPaymentIntent = await callProvider('transaction', () => provider.retrievePaymentIntent(payment.intentId));
  if (intent.status === 'requires_confirmation') {
    intent = await callProvider('transaction', () =>
      runProviderOperation(db, deps.clock, {
        marketplaceId: input.marketplaceId,
        subjectId: input.transactionId,
        action: 'stripe-confirm-payment-intent',
        provider: provider.kind,
        request: { paymentIntentId: payment.intentId },
        send: (_stored, idempotencyKey) => provider.confirmPaymentIntent(payment.intentId, { idempotencyKey }),
        encode: encodePaymentIntent,
        decode: decodePaymentIntent,
      }),
    );
  }
  const now = deps.clock.now();
  const updated = await updateTransactionPayment(
    db,
    { marketplaceId: input.marketplaceId, provider: payment.provider, intentId: payment.intentId, syncedAt: now, now },
    { status: intent.status, paymentMethodId: intent.paymentMethodId, amountCaptured: intent.amountReceived },
  );
  if (!CONFIRMED.has(intent.status)) throw invalidIntentStatus(payment, intent.status, 'confirmed by the buyer (requires_capture)');
  return { protectedData: { stripePaymentIntents: null }, payment: updated ?? { ...payment, status: intent.status } };
}
