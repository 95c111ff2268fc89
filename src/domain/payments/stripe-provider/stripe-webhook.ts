/**
 * Stripe webhooks: the `Stripe-Signature` header is checked against the marketplace's endpoint
 * secret (HMAC-SHA256 over `<timestamp>.<raw body>`, five minutes' tolerance) by the official
 * package, then the event is reduced to what Bazaar tracks.
 */
import Stripe from 'stripe';
import { PaymentProviderError, type ProviderEvent } from '../provider.ts';
import { toConnectedAccount, toPaymentIntent } from './stripe-provider.ts';

const idOf = (v: string | { id: string } | null): string | null => (v === null ? null : typeof v === 'string' ? v : v.id);

/**
 * Verifies and parses a Stripe webhook. `receivedAtMs` (Unix milliseconds) is when it arrived (the
 * server's clock). Throws PaymentProviderError `invalid-request` for a missing or bad signature,
 * a stale timestamp or a body that is not an event.
 */
export function parseStripeWebhook(payload: string, signature: string | undefined, secret: string, receivedAtMs: number): ProviderEvent {
  let event: Stripe.Event;
  try {
    if (signature === undefined || signature === '') throw new Error('No Stripe-Signature header.');
    event = Stripe.webhooks.constructEvent(payload, signature, secret, undefined, undefined, receivedAtMs);
  } catch (err) {
    throw new PaymentProviderError('invalid-request', `The webhook signature could not be verified: ${err instanceof Error ? err.message.split('\n')[0] : 'invalid'}`, {
      code: 'signature_verification_failed',
    });
  }
  const base = { id: event.id, type: event.type, created: new Date(event.created * 1000) };
  switch (event.type) {
    case 'payment_intent.amount_capturable_updated':
    case 'payment_intent.canceled':
    case 'payment_intent.payment_failed':
    case 'payment_intent.processing':
    case 'payment_intent.requires_action':
    case 'payment_intent.succeeded':
      return { ...base, kind: 'payment-intent', intent: toPaymentIntent(event.data.object) };
    case 'account.updated':
      return { ...base, kind: 'account', account: toConnectedAccount(event.data.object) };
    case 'charge.refunded': {
      const paymentIntentId = idOf(event.data.object.payment_intent);
      return paymentIntentId === null ? { ...base, kind: 'other' } : { ...base, kind: 'charge-refunded', paymentIntentId, amountRefunded: event.data.object.amount_refunded };
    }
    case 'payout.paid':
    case 'payout.failed':
    case 'payout.canceled':
    case 'payout.updated':
      return { ...base, kind: 'payout', payoutId: event.data.object.id, status: event.data.object.status };
    default:
      return { ...base, kind: 'other' };
  }
}
