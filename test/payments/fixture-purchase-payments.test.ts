/**
 * Acceptance of payments (issue #7) on the shared default-purchase fixture, pushed unchanged, with
 * the marketplace's payments set to the built-in `test` provider — the real SDKs for the main path,
 * HTTP for the rest:
 * - request-payment with a stock reservation and `pm_card_visa` → confirm-payment (reservation
 *   accepted, card confirmed and captured in one transition) → mark-delivered → mark-received
 *   (payout) → auto-complete (timer) → reviews; money conserved, stock ledger right;
 * - inquiry → request-payment-after-inquiry, the buyer confirming through the Stripe.js stand-in;
 *   delivered, then auto-mark-received (a timer: the worker pays out);
 * - operator cancel of a purchase (Integration SDK) and auto-cancel (timer): refunded in full, the
 *   units back in stock;
 * - expire-payment (timer) of an unconfirmed intent: cancelled, reservation declined, stock back;
 * - a declined card at confirm-payment: 402 with Stripe's message, nothing changed (no capture,
 *   reservation still pending); too large a quantity: refused before any provider call.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { group, integrationSdk, integrationSdkModule, sharetribeSdk, type SdkError, type SdkResource, type SdkResponse } from '../support/sdk.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { initiateTransaction, paymentPhaseOf } from '../../src/process-engine/index.ts';
import type { PaymentPhase } from '../../src/process-engine/runner/run-transition.ts';
import { createListing, pushFixture, pushProcessAs, snapshot } from '../transactions/helpers.ts';
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
const IUUID = integrationSdkModule.types.UUID;

let w: PaymentsWorld;
let listingId: string;

const UNIT = 1500;
before(async () => {
  w = await startPaymentsWorld();
  await pushFixture(w, 'default-purchase');
  listingId = await createListing(w, { title: 'Teapot', price: { amount: UNIT, currency: 'EUR' }, stock: 20 });
});
after(async () => w.server.close());

const DAY = 86_400_000;
const eur = (amount: number) => ({ amount, currency: 'EUR' });
type Json = Record<string, unknown>;

// Units × 15 EUR plus 2 EUR shipping for the customer; the provider gives 10 % of the items.
const HTTP_ITEMS = (quantity: number) => [
  { code: 'line-item/item', unitPrice: eur(UNIT), quantity, includeFor: ['customer', 'provider'] },
  { code: 'line-item/shipping-fee', unitPrice: eur(200), quantity: 1, includeFor: ['customer', 'provider'] },
  { code: 'line-item/provider-commission', unitPrice: eur(UNIT * quantity), percentage: -10, includeFor: ['provider'] },
];
const SDK_ITEMS = (quantity: number) => [
  { code: 'line-item/item', unitPrice: new Money(UNIT, 'EUR'), quantity: new BigDecimal(String(quantity)), includeFor: ['customer', 'provider'] },
  { code: 'line-item/shipping-fee', unitPrice: new Money(200, 'EUR'), quantity: new BigDecimal('1'), includeFor: ['customer', 'provider'] },
  { code: 'line-item/provider-commission', unitPrice: new Money(UNIT * quantity, 'EUR'), percentage: new BigDecimal('-10'), includeFor: ['provider'] },
];
const payinOf = (q: number) => UNIT * q + 200;
const payoutOf = (q: number) => UNIT * q + 200 - (UNIT * q) / 10;

const one = (res: SdkResponse): SdkResource => {
  assert.ok(!Array.isArray(res.data.data));
  return res.data.data;
};
async function sdkRejection(p: Promise<unknown>): Promise<{ status: number | undefined; code: string | undefined; meta: Json | undefined }> {
  try {
    await p;
  } catch (err) {
    const e = err as SdkError & { data?: { errors?: { code: string; meta?: Json }[] } };
    return { status: e.status, code: e.data?.errors?.[0]?.code, meta: e.data?.errors?.[0]?.meta };
  }
  assert.fail('expected the SDK call to fail');
}
const stockOf = async (): Promise<number | null> => {
  const { rows } = await sql<{ q: number | null }>`select stock_quantity as q from listings where id = ${listingId}`.execute(w.server.handle.db);
  return rows[0]?.q ?? null;
};
const reservationState = async (transactionId: string): Promise<string | undefined> => {
  const { rows } = await sql<{ state: string }>`select state from stock_reservations where transaction_id = ${transactionId}`.execute(w.server.handle.db);
  return rows[0]?.state;
};

const buy = (quantity: number, extra: Json = {}) =>
  w.asTrustedCustomer.post('transactions/initiate?expand=true&include=stockReservation', {
    processAlias: 'default-purchase/release-1',
    transition: 'transition/request-payment',
    params: { listingId, stockReservationQuantity: quantity, lineItems: HTTP_ITEMS(quantity), ...extra },
  });
const move = (id: string, transition: string, caller = w.asProvider, params: Json = {}) =>
  caller.post('transactions/transition?expand=true&include=stockReservation', { id, transition, params });
const integTransactions = () => group(integrationSdk(w.server.baseUrl, w.m.integrationApp.clientId, w.m.integrationApp.clientSecret), 'transactions');

/** Money conservation, with totals and line items as the operator sees them. */
async function conserved(transactionId: string): Promise<void> {
  const shown = await w.asInteg.get(`transactions/show?id=${transactionId}`);
  const a = shown.body.data?.attributes ?? {};
  await assertMoneyConserved(w, transactionId, {
    payinTotal: a.payinTotal as { amount: number; currency: string },
    payoutTotal: a.payoutTotal as { amount: number; currency: string },
    lineItems: a.lineItems as { lineTotal: { amount: number; currency: string }; includeFor: string[] }[],
  });
}

test('SDK: request-payment reserves stock → confirm-payment captures → mark-delivered → mark-received pays out → auto-complete → reviews; money conserved', async () => {
  const stock = await stockOf();
  const start = await balances(w, 'eur');
  const customer = group(await sdkOf(w, w.customer, { trusted: true }), 'transactions');
  const created = await customer.initiate!(
    {
      processAlias: 'default-purchase/release-1',
      transition: 'transition/request-payment',
      params: { listingId: new UUID(listingId), stockReservationQuantity: 2, lineItems: SDK_ITEMS(2), paymentMethod: 'pm_card_visa', protectedData: { deliveryMethod: 'shipping' } },
    },
    { expand: true, include: ['stockReservation'] },
  );
  const tx = one(created);
  assert.equal(tx.attributes.state, 'state/pending-payment');
  assert.deepEqual(tx.attributes.payinTotal, new Money(payinOf(2), 'EUR'));
  assert.deepEqual(tx.attributes.payoutTotal, new Money(payoutOf(2), 'EUR'));
  assert.deepEqual(created.data.included?.find((r) => r.type === 'stockReservation')?.attributes, { quantity: 2, state: 'pending' });
  assert.equal(await stockOf(), (stock ?? 0) - 2);
  const { stripePaymentIntentId: intentId } = secretOf(tx.attributes.protectedData);
  const pi = await providerObject(w, intentId);
  assert.deepEqual([pi.amount, pi.application_fee_amount, pi.status], [payinOf(2), payinOf(2) - payoutOf(2), 'requires_confirmation']);

  // confirm-payment: accept the reservation, confirm and capture the card — one transition.
  const plain = group(await sdkOf(w, w.customer), 'transactions');
  const purchased = await plain.transition!({ id: tx.id, transition: 'transition/confirm-payment', params: {} }, { expand: true, include: ['stockReservation'] });
  assert.equal(one(purchased).attributes.state, 'state/purchased');
  assert.equal((one(purchased).attributes.protectedData as Json).stripePaymentIntents, undefined);
  assert.equal((one(purchased).attributes.protectedData as Json).deliveryMethod, 'shipping');
  assert.equal(purchased.data.included?.find((r) => r.type === 'stockReservation')?.attributes.state, 'accepted');
  const captured = await providerObject(w, intentId);
  assert.deepEqual([captured.status, captured.amount_received], ['succeeded', payinOf(2)]);

  const provider = group(await sdkOf(w, w.provider), 'transactions');
  assert.equal(one(await provider.transition!({ id: tx.id, transition: 'transition/mark-delivered', params: {} }, { expand: true })).attributes.state, 'state/delivered');
  const received = one(await plain.transition!({ id: tx.id, transition: 'transition/mark-received', params: {} }, { expand: true }));
  assert.equal(received.attributes.state, 'state/received');
  const paid = await paymentOf(w, tx.id.uuid);
  assert.match(paid.payoutId ?? '', /^po_/);
  const end = await balances(w, 'eur');
  assert.deepEqual([end.seller - start.seller, end.platform - start.platform], [0, payinOf(2) - payoutOf(2)]);

  // auto-complete is due at once (a timer without payment actions, through the same worker).
  await runJobsWithPayments(w);
  assert.equal(one(await plain.show!({ id: tx.id })).attributes.state, 'state/completed');
  one(await plain.transition!({ id: tx.id, transition: 'transition/review-1-by-customer', params: { reviewRating: 5, reviewContent: 'Great teapot' } }, { expand: true }));
  const reviewed = one(await provider.transition!({ id: tx.id, transition: 'transition/review-2-by-provider', params: { reviewRating: 5, reviewContent: 'Great buyer' } }, { expand: true }));
  assert.equal(reviewed.attributes.state, 'state/reviewed');
  await conserved(tx.id.uuid);
  assert.equal(await stockOf(), (stock ?? 0) - 2, 'the sold units stay out of stock');
  assert.deepEqual(await operationsOf(w, tx.id.uuid), [
    'stripe-capture-payment-intent:1:succeeded',
    'stripe-confirm-payment-intent:1:succeeded',
    'stripe-create-payment-intent:1:succeeded',
    'stripe-create-payout:1:succeeded',
  ]);
});

test('HTTP: inquiry → request-payment-after-inquiry, the buyer confirms with Stripe.js; delivered; auto-mark-received by timer pays out', async () => {
  const inquiry = await w.asCustomer.post('transactions/initiate?expand=true', { processAlias: 'default-purchase/release-1', transition: 'transition/inquire', params: { listingId, protectedData: { inquiryMessage: 'Blue?' } } });
  assert.equal(inquiry.status, 200);
  const id = inquiry.body.data?.id ?? '';
  const stock = await stockOf();
  const req = await w.asTrustedCustomer.post('transactions/transition?expand=true&include=stockReservation', { id, transition: 'transition/request-payment-after-inquiry', params: { stockReservationQuantity: 1, lineItems: HTTP_ITEMS(1) } });
  assert.equal(req.status, 200, JSON.stringify(req.body));
  assert.equal(req.body.data?.attributes?.state, 'state/pending-payment');
  assert.deepEqual(req.body.data?.attributes?.payinTotal, eur(payinOf(1)));
  const pd = req.body.data?.attributes?.protectedData as Json;
  assert.equal(pd.inquiryMessage, 'Blue?', 'earlier protected data kept');
  const { stripePaymentIntentId: intentId, stripePaymentIntentClientSecret: clientSecret } = secretOf(pd);
  assert.equal(await stockOf(), (stock ?? 0) - 1);

  const js = await stripeJs(w, 'confirm', intentId, { client_secret: clientSecret, payment_method: 'pm_card_amex' });
  assert.equal(js.json.status, 'requires_capture', JSON.stringify(js.json));
  const purchased = await move(id, 'transition/confirm-payment', w.asCustomer);
  assert.equal(purchased.status, 200, JSON.stringify(purchased.body));
  assert.equal(purchased.body.data?.attributes?.state, 'state/purchased');
  assert.equal((await move(id, 'transition/mark-delivered')).status, 200);
  const deliveredAt = w.clock.now().getTime();

  w.clock.set(new Date(deliveredAt + 14 * DAY + 1_000));
  await runJobsWithPayments(w);
  await renewCallers(w);
  const shown = await w.asCustomer.get(`transactions/show?id=${id}`);
  // received, then auto-complete (due at once) ran in the same worker pass.
  assert.equal(shown.body.data?.attributes?.state, 'state/completed');
  assert.deepEqual(
    (shown.body.data?.attributes?.transitions as { transition: string; by: string }[]).slice(-2).map((t) => `${t.transition} by ${t.by}`),
    ['transition/auto-mark-received by system', 'transition/auto-complete by system'],
  );
  await conserved(id);
});

test('Integration SDK: operator cancel of a purchase refunds in full and gives the units back', async () => {
  const stock = await stockOf();
  const start = await balances(w, 'eur');
  const req = await buy(3, { paymentMethod: 'pm_card_visa' });
  assert.equal(req.status, 200, JSON.stringify(req.body));
  const id = req.body.data?.id ?? '';
  assert.equal((await move(id, 'transition/confirm-payment', w.asCustomer)).status, 200);
  assert.equal(await stockOf(), (stock ?? 0) - 3);

  const cancelled = one(await integTransactions().transition!({ id: new IUUID(id), transition: 'transition/cancel', params: {} }, { expand: true, include: ['stockReservation'] }));
  assert.equal(cancelled.attributes.state, 'state/canceled');
  assert.equal((cancelled.attributes.payinTotal as { amount: number }).amount, 0);
  assert.equal(await reservationState(id), 'cancelled');
  assert.equal(await stockOf(), stock, 'the units are back');
  const payment = await paymentOf(w, id);
  const pi = await providerObject(w, payment.intentId);
  assert.deepEqual([pi.amount_received, pi.amount_refunded], [payinOf(3), payinOf(3)]);
  const end = await balances(w, 'eur');
  assert.deepEqual([end.seller - start.seller, end.platform - start.platform], [0, 0]);
  assert.equal(payment.payoutId, null);
});

test('auto-cancel (timer) of a purchase never delivered: the worker refunds and the units come back', async () => {
  const stock = await stockOf();
  const req = await buy(1, { paymentMethod: 'pm_card_visa' });
  const id = req.body.data?.id ?? '';
  assert.equal((await move(id, 'transition/confirm-payment', w.asCustomer)).status, 200);
  w.clock.advance(14 * DAY + 1_000);
  await runJobsWithPayments(w);
  await renewCallers(w);
  const shown = await w.asInteg.get(`transactions/show?id=${id}`);
  assert.equal(shown.body.data?.attributes?.state, 'state/canceled');
  assert.equal(shown.body.data?.attributes?.lastTransition, 'transition/auto-cancel');
  const pi = await providerObject(w, (await paymentOf(w, id)).intentId);
  assert.deepEqual([pi.amount_received, pi.amount_refunded], [payinOf(1), payinOf(1)]);
  assert.equal(await stockOf(), stock);
  assert.ok((await operationsOf(w, id)).includes('stripe-refund-payment:1:succeeded'));
});

test('expire-payment (timer) of an unconfirmed intent: cancelled at the provider, reservation declined, stock back', async () => {
  const stock = await stockOf();
  const req = await buy(2);
  assert.equal(req.status, 200, JSON.stringify(req.body));
  const id = req.body.data?.id ?? '';
  const { stripePaymentIntentId: intentId } = secretOf(req.body.data?.attributes?.protectedData);
  assert.equal(await stockOf(), (stock ?? 0) - 2);
  w.clock.advance(15 * 60_000 + 1_000);
  await runJobsWithPayments(w);
  await renewCallers(w);
  const shown = await w.asCustomer.get(`transactions/show?id=${id}`);
  assert.equal(shown.body.data?.attributes?.state, 'state/payment-expired');
  assert.equal((await providerObject(w, intentId)).status, 'canceled');
  assert.equal(await reservationState(id), 'declined');
  assert.equal(await stockOf(), stock);
});

test('a declined card at confirm-payment: 402 with Stripe\'s message, nothing changed; too much stock: refused before any provider call', async () => {
  const stock = await stockOf();
  const req = await buy(1, { paymentMethod: 'pm_card_chargeDeclined' });
  assert.equal(req.status, 200, JSON.stringify(req.body));
  const id = req.body.data?.id ?? '';
  const before = await snapshot(w);
  const failed = await move(id, 'transition/confirm-payment', w.asCustomer);
  assert.equal(failed.status, 402, JSON.stringify(failed.body));
  const error = failed.body.errors?.[0] as { code: string; meta?: Json } | undefined;
  assert.equal(error?.code, 'transaction-payment-failed');
  assert.deepEqual([error?.meta?.stripeMessage, error?.meta?.stripeCode], ['Your card was declined.', 'card_declined']);
  assert.deepEqual(await snapshot(w), before);
  assert.equal(await reservationState(id), 'pending');
  assert.equal(await stockOf(), (stock ?? 0) - 1);
  const pi = await providerObject(w, (await paymentOf(w, id)).intentId);
  assert.deepEqual([pi.status, pi.amount_received], ['requires_payment_method', 0]);
  assert.ok(!(await operationsOf(w, id)).some((o) => o.startsWith('stripe-capture')), 'capture never called');

  // Through the SDK: the same answer.
  const customer = group(await sdkOf(w, w.customer, { trusted: true }), 'transactions');
  const other = one(await customer.initiate!({ processAlias: 'default-purchase/release-1', transition: 'transition/request-payment', params: { listingId: new UUID(listingId), stockReservationQuantity: 1, lineItems: SDK_ITEMS(1), paymentMethod: 'pm_card_chargeDeclinedExpiredCard' } }, { expand: true }));
  const sdkFailed = await sdkRejection(group(await sdkOf(w, w.customer), 'transactions').transition!({ id: other.id, transition: 'transition/confirm-payment', params: {} }));
  assert.deepEqual(sdkFailed, { status: 402, code: 'transaction-payment-failed', meta: { stripeMessage: 'Your card has expired.', stripeCode: 'expired_card' } });

  // More than in stock: the transition is refused by its stock action, no intent is created.
  const beforeBig = await snapshot(w);
  const tooMany = await buy(1000, { paymentMethod: 'pm_card_visa' });
  assert.equal(tooMany.status, 409);
  assert.equal(tooMany.body.errors?.[0]?.code, 'transaction-listing-insufficient-stock');
  assert.deepEqual(await snapshot(w), beforeBig);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from transaction_payments where marketplace_id = ${w.m.marketplace.id}`.execute(w.server.handle.db);
  const { rows: ops } = await sql<{ n: number }>`select count(*)::int as n from payment_operations where marketplace_id = ${w.m.marketplace.id} and action = 'stripe-create-payment-intent'`.execute(w.server.handle.db);
  assert.equal(ops[0]?.n, rows[0]?.n, 'every create-payment-intent operation belongs to a recorded payment');
});

// A purchase priced from the listing (not privileged): what the payment phase charges comes from
// its preview; the real run prices again and must come to the same totals.
const LISTING_PRICED = {
  source: `{:format :v3
 :transitions
 [{:name :transition/request-payment
   :actor :actor.role/customer
   :actions [{:name :action/calculate-tx-unit-total-price}
             {:name :action/calculate-tx-provider-commission :config {:commission 0.1M}}
             {:name :action/stripe-create-payment-intent}]
   :to :state/pending-payment}]
 :notifications []}`,
  templates: {},
};

test('the listing price changes while the intent is being created: the transition is refused (409, retry), nothing charged differs from the transaction; the retry charges the new price', async () => {
  await pushProcessAs(w, 'listing-priced', LISTING_PRICED);
  const db = w.server.handle.db;
  const real = paymentPhaseOf(db, w.server.payments);
  let changePrice = true;
  // The phase as the routes have it, plus the operator changing the price right after the provider answered.
  const racing: PaymentPhase = {
    async run(input) {
      const outcomes = await real.run(input);
      if (changePrice) await sql`update listings set price_amount = 1700 where id = ${listingId}`.execute(db);
      return outcomes;
    },
  };
  const caller = { kind: 'user' as const, userId: w.customer.user.id, trusted: false, clientId: w.m.marketplaceApp.clientId, requestId: null };
  const req = { marketplaceId: w.m.marketplace.id, caller, processAlias: 'listing-priced/release-1', transition: 'transition/request-payment', params: { listingId, quantity: 2, paymentMethod: 'pm_card_visa' } };
  const before = await snapshot(w);
  try {
    await assert.rejects(initiateTransaction({ db, clock: w.clock, payments: racing }, req, { speculative: false }), (err: unknown) => err instanceof DomainError && err.code === 'transaction-locked');
    assert.deepEqual(await snapshot(w), before, 'no transaction with totals other than the charge');

    changePrice = false;
    const outcome = await initiateTransaction({ db, clock: w.clock, payments: racing }, req, { speculative: false });
    assert.deepEqual([outcome.transaction.payinTotal?.amount, outcome.transaction.payoutTotal?.amount], [3400, 3060]);
    const pi = await providerObject(w, (await paymentOf(w, outcome.transaction.id)).intentId);
    assert.deepEqual([pi.amount, pi.application_fee_amount], [3400, 340], 'the intent charges what the transaction says');
  } finally {
    await sql`update listings set price_amount = ${UNIT} where id = ${listingId}`.execute(db);
  }
});
