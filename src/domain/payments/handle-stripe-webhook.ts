import { badRequest, notFound } from '../errors.ts';
import { findMarketplaceBySlug } from '../marketplaces/index.ts';
import type { Db } from '../../store/db.ts';
import type { PaymentsDeps } from './payments.ts';
import { insertWebhookEvent, selectPaymentSettings, updateAccountSnapshot, updatePayoutStatus, updateTransactionPayment } from './payments.store.ts';
import type { ProviderEvent } from './provider.ts';
import { openSecret } from './sealed-secret.ts';

export interface StripeWebhookResult {
  eventId: string;
  type: string;
  /** False when the event was delivered before (Stripe retries until it gets a 2xx). */
  applied: boolean;
}

/**
 * A Stripe webhook for the marketplace `marketplaceSlug` (`POST /v1/webhooks/stripe/<slug>`): the
 * signature is checked against the marketplace's webhook secret, the event is applied once (events
 * are deduplicated by id) and only when it is newer than what is stored:
 * - `payment_intent.*` → the transaction payment's status and captured amount;
 * - `charge.refunded` → its refunded amount;
 * - `account.updated` → the seller account's charges/payouts flags and data;
 * - `payout.*` → the payout status.
 * Other events are acknowledged and ignored. Throws not-found (no such marketplace), bad-request
 * (no Stripe webhook secret configured, or a missing/invalid signature).
 */
export async function handleStripeWebhook(db: Db, deps: PaymentsDeps, input: { marketplaceSlug: string; payload: string; signature: string | undefined }): Promise<StripeWebhookResult> {
  const marketplace = await findMarketplaceBySlug(db, input.marketplaceSlug);
  if (!marketplace) throw notFound(`No marketplace "${input.marketplaceSlug}".`);
  const settings = await selectPaymentSettings(db, marketplace.id);
  if (!settings || settings.provider !== 'stripe' || settings.stripe_webhook_secret === null) {
    throw badRequest('bad-request', 'This marketplace has no Stripe webhook secret configured; the event cannot be verified.');
  }
  let secret: string;
  try {
    secret = openSecret(settings.stripe_webhook_secret, deps.secretsKey);
  } catch {
    throw badRequest('bad-request', 'The marketplace\'s webhook secret cannot be opened with this server\'s secrets key.');
  }
  const { parseStripeWebhook } = await import('./stripe-provider/stripe-webhook.ts');
  let event: ProviderEvent;
  try {
    event = parseStripeWebhook(input.payload, input.signature, secret, deps.clock.now().getTime());
  } catch (err) {
    throw badRequest('bad-request', err instanceof Error ? err.message : 'The webhook signature could not be verified.');
  }
  const marketplaceId = marketplace.id;
  const now = deps.clock.now();
  const applied = await db.transaction().execute(async (trx) => {
    if (!(await insertWebhookEvent(trx, { marketplaceId, eventId: event.id, type: event.type }))) return false;
    // Stripe stamps events to the second: an event is older than a stored view only when that view
    // is from a later second (a fetch at 12:00:00.5 does not hide an event of 12:00:00).
    const syncedAt = new Date(event.created.getTime() + 999);
    const q = { marketplaceId, provider: 'stripe' as const, syncedAt, now };
    switch (event.kind) {
      case 'payment-intent':
        await updateTransactionPayment(trx, { ...q, intentId: event.intent.id }, { status: event.intent.status, paymentMethodId: event.intent.paymentMethodId, amountCaptured: event.intent.amountReceived });
        break;
      case 'charge-refunded':
        await updateTransactionPayment(trx, { ...q, intentId: event.paymentIntentId }, { amountRefunded: event.amountRefunded });
        break;
      case 'account':
        await updateAccountSnapshot(trx, { ...q, accountId: event.account.id, chargesEnabled: event.account.chargesEnabled, payoutsEnabled: event.account.payoutsEnabled, data: event.account.data });
        break;
      case 'payout':
        await updatePayoutStatus(trx, { marketplaceId, provider: 'stripe', payoutId: event.payoutId, status: event.status, now });
        break;
      case 'other':
        break;
    }
    return true;
  });
  return { eventId: event.id, type: event.type, applied };
}
