/**
 * Stripe webhooks (`POST /v1/webhooks/stripe/<slug>`), with the Stripe adapter against the local
 * stand-in: a bad or missing signature is a 400 and changes nothing; a signed event moves the
 * payment's (or account's) state once, and an older or repeated event does not move it back.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { confirmPaymentIntent, createPaymentIntentForTransaction, findTransactionPayment } from '../../src/domain/payments/index.ts';
import { Money } from '../../src/lib/values.ts';
import { createTestUser } from '../support/users.ts';
import { startStripeStandIn, type StripeStandIn } from '../support/stripe-stand-in.ts';
import { api, userToken } from '../listings/helpers.ts';
import { paymentsMarketplace, startPaymentsServer } from './helpers.ts';

let standIn: StripeStandIn;
let server: Awaited<ReturnType<typeof startPaymentsServer>>;

before(async () => {
  standIn = await startStripeStandIn();
  server = await startPaymentsServer({ standIn });
});
after(async () => {
  await server.close();
  await standIn.stop();
});

const rnd = () => randomUUID().replaceAll('-', '');

async function post(slug: string, body: string, signature?: string) {
  const res = await fetch(`${server.baseUrl}/v1/webhooks/stripe/${slug}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...(signature !== undefined ? { 'stripe-signature': signature } : {}) },
    body,
  });
  return { status: res.status, body: (await res.json()) as { received?: boolean; duplicate?: boolean; errors?: { code: string }[] } };
}

test('payment_intent events: bad signature rejected; signed event applied once; older events ignored', async () => {
  const db = server.handle.db;
  const m = await paymentsMarketplace(db, server.payments, 'stripe', standIn);
  const seller = await createTestUser(db, m.marketplace.id);
  const buyer = await createTestUser(db, m.marketplace.id);
  // The seller onboards through the Marketplace API, against the stand-in.
  const sellerApi = api(server, 'api', await userToken(server, m, seller));
  const created = await sellerApi.post('stripe_account/create?expand=true', { country: 'US', accountToken: `ct_${rnd()}`, bankAccountToken: `btok_${rnd()}` });
  assert.equal(created.status, 200);
  assert.match(String(created.body.data?.attributes?.stripeAccountId), /^acct_standin/);

  const tx = { marketplaceId: m.marketplace.id, transactionId: randomUUID() };
  const intent = await createPaymentIntentForTransaction(db, server.payments, {
    ...tx,
    customerId: buyer.user.id,
    providerId: seller.user.id,
    payinTotal: new Money(4_000, 'USD'),
    payoutTotal: new Money(3_600, 'USD'),
    paymentMethod: 'pm_card_visa',
  });
  await confirmPaymentIntent(db, server.payments, tx);
  const pi = standIn.paymentIntents.get(intent.payment.intentId);
  assert.ok(pi);
  // Captured elsewhere (e.g. in the Stripe dashboard): Stripe tells Bazaar by webhook.
  const body = standIn.event('payment_intent.succeeded', { ...pi, status: 'succeeded', amount_capturable: 0, amount_received: 4_000 });
  const slug = m.marketplace.slug;

  assert.equal((await post(slug, body)).status, 400, 'no signature');
  const forged = await post(slug, body, standIn.sign(body, 'whsec_someoneelse'));
  assert.equal(forged.status, 400);
  assert.equal(forged.body.errors?.[0]?.code, 'bad-request');
  assert.equal((await post(slug, body.replace('4000', '4001'), standIn.sign(body))).status, 400, 'tampered body');
  assert.equal((await post(slug, body, standIn.sign(body, standIn.webhookSecret, Math.floor(Date.now() / 1000) - 3_600))).status, 400, 'stale timestamp');
  assert.equal((await findTransactionPayment(db, m.marketplace.id, tx.transactionId))?.status, 'requires_capture', 'nothing changed');

  const ok = await post(slug, body, standIn.sign(body));
  assert.equal(ok.status, 200);
  assert.deepEqual([ok.body.received, ok.body.duplicate], [true, false]);
  const moved = await findTransactionPayment(db, m.marketplace.id, tx.transactionId);
  assert.deepEqual([moved?.status, moved?.amountCaptured], ['succeeded', 4_000]);

  const again = await post(slug, body, standIn.sign(body));
  assert.deepEqual([again.status, again.body.duplicate], [200, true]);

  // An event describing an older state (created an hour ago) does not move the payment back.
  const old = standIn.event('payment_intent.amount_capturable_updated', { ...pi, status: 'requires_capture' }, Math.floor(Date.now() / 1000) - 3_600);
  assert.equal((await post(slug, old, standIn.sign(old))).status, 200);
  assert.equal((await findTransactionPayment(db, m.marketplace.id, tx.transactionId))?.status, 'succeeded');

  // Refunded elsewhere.
  const refunded = standIn.event('charge.refunded', { id: 'ch_1', object: 'charge', payment_intent: intent.payment.intentId, amount: 4_000, amount_refunded: 4_000, refunded: true });
  assert.equal((await post(slug, refunded, standIn.sign(refunded))).status, 200);
  assert.equal((await findTransactionPayment(db, m.marketplace.id, tx.transactionId))?.amountRefunded, 4_000);

  // account.updated: the seller's payouts get disabled (Stripe needs more information).
  const accountId = String(created.body.data?.attributes?.stripeAccountId);
  const account = standIn.accounts.get(accountId);
  const updated = standIn.event('account.updated', { ...account, payouts_enabled: false, requirements: { currently_due: ['individual.id_number'], eventually_due: [], past_due: [], disabled_reason: null } });
  assert.equal((await post(slug, updated, standIn.sign(updated))).status, 200);
  const me = await sellerApi.get('current_user/show');
  assert.equal(me.body.data?.attributes?.stripePayoutsEnabled, false);
  assert.equal(me.body.data?.attributes?.stripeConnected, true);
});

test('unknown marketplaces are 404; marketplaces without a Stripe webhook secret reject events', async () => {
  const body = standIn.event('payment_intent.succeeded', { id: 'pi_x', object: 'payment_intent' });
  assert.equal((await post('no-such-marketplace', body, standIn.sign(body))).status, 404);
  const testMp = await paymentsMarketplace(server.handle.db, server.payments, 'test');
  assert.equal((await post(testMp.marketplace.slug, body, standIn.sign(body))).status, 400);
});
