import { conflict } from '../errors.ts';
import type { Db } from '../../store/db.ts';
import { assertOutsideTransaction, callProvider, type PaymentActionResult, type PaymentsDeps } from './payments.ts';
import { selectAccountByUser, updateTransactionPayment } from './payments.store.ts';
import { decodePaymentIntent, encodePaymentIntent } from './provider-codec.ts';
import { requirePaymentProvider } from './resolve-provider.ts';
import { runProviderOperation } from './run-provider-operation.ts';
import { invalidIntentStatus, requireTransactionPayment, type PaymentActionContext } from './transaction-payment.ts';

/**
 * Payment action `stripe-capture-payment-intent`: captures the authorised payment in full, which
 * moves the seller's share to their connected account and the commission to the platform. A no-op
 * for push intents (captured on confirmation) and for an intent already captured (a retried
 * transition). Returns no protectedData changes.
 *
 * Throws conflict `transaction-payment-not-found`, `transaction-missing-stripe-account` (the
 * provider has no connected account), `stripe-invalid-payment-intent-status` (not authorised),
 * `payment-provider-unavailable`.
 */
export async function capturePaymentIntent(db: Db, deps: PaymentsDeps, input: PaymentActionContext & { providerId: string }): Promise<PaymentActionResult> {
  assertOutsideTransaction(db);
  const payment = await requireTransactionPayment(db, input, 'stripe-capture-payment-intent');
  const provider = await requirePaymentProvider(db, deps, { marketplaceId: input.marketplaceId });
  // Capture needs the seller's account to exist (its transfer goes there); whether it may take new
  // charges no longer matters.
  const seller = await selectAccountByUser(db, input.marketplaceId, input.providerId);
  if (!seller || seller.provider !== provider.kind) throw conflict('transaction-missing-stripe-account', 'The provider has no Stripe account to receive the payment.');
  if (payment.captureMethod === 'automatic') return { protectedData: {}, payment };
  const current = await callProvider('transaction', () => provider.retrievePaymentIntent(payment.intentId));
  const intent =
    current.status === 'succeeded'
      ? current
      : current.status === 'requires_capture'
        ? await callProvider('transaction', () =>
            runProviderOperation(db, deps.clock, {
              marketplaceId: input.marketplaceId,
              subjectId: input.transactionId,
              action: 'stripe-capture-payment-intent',
              provider: provider.kind,
              request: { paymentIntentId: payment.intentId },
              send: (_stored, idempotencyKey) => provider.capturePaymentIntent(payment.intentId, { idempotencyKey }),
              encode: encodePaymentIntent,
              decode: decodePaymentIntent,
            }),
          )
        : undefined;
  if (!intent) throw invalidIntentStatus(payment, current.status, 'authorised (requires_capture)');
  const now = deps.clock.now();
  const updated = await updateTransactionPayment(
    db,
    { marketplaceId: input.marketplaceId, provider: payment.provider, intentId: payment.intentId, syncedAt: now, now },
    { status: intent.status, amountCaptured: intent.amountReceived },
  );
  return { protectedData: {}, payment: updated ?? { ...payment, status: intent.status, amountCaptured: intent.amountReceived } };
}
