/**
 * Acceptance (issue #7): the Stripe adapter runs the shared default-booking fixture's payment paths
 * against the local Stripe stand-in, with the marketplace configured `--payments stripe` (secret
 * key, webhook secret) — through the real SDKs for the main path and over HTTP for the rest:
 * - request-payment with `pm_card_visa` → a destination charge at the stand-in (manual capture,
 *   application fee = payin − payout) → confirm-payment → accept (capture) → complete by timer
 *   (payout on the connected account); money conserved, read from the stand-in's records;
 * - request-payment without a payment method, confirmed by "Stripe.js" at the stand-in →
 *   confirm-payment → decline: the authorisation is cancelled, nothing charged, the seat freed;
 * - accept → operator cancel (Integration SDK): refunded in full with the transfer and fee reversed;
 * - a declined card: 402 `transaction-payment-failed` with Stripe's message, nothing changed.
 * Expected amounts are computed here from the line items, not read from the code under test.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { group, integrationSdk, integrationSdkModule, loggedInSdk, sharetribeSdk, type MarketplaceSdk, type SdkResource, type SdkResponse } from '../support/sdk.ts';
import type { TestUser } from '../support/users.ts';
import { snapshot } from '../transactions/helpers.ts';
import { intentsOf, keyedRequestsOf, payoutsOf, refundsOf, renewStripeCallers, runStripeJobs, sellerBalance, startStripeWorld, stripePaymentOf, type StripeWorld } from './stripe-world.ts';
import { secretOf } from './fixture-world.ts';

const { UUID, Money, BigDecimal } = sharetribeSdk.types;
const IUUID = integrationSdkModule.types.UUID;

let w: StripeWorld;
let slot = 0;

before(async () => {
  w = await startStripeWorld();
});
after(async () => w.close());

const DAY = 86_400_000;
type Json = Record<string, unknown>;

// 2 h × 25 EUR; the customer pays 10 % on top (5 EUR), the provider gives 15 % (7.50 EUR).
const PAYIN = 2 * 2500 + 500;
const PAYOUT = 2 * 2500 - 750;
const HTTP_LINE_ITEMS = [
  { code: 'line-item/hour', unitPrice: { amount: 2500, currency: 'EUR' }, quantity: 2, includeFor: ['customer', 'provider'] },
  { code: 'line-item/customer-commission', unitPrice: { amount: 5000, currency: 'EUR' }, percentage: 10, includeFor: ['customer'] },
  { code: 'line-item/provider-commission', unitPrice: { amount: 5000, currency: 'EUR' }, percentage: -15, includeFor: ['provider'] },
];
const sdkLineItems = () => [
  { code: 'line-item/hour', unitPrice: new Money(2500, 'EUR'), quantity: new BigDecimal('2'), includeFor: ['customer', 'provider'] },
  { code: 'line-item/customer-commission', unitPrice: new Money(5000, 'EUR'), percentage: new BigDecimal('10'), includeFor: ['customer'] },
  { code: 'line-item/provider-commission', unitPrice: new Money(5000, 'EUR'), percentage: new BigDecimal('-15'), includeFor: ['provider'] },
];

/** A fresh two-hour slot 10+ days after the world's clock, so tests never compete for the seat. */
function nextSlot(): { bookingStart: Date; bookingEnd: Date } {
  slot += 1;
  const day = new Date(w.clock.now().getTime() + (10 + slot) * DAY);
  day.setUTCHours(10, 0, 0, 0);
  return { bookingStart: day, bookingEnd: new Date(day.getTime() + 2 * 3_600_000) };
}

const one = (res: SdkResponse): SdkResource => {
  assert.ok(!Array.isArray(res.data.data));
  return res.data.data;
};

/** A logged-in Marketplace SDK of the user; `trusted` exchanges the token (privileged transitions). */
const sdkOf = (u: TestUser, opts: { trusted?: boolean } = {}): Promise<MarketplaceSdk> =>
  loggedInSdk(w.server.baseUrl, w.m.marketplaceApp, u, opts);

const requestPayment = (times: { bookingStart: Date; bookingEnd: Date }, extra: Json = {}) =>
  w.asTrustedCustomer.post('transactions/initiate?expand=true&include=booking', {
    processAlias: 'default-booking/release-1',
    transition: 'transition/request-payment',
    params: { listingId: w.listingId, bookingStart: times.bookingStart.toISOString(), bookingEnd: times.bookingEnd.toISOString(), lineItems: HTTP_LINE_ITEMS, ...extra },
  });
const transition = (id: string, name: string, caller = w.asProvider) => caller.post('transactions/transition?expand=true&include=booking', { id, transition: name, params: {} });
const bookingOf = (res: { body: { included?: { type: string; attributes?: Record<string, unknown> }[] } }) => res.body.included?.find((r) => r.type === 'booking')?.attributes?.state;

/** What Stripe.js `confirmCardPayment(clientSecret, {payment_method})` sends to Stripe (here: the stand-in). */
async function stripeJsConfirm(intentId: string, paymentMethod: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(`http://127.0.0.1:${w.standIn.port}/v1/payment_intents/${intentId}/confirm`, {
    method: 'POST',
    headers: { authorization: `Bearer ${w.standIn.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ payment_method: paymentMethod }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

test('SDK: request-payment (destination charge, fee = payin − payout) → confirm-payment → accept (capture) → complete by timer (payout); money conserved at the stand-in', async () => {
  const times = nextSlot();
  const customer = group(await sdkOf(w.customer, { trusted: true }), 'transactions');
  const created = await customer.initiate!(
    { processAlias: 'default-booking/release-1', transition: 'transition/request-payment', params: { listingId: new UUID(w.listingId), ...times, lineItems: sdkLineItems(), paymentMethod: 'pm_card_visa' } },
    { expand: true },
  );
  const tx = one(created);
  const id = tx.id.uuid;
  assert.equal(tx.attributes.state, 'state/pending-payment');
  assert.deepEqual(tx.attributes.payinTotal, new Money(PAYIN, 'EUR'));
  assert.deepEqual(tx.attributes.payoutTotal, new Money(PAYOUT, 'EUR'));

  // One intent at Stripe: a destination charge to the seller, manual capture, the commission as fee.
  const intents = intentsOf(w, id);
  assert.equal(intents.length, 1);
  const pi = intents[0] ?? {};
  assert.deepEqual(
    [pi.amount, pi.currency, pi.capture_method, pi.status, pi.application_fee_amount, pi.transfer_data],
    [PAYIN, 'eur', 'manual', 'requires_confirmation', PAYIN - PAYOUT, { destination: w.sellerAccountId }],
  );
  const secret = secretOf(tx.attributes.protectedData);
  assert.deepEqual([secret.stripePaymentIntentId, secret.stripePaymentIntentClientSecret], [pi.id, pi.client_secret]);
  assert.deepEqual(keyedRequestsOf(w, id), [{ method: 'POST', path: '/v1/payment_intents', idempotencyKey: `bazaar:${id}:stripe-create-payment-intent:1` }]);

  const plainCustomer = group(await sdkOf(w.customer), 'transactions');
  const confirmed = one(await plainCustomer.transition!({ id: tx.id, transition: 'transition/confirm-payment', params: {} }, { expand: true }));
  assert.equal(confirmed.attributes.state, 'state/preauthorized');
  assert.equal((confirmed.attributes.protectedData as Json).stripePaymentIntents, undefined, 'the spent client secret left protected data');
  assert.deepEqual([pi.status, pi.amount_capturable], ['requires_capture', PAYIN]);

  const provider = group(await sdkOf(w.provider), 'transactions');
  const accepted = one(await provider.transition!({ id: tx.id, transition: 'transition/accept', params: {} }, { expand: true }));
  assert.equal(accepted.attributes.state, 'state/accepted');
  assert.deepEqual([pi.status, pi.amount_received], ['succeeded', PAYIN]);
  assert.equal(sellerBalance(w, 'eur'), PAYOUT, 'the seller got the payin minus the application fee');

  // complete: booking end + 2 days, run by the worker (the payout outside the job's transaction).
  w.clock.set(new Date(times.bookingEnd.getTime() + 2 * DAY + 1_000));
  await runStripeJobs(w);
  await renewStripeCallers(w);
  const integ = group(integrationSdk(w.server.baseUrl, w.m.integrationApp.clientId, w.m.integrationApp.clientSecret), 'transactions');
  const delivered = one(await integ.show!({ id: new IUUID(id) }));
  assert.equal(delivered.attributes.state, 'state/delivered');
  const payouts = payoutsOf(w, id);
  assert.equal(payouts.length, 1);
  assert.deepEqual([payouts[0]?.amount, payouts[0]?.currency, payouts[0]?.account], [PAYOUT, 'eur', w.sellerAccountId]);
  const payoutRequest = w.standIn.requests.find((r) => r.path === '/v1/payouts' && r.idempotencyKey === `bazaar:${id}:stripe-create-payout:1`);
  assert.equal(payoutRequest?.stripeAccount, w.sellerAccountId, 'paid out from the connected account (Stripe-Account header)');
  assert.equal(sellerBalance(w, 'eur'), 0);

  // Money conservation: captured = payin total, payout = payout total, commission = the difference.
  const payinTotal = delivered.attributes.payinTotal as { amount: number };
  const payoutTotal = delivered.attributes.payoutTotal as { amount: number };
  assert.deepEqual([pi.amount_received, payouts[0]?.amount, pi.application_fee_amount], [payinTotal.amount, payoutTotal.amount, payinTotal.amount - payoutTotal.amount]);
  const payment = await stripePaymentOf(w, id);
  assert.deepEqual([payment.provider, payment.amountCaptured, payment.payoutAmount, payment.payoutId], ['stripe', PAYIN, PAYOUT, payouts[0]?.id]);
  // Each money movement went out exactly once, each under its own key.
  assert.deepEqual(
    keyedRequestsOf(w, id).map((r) => `${r.path} ${r.idempotencyKey}`),
    [
      `/v1/payment_intents bazaar:${id}:stripe-create-payment-intent:1`,
      `/v1/payment_intents/${String(pi.id)}/confirm bazaar:${id}:stripe-confirm-payment-intent:1`,
      `/v1/payment_intents/${String(pi.id)}/capture bazaar:${id}:stripe-capture-payment-intent:1`,
      `/v1/payouts bazaar:${id}:stripe-create-payout:1`,
    ],
  );
});

test('HTTP: without a payment method the buyer confirms with Stripe.js at Stripe; confirm-payment; decline cancels the authorisation and frees the seat', async () => {
  const times = nextSlot();
  const req = await requestPayment(times);
  assert.equal(req.status, 200, JSON.stringify(req.body));
  const id = req.body.data?.id ?? '';
  const { stripePaymentIntentId: intentId } = secretOf(req.body.data?.attributes?.protectedData);
  const pi = w.standIn.paymentIntents.get(intentId);
  assert.equal(pi?.status, 'requires_payment_method');

  // confirm-payment before the buyer confirmed: refused, nothing changed.
  const before = await snapshot(w);
  const early = await transition(id, 'transition/confirm-payment', w.asCustomer);
  assert.equal(early.status, 409);
  assert.equal(early.body.errors?.[0]?.code, 'stripe-invalid-payment-intent-status');
  assert.deepEqual(await snapshot(w), before);

  const js = await stripeJsConfirm(intentId, 'pm_card_visa');
  assert.equal(js.status, 200, JSON.stringify(js.body));
  assert.equal(js.body.status, 'requires_capture');
  const confirmed = await transition(id, 'transition/confirm-payment', w.asCustomer);
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  assert.equal(confirmed.body.data?.attributes?.state, 'state/preauthorized');

  const declined = await transition(id, 'transition/decline');
  assert.equal(declined.status, 200, JSON.stringify(declined.body));
  assert.equal(declined.body.data?.attributes?.state, 'state/declined');
  assert.deepEqual(declined.body.data?.attributes?.payinTotal, { amount: 0, currency: 'EUR' });
  assert.equal(bookingOf(declined), 'declined');
  assert.deepEqual([pi?.status, pi?.amount_received, pi?.amount_capturable], ['canceled', 0, 0], 'the authorisation was released, nothing charged');
  assert.equal(refundsOf(w, intentId).length, 0);
  assert.equal((await stripePaymentOf(w, id)).status, 'canceled');
  assert.equal((await requestPayment(times)).status, 200, 'the seat is free again');
});

test('Integration SDK: an accepted (captured) booking cancelled by the operator is refunded in full; transfer and fee reversed', async () => {
  const times = nextSlot();
  const start = sellerBalance(w, 'eur');
  const req = await requestPayment(times, { paymentMethod: 'pm_card_mastercard' });
  assert.equal(req.status, 200, JSON.stringify(req.body));
  const id = req.body.data?.id ?? '';
  assert.equal((await transition(id, 'transition/confirm-payment', w.asCustomer)).status, 200);
  assert.equal((await transition(id, 'transition/accept')).status, 200);
  assert.equal(sellerBalance(w, 'eur') - start, PAYOUT);

  const integ = group(integrationSdk(w.server.baseUrl, w.m.integrationApp.clientId, w.m.integrationApp.clientSecret), 'transactions');
  const cancelled = one(await integ.transition!({ id: new IUUID(id), transition: 'transition/cancel', params: {} }, { expand: true }));
  assert.equal(cancelled.attributes.state, 'state/cancelled');
  const { intentId } = await stripePaymentOf(w, id);
  const refunds = refundsOf(w, intentId);
  assert.equal(refunds.length, 1);
  assert.deepEqual([refunds[0]?.amount, refunds[0]?.reverse_transfer, refunds[0]?.refund_application_fee], [PAYIN, true, true]);
  assert.equal(sellerBalance(w, 'eur'), start, 'the seller\'s transfer was taken back');
  assert.equal((await stripePaymentOf(w, id)).amountRefunded, PAYIN);
});

test('a declined card: 402 transaction-payment-failed with Stripe\'s message, nothing changed; Stripe.js with another card then pays', async () => {
  const times = nextSlot();
  const req = await requestPayment(times, { paymentMethod: 'pm_card_chargeDeclined' });
  assert.equal(req.status, 200, JSON.stringify(req.body));
  const id = req.body.data?.id ?? '';
  const { stripePaymentIntentId: intentId } = secretOf(req.body.data?.attributes?.protectedData);
  const before = await snapshot(w);
  const failed = await transition(id, 'transition/confirm-payment', w.asCustomer);
  assert.equal(failed.status, 402, JSON.stringify(failed.body));
  const error = failed.body.errors?.[0] as { code: string; meta?: Json } | undefined;
  assert.deepEqual([error?.code, error?.meta?.stripeMessage, error?.meta?.stripeCode, error?.meta?.stripeDeclineCode], ['transaction-payment-failed', 'Your card was declined.', 'card_declined', 'generic_decline']);
  assert.deepEqual(await snapshot(w), before);
  assert.equal((await w.asCustomer.get(`transactions/show?id=${id}`)).body.data?.attributes?.state, 'state/pending-payment');
  assert.equal(w.standIn.paymentIntents.get(intentId)?.amount_received, 0);

  assert.equal((await stripeJsConfirm(intentId, 'pm_card_visa')).body.status, 'requires_capture');
  const confirmed = await transition(id, 'transition/confirm-payment', w.asCustomer);
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  assert.equal(confirmed.body.data?.attributes?.state, 'state/preauthorized');
});
