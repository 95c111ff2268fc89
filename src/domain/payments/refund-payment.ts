import { conflict } from '../errors.ts';
import type { Db } from '../../store/db.ts';
import { assertOutsideTransaction, callProvider, type PaymentActionResult, type PaymentsDeps } from './payments.ts';
import { updateTransactionPayment } from './payments.store.ts';
import { decodePaymentIntent, decodeRefund, encodePaymentIntent, encodeRefund } from './provider-codec.ts';
import { requirePaymentProvider } from './resolve-provider.ts';
import { runProviderOperation } from './run-provider-operation.ts';
import { invalidIntentStatus, requireTransactionPayment, type PaymentActionContext } from './transaction-payment.ts';

/** Statuses in which no money was taken yet: the intent is cancelled (an authorisation released). */
const UNPAID = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture']);

/**
 * Payment action `stripe-refund-payment` (and its deprecated alias `stripe-refund-charge`): gives
 * the buyer their money back in full. An intent not yet captured is cancelled (the authorisation is
 * released); a captured one is refunded, taking back the seller's transfer and the commission.
 * Already cancelled or refunded: nothing to do. Returns no protectedData changes.
 *
 * Throws conflict `transaction-payment-not-found`, `transaction-already-paid-out` (the seller was
 * paid out: a refund would come from the platform), `stripe-invalid-payment-intent-status` (a push
 * payment still processing), `payment-provider-unavailable`.
 */
export async function refundPayment(db: Db, deps: PaymentsDeps, input: PaymentActionContext & { action?: 'stripe-refund-payment' | 'stripe-refund-charge' }): Promise<PaymentActionResult> {
  assertOutsideTransaction(db);
  const action = 'stripe-refund-payment';
  const payment = await requireTransactionPayment(db, input, input.action ?? action);
  if (payment.payoutId !== null) throw conflict('transaction-already-paid-out', 'The provider has been paid out for this transaction; it can no longer be refunded through the payment.');
  const provider = await requirePaymentProvider(db, deps, { marketplaceId: input.marketplaceId });
  const current = await callProvider('transaction', () => provider.retrievePaymentIntent(payment.intentId));
  const key = { marketplaceId: input.marketplaceId, subjectId: input.transactionId, action, provider: provider.kind };
  const now = () => deps.clock.now();
  const sync = { marketplaceId: input.marketplaceId, provider: payment.provider, intentId: payment.intentId };

  if (UNPAID.has(current.status)) {
    const cancelled = await callProvider('transaction', () =>
      runProviderOperation(db, deps.clock, {
        ...key,
        request: { cancel: payment.intentId },
        send: (_stored, idempotencyKey) => provider.cancelPaymentIntent(payment.intentId, { idempotencyKey }),
        encode: encodePaymentIntent,
        decode: decodePaymentIntent,
      }),
    );
    const t = now();
    const updated = await updateTransactionPayment(db, { ...sync, syncedAt: t, now: t }, { status: cancelled.status });
    return { protectedData: {}, payment: updated ?? { ...payment, status: cancelled.status } };
  }
  if (current.status === 'succeeded') {
    if (payment.amountRefunded >= current.amountReceived && current.amountReceived > 0) return { protectedData: {}, payment };
    const refund = await callProvider('transaction', () =>
      runProviderOperation(db, deps.clock, {
        ...key,
        request: { refund: payment.intentId },
        send: (_stored, idempotencyKey) => provider.refundPaymentIntent(payment.intentId, { idempotencyKey }),
        encode: encodeRefund,
        decode: decodeRefund,
      }),
    );
    const t = now();
    const updated = await updateTransactionPayment(db, { ...sync, syncedAt: t, now: t }, { status: 'succeeded', amountCaptured: current.amountReceived, amountRefunded: refund.amount });
    return { protectedData: {}, payment: updated ?? { ...payment, amountRefunded: refund.amount } };
  }
  if (current.status === 'canceled') {
    const t = now();
    const updated = await updateTransactionPayment(db, { ...sync, syncedAt: t, now: t }, { status: 'canceled' });
    return { protectedData: {}, payment: updated ?? { ...payment, status: 'canceled' } };
  }
  throw invalidIntentStatus(payment, current.status, 'authorised or paid');
}
