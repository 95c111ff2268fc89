import type { Db } from '../../store/db.ts';
import { assertOutsideTransaction, callProvider, type PaymentActionResult, type PaymentsDeps, type TransactionPayment } from './payments.ts';
import { selectScheduledPayouts, updateTransactionPayment } from './payments.store.ts';
import { decodeCreatePayout, decodePayout, encodeCreatePayout, encodePayout } from './provider-codec.ts';
import { PaymentProviderError, type PaymentProvider } from './provider.ts';
import { requirePaymentProvider } from './resolve-provider.ts';
import { runProviderOperation } from './run-provider-operation.ts';
import { schedulePayoutRetry } from './schedule-payout-retry.ts';
import { invalidIntentStatus, requireTransactionPayment, usableSellerAccount, type PaymentActionContext } from './transaction-payment.ts';

/** Pays out one payment's seller share; `scheduled` when the seller's funds are not available yet. */
async function payOut(db: Db, deps: PaymentsDeps, provider: PaymentProvider, payment: TransactionPayment): Promise<TransactionPayment> {
  const sync = { marketplaceId: payment.marketplaceId, provider: payment.provider, intentId: payment.intentId };
  try {
    const payout = await runProviderOperation(db, deps.clock, {
      marketplaceId: payment.marketplaceId,
      subjectId: payment.transactionId,
      action: 'stripe-create-payout',
      provider: provider.kind,
      request: encodeCreatePayout({
        accountId: payment.destinationAccountId,
        amount: payment.payoutAmount,
        currency: payment.currency.toLowerCase(),
        metadata: { 'bazaar-transaction-id': payment.transactionId },
      }),
      send: (stored, idempotencyKey) => provider.createPayout(decodeCreatePayout(stored), { idempotencyKey }),
      encode: encodePayout,
      decode: decodePayout,
    });
    const now = deps.clock.now();
    return (await updateTransactionPayment(db, { ...sync, syncedAt: now, now }, { payoutId: payout.id, payoutStatus: payout.status })) ?? { ...payment, payoutId: payout.id, payoutStatus: payout.status };
  } catch (err) {
    // Captured funds reach the seller's balance as pending and become available days later (at
    // Stripe): the payout waits, and retryScheduledPayouts sends it when they are.
    // The worker's payout-retry job (schedule-payout-retry.ts) is scheduled with the status.
    if (err instanceof PaymentProviderError && err.code === 'balance_insufficient') {
      const now = deps.clock.now();
      const updated = await db.transaction().execute(async (trx) => {
        const row = await updateTransactionPayment(trx, { ...sync, syncedAt: now, now }, { payoutStatus: 'scheduled' });
        await schedulePayoutRetry(trx, { marketplaceId: payment.marketplaceId, now });
        return row;
      });
      return updated ?? { ...payment, payoutStatus: 'scheduled' };
    }
    throw err;
  }
}

/**
 * Payment action `stripe-create-payout`: pays the seller's share (the payout total) from their
 * connected account to their bank account — at once, or scheduled (`payoutStatus: scheduled`) when
 * the captured funds are not available yet. Nothing to do for a zero payout or when already paid
 * out. Returns no protectedData changes.
 *
 * Throws conflict `transaction-payment-not-found`, `stripe-invalid-payment-intent-status` (nothing
 * captured), `transaction-missing-stripe-account`, `transaction-stripe-account-disabled-payouts`,
 * `payment-provider-unavailable`, `payment-provider-error`.
 */
export async function createPayout(db: Db, deps: PaymentsDeps, input: PaymentActionContext & { providerId: string }): Promise<PaymentActionResult> {
  assertOutsideTransaction(db);
  const payment = await requireTransactionPayment(db, input, 'stripe-create-payout');
  if (payment.payoutId !== null || payment.payoutStatus === 'scheduled' || payment.payoutAmount === 0) return { protectedData: {}, payment };
  if (payment.status !== 'succeeded' || payment.amountRefunded > 0) throw invalidIntentStatus(payment, payment.amountRefunded > 0 ? 'refunded' : payment.status, 'captured (succeeded)');
  const provider = await requirePaymentProvider(db, deps, { marketplaceId: input.marketplaceId });
  await usableSellerAccount(db, deps, provider, { marketplaceId: input.marketplaceId, userId: input.providerId, need: 'payouts' });
  return { protectedData: {}, payment: await callProvider('transaction', () => payOut(db, deps, provider, payment)) };
}

/**
 * Sends the payouts that waited for funds (`payoutStatus: scheduled`), oldest first. The worker's
 * `payments/retry-payouts` job calls it; a payout still short of funds stays scheduled and
 * schedules the next run. Returns the payments it paid out; those still short
 * of funds stay scheduled, and a provider that does not answer stops the batch (retried next run).
 */
export async function retryScheduledPayouts(db: Db, deps: PaymentsDeps, input: { marketplaceId: string; limit?: number }): Promise<TransactionPayment[]> {
  assertOutsideTransaction(db);
  const waiting = await selectScheduledPayouts(db, input.marketplaceId, input.limit ?? 50);
  if (waiting.length === 0) return [];
  const provider = await requirePaymentProvider(db, deps, { marketplaceId: input.marketplaceId });
  const paid: TransactionPayment[] = [];
  for (const payment of waiting) {
    const after = await payOut(db, deps, provider, payment);
    if (after.payoutId !== null) paid.push(after);
  }
  return paid;
}
