/**
 * The test provider's Stripe.js stand-in (`/v1/test-payments/<clientId>/…`): reading and confirming
 * payment intents with their client secret, declines with Stripe's error body, the authentication
 * step, setup intents, tokens, and where it answers 404.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createPaymentIntentForTransaction, createStripeAccount } from '../../src/domain/payments/index.ts';
import { Money } from '../../src/lib/values.ts';
import { createTestUser } from '../support/users.ts';
import { api, userToken } from '../listings/helpers.ts';
import { paymentsMarketplace, startPaymentsServer } from './helpers.ts';

let server: Awaited<ReturnType<typeof startPaymentsServer>>;

before(async () => {
  server = await startPaymentsServer();
});
after(async () => {
  await server.close();
});

const rnd = () => randomUUID().replaceAll('-', '');

interface StripeJson {
  [key: string]: unknown;
  id: string;
  status: string;
  error?: { type: string; code: string; decline_code?: string; message: string; payment_intent?: { id: string; status: string } };
}

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: StripeJson; headers: Headers }> {
  const res = await fetch(`${server.baseUrl}/v1/test-payments/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as StripeJson, headers: res.headers };
}

/** A test-provider marketplace with a seller and one payment intent (no payment method yet). */
async function intent(paymentMethod?: string) {
  const db = server.handle.db;
  const m = await paymentsMarketplace(db, server.payments, 'test');
  const seller = await createTestUser(db, m.marketplace.id);
  const buyer = await createTestUser(db, m.marketplace.id);
  await createStripeAccount(db, server.payments, { marketplaceId: m.marketplace.id, userId: seller.user.id, clientId: m.marketplaceApp.clientId }, { country: 'US', accountToken: `ct_${rnd()}`, bankAccountToken: `btok_${rnd()}` });
  const created = await createPaymentIntentForTransaction(db, server.payments, {
    marketplaceId: m.marketplace.id,
    transactionId: randomUUID(),
    customerId: buyer.user.id,
    providerId: seller.user.id,
    payinTotal: new Money(2_500, 'EUR'),
    payoutTotal: new Money(2_000, 'EUR'),
    ...(paymentMethod ? { paymentMethod } : {}),
  });
  return { m, buyer, clientId: m.marketplaceApp.clientId, id: created.payment.intentId, secret: created.payment.clientSecret };
}

test('retrieve with the client secret; a wrong secret is an unknown intent', async () => {
  const pi = await intent();
  const shown = await call('GET', `${pi.clientId}/payment_intents/${pi.id}?client_secret=${pi.secret}`);
  assert.equal(shown.status, 200);
  assert.deepEqual([shown.json.id, shown.json.object, shown.json.status, shown.json.amount, shown.json.currency], [pi.id, 'payment_intent', 'requires_payment_method', 2_500, 'eur']);
  const wrong = await call('GET', `${pi.clientId}/payment_intents/${pi.id}?client_secret=${pi.secret}x`);
  assert.equal(wrong.status, 404);
  assert.deepEqual([wrong.json.error?.type, wrong.json.error?.code], ['invalid_request_error', 'resource_missing']);
  assert.equal((await call('GET', `${pi.clientId}/payment_intents/${pi.id}`)).status, 400, 'client_secret is required');
});

test('confirm: a declined card answers Stripe\'s 402 card error with the intent; a good card authorises', async () => {
  const pi = await intent();
  const declined = await call('POST', `${pi.clientId}/payment_intents/${pi.id}/confirm`, { client_secret: pi.secret, payment_method: 'pm_card_chargeDeclined' });
  assert.equal(declined.status, 402);
  assert.deepEqual(
    [declined.json.error?.type, declined.json.error?.code, declined.json.error?.decline_code, declined.json.error?.message, declined.json.error?.payment_intent?.status],
    ['card_error', 'card_declined', 'generic_decline', 'Your card was declined.', 'requires_payment_method'],
  );
  const ok = await call('POST', `${pi.clientId}/payment_intents/${pi.id}/confirm`, { client_secret: pi.secret, payment_method: 'pm_card_visa' });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.status, 'requires_capture');
  assert.equal(ok.json.amount_capturable, 2_500);
  const twice = await call('POST', `${pi.clientId}/payment_intents/${pi.id}/confirm`, { client_secret: pi.secret, payment_method: 'pm_card_visa' });
  assert.equal(twice.status, 400);
  assert.equal(twice.json.error?.code, 'payment_intent_unexpected_state');
});

test('a card needing authentication: requires_action, then the buyer fails or passes the challenge', async () => {
  const pi = await intent('pm_card_authenticationRequired');
  const first = await call('POST', `${pi.clientId}/payment_intents/${pi.id}/confirm`, { client_secret: pi.secret });
  assert.equal(first.json.status, 'requires_action');
  assert.deepEqual(first.json.next_action, { type: 'use_stripe_sdk' });
  const failed = await call('POST', `${pi.clientId}/payment_intents/${pi.id}/authenticate`, { client_secret: pi.secret, result: 'fail' });
  assert.equal(failed.json.status, 'requires_payment_method');
  assert.equal((failed.json.last_payment_error as { code: string }).code, 'payment_intent_authentication_failure');
  await call('POST', `${pi.clientId}/payment_intents/${pi.id}/confirm`, { client_secret: pi.secret, payment_method: 'pm_card_authenticationRequired' });
  const passed = await call('POST', `${pi.clientId}/payment_intents/${pi.id}/authenticate`, { client_secret: pi.secret });
  assert.equal(passed.json.status, 'requires_capture');
  const notWaiting = await call('POST', `${pi.clientId}/payment_intents/${pi.id}/authenticate`, { client_secret: pi.secret });
  assert.equal(notWaiting.status, 400);
});

test('tokens from the stand-in make accounts; a token is single-use; terms not accepted → onboarding needed', async () => {
  const { m, clientId } = await intent();
  const user = await createTestUser(server.handle.db, m.marketplace.id);
  const userApi = api(server, 'api', await userToken(server, m, user));
  const ct = await call('POST', `${clientId}/tokens`, { type: 'account', business_type: 'company', tos_shown_and_accepted: false });
  const btok = await call('POST', `${clientId}/tokens`, { type: 'bank_account', country: 'DE', currency: 'eur', account_number: 'DE89370400440532013000' });
  assert.match(ct.json.id, /^ct_/);
  assert.match(btok.json.id, /^btok_/);
  const created = await userApi.post('stripe_account/create?expand=true', { country: 'DE', accountToken: ct.json.id, bankAccountToken: btok.json.id });
  assert.equal(created.status, 200);
  const data = created.body.data?.attributes?.stripeAccountData as { business_type: string; charges_enabled: boolean; external_accounts: { data: { last4: string; currency: string }[] } };
  assert.deepEqual([data.business_type, data.charges_enabled, data.external_accounts.data[0]?.last4, data.external_accounts.data[0]?.currency], ['company', false, '3000', 'eur']);
  const other = await createTestUser(server.handle.db, m.marketplace.id);
  const reuse = await api(server, 'api', await userToken(server, m, other)).post('stripe_account/create', { country: 'DE', accountToken: ct.json.id });
  assert.equal(reuse.status, 409);
  assert.equal(reuse.body.errors?.[0]?.code, 'payment-provider-error');
  assert.match(String((reuse.body.errors?.[0] as { meta?: { stripeMessage?: string } }).meta?.stripeMessage), /more than once/);
  const person = await call('POST', `${clientId}/tokens`, { type: 'person' });
  assert.match(person.json.id, /^cpt_/);
  assert.equal((await call('POST', `${clientId}/tokens`, { type: 'card' })).status, 400);
});

test('404 for unknown clients, marketplaces on other providers and unknown paths; CORS for browsers', async () => {
  const pi = await intent();
  assert.equal((await call('GET', `${randomUUID()}/payment_intents/${pi.id}?client_secret=${pi.secret}`)).status, 404);
  const off = await paymentsMarketplace(server.handle.db, server.payments, 'none');
  assert.equal((await call('POST', `${off.marketplaceApp.clientId}/tokens`, { type: 'account' })).status, 404);
  assert.equal((await call('GET', `${pi.clientId}/nothing-here`)).status, 404);
  const preflight = await fetch(`${server.baseUrl}/v1/test-payments/${pi.clientId}/payment_intents/${pi.id}/confirm`, {
    method: 'OPTIONS',
    headers: { origin: 'https://mp.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
});
