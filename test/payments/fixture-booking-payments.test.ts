/**
 * Acceptance of payments (issue #7) on the shared default-booking fixture, pushed unchanged, with
 * the marketplace's payments set to the built-in `test` provider — through the real Marketplace and
 * Integration SDKs for the main paths and over HTTP for the refusals:
 * - request-payment with `paymentMethod: pm_card_visa` → confirm-payment → accept (capture) →
 *   complete (a timer: the worker's payment phase pays out) → reviews; money conserved;
 * - request-payment without a payment method, the buyer confirming through the test provider's
 *   Stripe.js stand-in → confirm-payment → decline (authorisation cancelled, seat released);
 * - accept → operator cancel (a captured payment refunded in full, balances back to zero);
 * - a declined card: 402 `transaction-payment-failed` with Stripe's message, nothing changed, then
 *   paid with another card; a card needing authentication: the extra step, then confirm;
 * - expire (timer) of a preauthorised request and expire-payment (timer) of an unconfirmed intent:
 *   both cancel the intent and release the seat.
 * Money is read from the provider's side (the test provider's own records).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { group, integrationSdk, integrationSdkModule, sharetribeSdk, type SdkError, type SdkResource, type SdkResponse } from '../support/sdk.ts';
import { randomUUID } from 'node:crypto';
import { createStripeAccount, updateStripeAccount } from '../../src/domain/payments/index.ts';
import { findTransaction } from '../../src/domain/transactions/index.ts';
import { runDueJobs } from '../../src/jobs/worker.ts';
import { paymentPhaseOf, processJobHandlers } from '../../src/process-engine/index.ts';
import { loadProcessVersion } from '../../src/process-engine/registry/index.ts';
import { openTestDb, testDatabaseUrl } from '../support/db.ts';
import { createTestUser } from '../support/users.ts';
import { api, userToken } from '../listings/helpers.ts';
import { createListing, pushFixture, snapshot } from '../transactions/helpers.ts';
import {
  assertMoneyConserved,
  balances,
  operationsOf,
  paymentOf,
  providerObject,
  renewCallers,
  runJobsWithPayments,
  sdkOf,
  secretOf,
  startPaymentsWorld,
  stripeJs,
  type PaymentsWorld,
} from './fixture-world.ts';

const { UUID, Money, BigDecimal } = sharetribeSdk.types;
/** The Integration SDK has its own UUID class. */
const IUUID = integrationSdkModule.types.UUID;

let w: PaymentsWorld;
let bookingVersion = 0;
let listingId: string;
let slot = 0;

before(async () => {
  w = await startPaymentsWorld();
  bookingVersion = await pushFixture(w, 'default-booking');
  listingId = await createListing(w, { title: 'Sauna', seats: 1 });
});
after(async () => w.server.close());

const DAY = 86_400_000;
const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** A fresh two-hour slot 10+ days after the world's clock, so tests never compete for the seat. */
function nextSlot(): { bookingStart: Date; bookingEnd: Date } {
  slot += 1;
  const day = new Date(w.clock.now().getTime() + (10 + slot) * DAY);
  day.setUTCHours(10, 0, 0, 0);
  return { bookingStart: day, bookingEnd: new Date(day.getTime() + 2 * 3_600_000) };
}

// 2 h × 25 EUR; the customer pays 10 % on top, the provider gives 15 %: payin 55, payout 42.50.
const PAYIN = eur(5500);
const PAYOUT = eur(4250);
const HTTP_LINE_ITEMS = [
  { code: 'line-item/hour', unitPrice: eur(2500), quantity: 2, includeFor: ['customer', 'provider'] },
  { code: 'line-item/customer-commission', unitPrice: eur(5000), percentage: 10, includeFor: ['customer'] },
  { code: 'line-item/provider-commission', unitPrice: eur(5000), percentage: -15, includeFor: ['provider'] },
];
const sdkLineItems = () => [
  { code: 'line-item/hour', unitPrice: new Money(2500, 'EUR'), quantity: new BigDecimal('2'), includeFor: ['customer', 'provider'] },
  { code: 'line-item/customer-commission', unitPrice: new Money(5000, 'EUR'), percentage: new BigDecimal('10'), includeFor: ['customer'] },
  { code: 'line-item/provider-commission', unitPrice: new Money(5000, 'EUR'), percentage: new BigDecimal('-15'), includeFor: ['provider'] },
];

const one = (res: SdkResponse): SdkResource => {
  assert.ok(!Array.isArray(res.data.data));
  return res.data.data;
};
const included = (res: SdkResponse, type: string) => res.data.included?.find((r) => r.type === type);
/** The SDK call's error (status, first error code and meta). */
async function sdkRejection(p: Promise<unknown>): Promise<{ status: number | undefined; code: string | undefined; meta: Record<string, unknown> | undefined }> {
  try {
    await p;
  } catch (err) {
    const e = err as SdkError & { data?: { errors?: { code: string; meta?: Record<string, unknown> }[] } };
    return { status: e.status, code: e.data?.errors?.[0]?.code, meta: e.data?.errors?.[0]?.meta };
  }
  assert.fail('expected the SDK call to fail');
}

type Json = Record<string, unknown>;
/** request-payment over HTTP with a trusted token. */
const requestPayment = (times: { bookingStart: Date; bookingEnd: Date }, extra: Json = {}) =>
  w.asTrustedCustomer.post('transactions/initiate?expand=true&include=booking', {
    processAlias: 'default-booking/release-1',
    transition: 'transition/request-payment',
    params: { listingId, bookingStart: times.bookingStart.toISOString(), bookingEnd: times.bookingEnd.toISOString(), lineItems: HTTP_LINE_ITEMS, ...extra },
  });
const transition = (id: string, name: string, caller = w.asProvider, params: Json = {}) => caller.post('transactions/transition?expand=true&include=booking', { id, transition: name, params });
const bookingState = async (id: string) => {
  const shown = await w.asInteg.get(`transactions/show?id=${id}&include=booking`);
  return (shown.body.included as { type: string; attributes: { state: string } }[] | undefined)?.find((r) => r.type === 'booking')?.attributes.state;
};

test('SDK: request-payment with pm_card_visa → confirm-payment → accept (capture) → complete by timer (payout) → reviews; money conserved', async () => {
  const times = nextSlot();
  const customer = group(await sdkOf(w, w.customer, { trusted: true }), 'transactions');
  const before = await balances(w, 'eur');
  const created = await customer.initiate!(
    {
      processAlias: 'default-booking/release-1',
      transition: 'transition/request-payment',
      params: { listingId: new UUID(listingId), ...times, lineItems: sdkLineItems(), paymentMethod: 'pm_card_visa', protectedData: { note: 'two of us' } },
    },
    { expand: true, include: ['booking'] },
  );
  const tx = one(created);
  assert.equal(tx.attributes.state, 'state/pending-payment');
  assert.deepEqual(tx.attributes.payinTotal, new Money(PAYIN.amount, 'EUR'));
  assert.deepEqual(tx.attributes.payoutTotal, new Money(PAYOUT.amount, 'EUR'));
  assert.equal(included(created, 'booking')?.attributes.state, 'pending');
  // The front end reads the client secret to run Stripe.js; it belongs to the intent created for this transaction.
  const secret = secretOf(tx.attributes.protectedData);
  const payment = await paymentOf(w, tx.id.uuid);
  assert.equal(secret.stripePaymentIntentId, payment.intentId);
  assert.ok(secret.stripePaymentIntentClientSecret.startsWith(`${payment.intentId}_secret_`));
  assert.equal((tx.attributes.protectedData as Json).note, 'two of us');
  const pi = await providerObject(w, payment.intentId);
  assert.deepEqual([pi.amount, pi.currency, pi.capture_method, pi.status, pi.application_fee_amount], [5500, 'eur', 'manual', 'requires_confirmation', 1250]);
  assert.equal((pi.metadata as Json)['bazaar-transaction-id'], tx.id.uuid);

  // Both parties read the transaction's protected data (domain §7.1); the provider sees its own totals.
  const provider = group(await sdkOf(w, w.provider), 'transactions');
  const asProvider = one(await provider.show!({ id: tx.id }));
  assert.equal(secretOf(asProvider.attributes.protectedData).stripePaymentIntentId, payment.intentId);
  assert.deepEqual(asProvider.attributes.payoutTotal, new Money(PAYOUT.amount, 'EUR'));

  // confirm-payment is not privileged: the customer's plain SDK runs it; the intent is authorised
  // server side with the attached card, and the spent client secret leaves protected data.
  const plainCustomer = group(await sdkOf(w, w.customer), 'transactions');
  const confirmed = one(await plainCustomer.transition!({ id: tx.id, transition: 'transition/confirm-payment', params: {} }, { expand: true }));
  assert.equal(confirmed.attributes.state, 'state/preauthorized');
  assert.equal((confirmed.attributes.protectedData as Json).stripePaymentIntents, undefined);
  assert.equal((confirmed.attributes.protectedData as Json).note, 'two of us');
  assert.equal((await providerObject(w, payment.intentId)).status, 'requires_capture');

  const accepted = await provider.transition!({ id: tx.id, transition: 'transition/accept', params: {} }, { expand: true, include: ['booking'] });
  assert.equal(one(accepted).attributes.state, 'state/accepted');
  assert.equal(included(accepted, 'booking')?.attributes.state, 'accepted');
  const captured = await providerObject(w, payment.intentId);
  assert.deepEqual([captured.status, captured.amount_received], ['succeeded', 5500]);
  const mid = await balances(w, 'eur');
  assert.deepEqual([mid.seller - before.seller, mid.platform - before.platform], [4250, 1250]);

  // complete is a timer (booking end + 2 days): the worker calls the provider outside the job's
  // transaction, then commits the transition with the job.
  w.clock.set(new Date(times.bookingEnd.getTime() + 2 * DAY - 60_000));
  await runJobsWithPayments(w);
  assert.equal((await paymentOf(w, tx.id.uuid)).payoutId, null, 'not due yet');
  w.clock.set(new Date(times.bookingEnd.getTime() + 2 * DAY + 1_000));
  await runJobsWithPayments(w);
  await renewCallers(w);
  const integ = group(integrationSdk(w.server.baseUrl, w.m.integrationApp.clientId, w.m.integrationApp.clientSecret), 'transactions');
  const delivered = one(await integ.show!({ id: new IUUID(tx.id.uuid) }));
  assert.equal(delivered.attributes.state, 'state/delivered');
  assert.equal(delivered.attributes.lastTransition, 'transition/complete');
  const paid = await paymentOf(w, tx.id.uuid);
  assert.match(paid.payoutId ?? '', /^po_/);
  const after = await balances(w, 'eur');
  assert.deepEqual([after.seller - before.seller, after.platform - before.platform], [0, 1250], 'the seller was paid out, the platform kept the commission');
  assert.ok(w.mailer.sent.some((m) => m.to === w.provider.email), 'the provider was told the money is paid');

  // Reviews (new SDK sessions: the clock moved by days).
  const reviewer = group(await sdkOf(w, w.customer), 'transactions');
  const reviewed1 = one(await reviewer.transition!({ id: tx.id, transition: 'transition/review-1-by-customer', params: { reviewRating: 5, reviewContent: 'Lovely sauna' } }, { expand: true }));
  assert.equal(reviewed1.attributes.state, 'state/reviewed-by-customer');
  const provider2 = group(await sdkOf(w, w.provider), 'transactions');
  const reviewed2 = one(await provider2.transition!({ id: tx.id, transition: 'transition/review-2-by-provider', params: { reviewRating: 4, reviewContent: 'Nice guests' } }, { expand: true, include: ['reviews'] }));
  assert.equal(reviewed2.attributes.state, 'state/reviewed');

  const final = one(await integ.show!({ id: new IUUID(tx.id.uuid) }));
  const lineItems = (final.attributes.lineItems as { lineTotal: { amount: number; currency: string }; includeFor: string[] }[]).map((i) => ({ lineTotal: { amount: i.lineTotal.amount, currency: i.lineTotal.currency }, includeFor: i.includeFor }));
  const money = (m: unknown) => ({ amount: (m as { amount: number }).amount, currency: (m as { currency: string }).currency });
  await assertMoneyConserved(w, tx.id.uuid, { payinTotal: money(final.attributes.payinTotal), payoutTotal: money(final.attributes.payoutTotal), lineItems });
  assert.deepEqual(await operationsOf(w, tx.id.uuid), [
    'stripe-capture-payment-intent:1:succeeded',
    'stripe-confirm-payment-intent:1:succeeded',
    'stripe-create-payment-intent:1:succeeded',
    'stripe-create-payout:1:succeeded',
  ]);
});

test('HTTP: without a payment method the buyer confirms through the Stripe.js stand-in; confirm-payment; decline cancels the authorisation and frees the seat', async () => {
  const times = nextSlot();
  const req = await requestPayment(times);
  assert.equal(req.status, 200, JSON.stringify(req.body));
  const id = req.body.data?.id ?? '';
  const { stripePaymentIntentId: intentId, stripePaymentIntentClientSecret: clientSecret } = secretOf(req.body.data?.attributes?.protectedData);
  assert.equal((await providerObject(w, intentId)).status, 'requires_payment_method');

  // confirm-payment before the buyer confirmed: refused, nothing changed.
  const before = await snapshot(w);
  const early = await transition(id, 'transition/confirm-payment', w.asCustomer);
  assert.equal(early.status, 409);
  assert.equal(early.body.errors?.[0]?.code, 'stripe-invalid-payment-intent-status');
  assert.deepEqual(await snapshot(w), before);
  assert.equal((await w.asCustomer.get(`transactions/show?id=${id}`)).body.data?.attributes?.state, 'state/pending-payment');

  // What Stripe.js confirmCardPayment(clientSecret, {payment_method}) does.
  const wrongSecret = await stripeJs(w, 'confirm', intentId, { client_secret: `${clientSecret}x`, payment_method: 'pm_card_visa' });
  assert.equal(wrongSecret.status, 404);
  const js = await stripeJs(w, 'confirm', intentId, { client_secret: clientSecret, payment_method: 'pm_card_visa' });
  assert.equal(js.status, 200, JSON.stringify(js.json));
  assert.equal(js.json.status, 'requires_capture');

  const confirmed = await transition(id, 'transition/confirm-payment', w.asCustomer);
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  assert.equal(confirmed.body.data?.attributes?.state, 'state/preauthorized');
  // The provider cannot run the customer's transition.
  assert.equal((await transition(id, 'transition/decline', w.asCustomer)).status, 403);

  const declined = await transition(id, 'transition/decline');
  assert.equal(declined.status, 200, JSON.stringify(declined.body));
  const a = declined.body.data?.attributes ?? {};
  assert.equal(a.state, 'state/declined');
  assert.deepEqual(a.payinTotal, eur(0));
  assert.deepEqual(a.payoutTotal, eur(0));
  assert.equal(declined.body.included?.find((r) => r.type === 'booking')?.attributes?.state, 'declined');
  const pi = await providerObject(w, intentId);
  assert.deepEqual([pi.status, pi.amount_received, pi.amount_capturable], ['canceled', 0, 0], 'the authorisation was released, nothing was charged');
  assert.equal((await paymentOf(w, id)).status, 'canceled');
  assert.ok((await operationsOf(w, id)).includes('stripe-refund-payment:1:succeeded'));
  // The seat is free again.
  const again = await requestPayment(times);
  assert.equal(again.status, 200, JSON.stringify(again.body));
});

test('Integration SDK: an accepted (captured) booking cancelled by the operator is refunded in full; balances back where they were', async () => {
  const times = nextSlot();
  const start = await balances(w, 'eur');
  const req = await requestPayment(times, { paymentMethod: 'pm_card_mastercard' });
  assert.equal(req.status, 200, JSON.stringify(req.body));
  const id = req.body.data?.id ?? '';
  assert.equal((await transition(id, 'transition/confirm-payment', w.asCustomer)).status, 200);
  assert.equal((await transition(id, 'transition/accept')).status, 200);
  const captured = await balances(w, 'eur');
  assert.deepEqual([captured.seller - start.seller, captured.platform - start.platform], [4250, 1250]);

  const integ = group(integrationSdk(w.server.baseUrl, w.m.integrationApp.clientId, w.m.integrationApp.clientSecret), 'transactions');
  const cancelled = one(await integ.transition!({ id: new IUUID(id), transition: 'transition/cancel', params: {} }, { expand: true, include: ['booking'] }));
  assert.equal(cancelled.attributes.state, 'state/cancelled');
  const payinTotal = cancelled.attributes.payinTotal as { amount: number };
  assert.equal(payinTotal.amount, 0);
  const payment = await paymentOf(w, id);
  const pi = await providerObject(w, payment.intentId);
  assert.deepEqual([pi.status, pi.amount_received, pi.amount_refunded], ['succeeded', 5500, 5500]);
  assert.equal(payment.amountRefunded, 5500);
  const end = await balances(w, 'eur');
  assert.deepEqual([end.seller - start.seller, end.platform - start.platform], [0, 0], 'the transfer and the commission were reversed');
  assert.equal(await bookingState(id), 'cancelled');
  // Paid back: a payout can no longer happen (operator-complete is from accepted only).
  const complete = await sdkRejection(integ.transition!({ id: new IUUID(id), transition: 'transition/operator-complete', params: {} }));
  assert.equal(complete.status, 409);
});

test('a declined card: 402 transaction-payment-failed with Stripe\'s message (HTTP and SDK), nothing changed; another card then pays', async () => {
  const times = nextSlot();
  const req = await requestPayment(times, { paymentMethod: 'pm_card_chargeDeclined' });
  assert.equal(req.status, 200, JSON.stringify(req.body));
  const id = req.body.data?.id ?? '';
  const { stripePaymentIntentId: intentId, stripePaymentIntentClientSecret: clientSecret } = secretOf(req.body.data?.attributes?.protectedData);

  const before = await snapshot(w);
  const failed = await transition(id, 'transition/confirm-payment', w.asCustomer);
  assert.equal(failed.status, 402, JSON.stringify(failed.body));
  const error = failed.body.errors?.[0] as { code: string; status: number; meta?: Json } | undefined;
  assert.equal(error?.code, 'transaction-payment-failed');
  assert.equal(error?.status, 402);
  assert.equal(error?.meta?.stripeMessage, 'Your card was declined.');
  assert.equal(error?.meta?.stripeCode, 'card_declined');
  assert.deepEqual(await snapshot(w), before);
  const still = await w.asCustomer.get(`transactions/show?id=${id}`);
  assert.equal(still.body.data?.attributes?.state, 'state/pending-payment');
  assert.equal(secretOf(still.body.data?.attributes?.protectedData).stripePaymentIntentId, intentId, 'the client secret is still there for another try');
  assert.equal((await providerObject(w, intentId)).amount_received, 0);

  // Asked again without a new card: the intent waits for a payment method (the decline is spent).
  const again = await transition(id, 'transition/confirm-payment', w.asCustomer);
  assert.equal(again.status, 409);
  assert.equal((again.body.errors?.[0] as { meta?: Json } | undefined)?.meta?.stripePaymentIntentStatus, 'requires_payment_method');
  assert.deepEqual(await snapshot(w), before);

  // Through the SDK (another request): the same 402 with the provider's words.
  const sdkCustomer = group(await sdkOf(w, w.customer, { trusted: true }), 'transactions');
  const other = one(await sdkCustomer.initiate!({ processAlias: 'default-booking/release-1', transition: 'transition/request-payment', params: { listingId: new UUID(listingId), ...nextSlot(), lineItems: sdkLineItems(), paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds' } }, { expand: true }));
  const sdkFailed = await sdkRejection(group(await sdkOf(w, w.customer), 'transactions').transition!({ id: other.id, transition: 'transition/confirm-payment', params: {} }));
  assert.deepEqual(sdkFailed, { status: 402, code: 'transaction-payment-failed', meta: { stripeMessage: 'Your card has insufficient funds.', stripeCode: 'card_declined', stripeDeclineCode: 'insufficient_funds' } });
  assert.equal(one(await sdkCustomer.show!({ id: other.id })).attributes.state, 'state/pending-payment');

  // Stripe.js with another card, then confirm-payment succeeds.
  const js = await stripeJs(w, 'confirm', intentId, { client_secret: clientSecret, payment_method: 'pm_card_visa' });
  assert.equal(js.json.status, 'requires_capture', JSON.stringify(js.json));
  const confirmed = await transition(id, 'transition/confirm-payment', w.asCustomer);
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  assert.equal(confirmed.body.data?.attributes?.state, 'state/preauthorized');
});

test('a card needing authentication: confirm-payment waits (409 requires_action) until the buyer passes the extra step', async () => {
  const times = nextSlot();
  const req = await requestPayment(times, { paymentMethod: 'pm_card_authenticationRequired' });
  assert.equal(req.status, 200, JSON.stringify(req.body));
  const id = req.body.data?.id ?? '';
  const { stripePaymentIntentId: intentId, stripePaymentIntentClientSecret: clientSecret } = secretOf(req.body.data?.attributes?.protectedData);

  const before = await snapshot(w);
  const waiting = await transition(id, 'transition/confirm-payment', w.asCustomer);
  assert.equal(waiting.status, 409, JSON.stringify(waiting.body));
  assert.equal(waiting.body.errors?.[0]?.code, 'stripe-invalid-payment-intent-status');
  assert.equal((waiting.body.errors?.[0] as { meta?: Json } | undefined)?.meta?.stripePaymentIntentStatus, 'requires_action');
  assert.deepEqual(await snapshot(w), before);
  assert.equal((await providerObject(w, intentId)).status, 'requires_action');

  // The 3-D Secure modal, played by the stand-in.
  const auth = await stripeJs(w, 'authenticate', intentId, { client_secret: clientSecret });
  assert.equal(auth.status, 200, JSON.stringify(auth.json));
  assert.equal(auth.json.status, 'requires_capture');
  const confirmed = await transition(id, 'transition/confirm-payment', w.asCustomer);
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  assert.equal(confirmed.body.data?.attributes?.state, 'state/preauthorized');
  assert.equal((await transition(id, 'transition/accept')).status, 200);
  assert.equal((await providerObject(w, intentId)).amount_received, 5500);
});

test('SDK, Stripe.js flow with a 3-D Secure card: confirm answers requires_action, authenticate, then confirm-payment', async () => {
  const times = nextSlot();
  const customer = group(await sdkOf(w, w.customer, { trusted: true }), 'transactions');
  const tx = one(await customer.initiate!({ processAlias: 'default-booking/release-1', transition: 'transition/request-payment', params: { listingId: new UUID(listingId), ...times, lineItems: sdkLineItems() } }, { expand: true }));
  const { stripePaymentIntentId: intentId, stripePaymentIntentClientSecret: clientSecret } = secretOf(tx.attributes.protectedData);
  const js = await stripeJs(w, 'confirm', intentId, { client_secret: clientSecret, payment_method: 'pm_card_threeDSecure2Required' });
  assert.equal(js.json.status, 'requires_action');
  const failedAuth = await stripeJs(w, 'authenticate', intentId, { client_secret: clientSecret, result: 'fail' });
  assert.equal(failedAuth.json.status, 'requires_payment_method');
  const plain = group(await sdkOf(w, w.customer), 'transactions');
  const refused = await sdkRejection(plain.transition!({ id: tx.id, transition: 'transition/confirm-payment', params: {} }));
  assert.equal(refused.status, 409);
  assert.equal(refused.code, 'stripe-invalid-payment-intent-status');
  assert.equal((await stripeJs(w, 'confirm', intentId, { client_secret: clientSecret, payment_method: 'pm_card_threeDSecure2Required' })).json.status, 'requires_action');
  assert.equal((await stripeJs(w, 'authenticate', intentId, { client_secret: clientSecret, result: 'succeed' })).json.status, 'requires_capture');
  const confirmed = one(await plain.transition!({ id: tx.id, transition: 'transition/confirm-payment', params: {} }, { expand: true }));
  assert.equal(confirmed.attributes.state, 'state/preauthorized');
});

test('expire (timer) of a preauthorised request: the worker cancels the authorisation and releases the seat', async () => {
  const times = nextSlot();
  const req = await requestPayment(times, { paymentMethod: 'pm_card_visa' });
  const id = req.body.data?.id ?? '';
  assert.equal((await transition(id, 'transition/confirm-payment', w.asCustomer)).status, 200);
  const confirmedAt = w.clock.now().getTime();
  const payment = await paymentOf(w, id);
  // min(preauthorised + 6 days, booking start + 1 day, booking end): 6 days after confirming.
  const due = Math.min(confirmedAt + 6 * DAY, times.bookingStart.getTime() + DAY, times.bookingEnd.getTime());
  w.clock.set(new Date(due - 1_000));
  await runJobsWithPayments(w);
  assert.equal((await providerObject(w, payment.intentId)).status, 'requires_capture');
  w.clock.set(new Date(due + 1_000));
  await runJobsWithPayments(w);
  await renewCallers(w);
  const shown = await w.asInteg.get(`transactions/show?id=${id}`);
  assert.equal(shown.body.data?.attributes?.state, 'state/expired');
  assert.equal(shown.body.data?.attributes?.lastTransition, 'transition/expire');
  assert.deepEqual(shown.body.data?.attributes?.payinTotal, eur(0));
  assert.equal((await providerObject(w, payment.intentId)).status, 'canceled');
  assert.equal(await bookingState(id), 'declined');
  assert.ok(w.mailer.sent.some((m) => m.to === w.customer.email && /expired/i.test(m.subject + m.html)), 'the customer was told');
  const jobs = await w.server.handle.db.selectFrom('jobs').select(['key', 'state', 'attempts']).where('marketplace_id', '=', w.m.marketplace.id).where('key', 'like', `%${id}%`).execute();
  assert.ok(!jobs.some((j) => j.state === 'failed'), JSON.stringify(jobs));
});

test('expire-payment (timer) of an unconfirmed intent: cancelled at the provider, booking declined, the slot bookable again', async () => {
  const times = nextSlot();
  const req = await requestPayment(times);
  const id = req.body.data?.id ?? '';
  const { stripePaymentIntentId: intentId } = secretOf(req.body.data?.attributes?.protectedData);
  w.clock.advance(15 * 60_000 + 1_000);
  await runJobsWithPayments(w);
  await renewCallers(w);
  const shown = await w.asCustomer.get(`transactions/show?id=${id}`);
  assert.equal(shown.body.data?.attributes?.state, 'state/payment-expired');
  assert.equal((await providerObject(w, intentId)).status, 'canceled');
  assert.equal(await bookingState(id), 'declined');
  assert.deepEqual(await operationsOf(w, id), ['stripe-create-payment-intent:1:succeeded', 'stripe-refund-payment:1:succeeded']);
  // Confirming now is refused by the process (state), not by the provider.
  const late = await transition(id, 'transition/confirm-payment', w.asCustomer);
  assert.equal(late.status, 409);
  assert.equal(late.body.errors?.[0]?.code, 'transaction-invalid-transition');
  assert.equal((await requestPayment(times)).status, 200);
});

test('a transition retried after the provider answered but before the commit: no second capture, the retry succeeds', async () => {
  const times = nextSlot();
  const req = await requestPayment(times, { paymentMethod: 'pm_card_visa' });
  const id = req.body.data?.id ?? '';
  assert.equal((await transition(id, 'transition/confirm-payment', w.asCustomer)).status, 200);
  // The accept's payment phase ran (the card is captured), then the server died before its DB
  // transaction committed: the transaction is still preauthorized.
  const tx = await w.server.handle.db.selectFrom('transactions').select(['id', 'state']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(tx.state, 'state/preauthorized');
  const phase = paymentPhaseOf(w.server.handle.db, w.server.payments);
  const preview = await w.asTrustedProvider.post('transactions/transition_speculative?expand=true', { id, transition: 'transition/accept', params: {} });
  assert.equal(preview.status, 200);
  const process = await loadProcessVersion(w.server.handle.db, w.m.marketplace.id, 'default-booking', bookingVersion);
  const accept = process?.definition.transitions.find((t) => t.name === 'transition/accept');
  assert.ok(accept);
  const stored = await findTransaction(w.server.handle.db, w.m.marketplace.id, id);
  assert.ok(stored);
  await phase.run({ marketplaceId: w.m.marketplace.id, transactionId: id, transition: accept, params: {}, preview: stored });
  const payment = await paymentOf(w, id);
  assert.equal((await providerObject(w, payment.intentId)).amount_received, 5500);
  const sellerBefore = (await balances(w, 'eur')).seller;

  const retried = await transition(id, 'transition/accept');
  assert.equal(retried.status, 200, JSON.stringify(retried.body));
  assert.equal(retried.body.data?.attributes?.state, 'state/accepted');
  assert.equal((await balances(w, 'eur')).seller, sellerBefore, 'captured once');
  assert.deepEqual((await operationsOf(w, id)).filter((o) => o.startsWith('stripe-capture')), ['stripe-capture-payment-intent:1:succeeded']);
});

test('two workers racing for the same payout timer: paid out once, transitioned once, the job done (PostgreSQL)', { skip: !testDatabaseUrl && 'needs TEST_DATABASE_URL' }, async () => {
  const times = nextSlot();
  const req = await requestPayment(times, { paymentMethod: 'pm_card_visa' });
  const id = req.body.data?.id ?? '';
  assert.equal((await transition(id, 'transition/confirm-payment', w.asCustomer)).status, 200);
  assert.equal((await transition(id, 'transition/accept')).status, 200);
  w.clock.set(new Date(times.bookingEnd.getTime() + 2 * DAY + 1_000));
  const second = await openTestDb({ max: 4 });
  try {
    const handlers = (db: typeof second.db) => processJobHandlers({ mailer: w.mailer, defaultUrl: 'https://example.test', payments: paymentPhaseOf(db, w.server.payments) });
    await Promise.all([
      runDueJobs({ db: w.server.handle.db, clock: w.clock, handlers: handlers(w.server.handle.db), marketplaceId: w.m.marketplace.id }),
      runDueJobs({ db: second.db, clock: w.clock, handlers: handlers(second.db), marketplaceId: w.m.marketplace.id }),
    ]);
  } finally {
    await second.close();
  }
  await renewCallers(w);
  const shown = await w.asInteg.get(`transactions/show?id=${id}`);
  assert.equal(shown.body.data?.attributes?.state, 'state/delivered');
  assert.equal((shown.body.data?.attributes?.transitions as unknown[]).length, 4);
  const { rows: payouts } = await sql<{ amount: number }>`select (data->>'amount')::int as amount from test_provider_objects where marketplace_id = ${w.m.marketplace.id} and data->>'object' = 'payout' and data->'metadata'->>'bazaar-transaction-id' = ${id}`.execute(w.server.handle.db);
  assert.deepEqual(payouts.map((p) => p.amount), [4250], 'one payout at the provider');
  assert.deepEqual((await operationsOf(w, id)).filter((o) => o.includes('payout')), ['stripe-create-payout:1:succeeded']);
  const jobs = await w.server.handle.db.selectFrom('jobs').select(['key', 'state', 'attempts', 'last_error']).where('marketplace_id', '=', w.m.marketplace.id).where('key', 'like', `%${id}%complete%`).execute();
  assert.deepEqual(jobs.map((j) => j.state), ['done'], JSON.stringify(jobs));
});

test('the payout timer while the seller cannot receive payouts: the job backs off, the booking stays accepted; once a bank account is added the retry pays out', async () => {
  const db = w.server.handle.db;
  const seller = await createTestUser(db, w.m.marketplace.id, { displayName: 'No Bank' });
  const actor = { marketplaceId: w.m.marketplace.id, userId: seller.user.id, clientId: w.m.marketplaceApp.clientId };
  await createStripeAccount(db, w.server.payments, actor, { country: 'FI', accountToken: `ct_${randomUUID().replaceAll('-', '')}` });
  const asSeller = api(w.server, 'api', await userToken(w.server, w.m, seller));
  const ownListing = await createListing(w, { title: 'Rowboat', seats: 1, author: asSeller });
  const times = nextSlot();
  const req = await w.asTrustedCustomer.post('transactions/initiate?expand=true', {
    processAlias: 'default-booking/release-1',
    transition: 'transition/request-payment',
    params: { listingId: ownListing, bookingStart: times.bookingStart.toISOString(), bookingEnd: times.bookingEnd.toISOString(), lineItems: HTTP_LINE_ITEMS, paymentMethod: 'pm_card_visa' },
  });
  assert.equal(req.status, 200, JSON.stringify(req.body));
  const id = req.body.data?.id ?? '';
  assert.equal((await transition(id, 'transition/confirm-payment', w.asCustomer)).status, 200);
  assert.equal((await transition(id, 'transition/accept', asSeller)).status, 200);

  w.clock.set(new Date(times.bookingEnd.getTime() + 2 * DAY + 1_000));
  await runJobsWithPayments(w);
  const job = () => db.selectFrom('jobs').select(['state', 'attempts', 'last_error', 'run_at']).where('marketplace_id', '=', w.m.marketplace.id).where('key', 'like', `%${id}%complete%`).executeTakeFirstOrThrow();
  const failed = await job();
  assert.equal(failed.state, 'pending');
  assert.equal(failed.attempts, 1);
  assert.match(failed.last_error ?? '', /transaction-stripe-account-disabled-payouts|payouts/);
  const state = async () => (await db.selectFrom('transactions').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;
  assert.equal(await state(), 'state/accepted');
  assert.equal((await paymentOf(w, id)).payoutId, null);

  await updateStripeAccount(db, w.server.payments, actor, { bankAccountToken: `btok_${randomUUID().replaceAll('-', '')}` });
  w.clock.set(new Date(new Date(failed.run_at).getTime() + 1_000));
  await runJobsWithPayments(w);
  assert.equal((await job()).state, 'done');
  assert.equal(await state(), 'state/delivered');
  const payment = await paymentOf(w, id);
  assert.equal((await providerObject(w, payment.payoutId ?? '')).amount, 4250);
  await renewCallers(w);
});
