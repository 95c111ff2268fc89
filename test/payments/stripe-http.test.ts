/**
 * The Stripe endpoints of the Marketplace API under the built-in test provider (HTTP, JSON):
 * stripe_account/*, stripe_account_links/create, stripe_persons/create, stripe_setup_intents/create,
 * stripe_customer/*, the legacy current_user/*_stripe_account, and the `currentUser` attributes and
 * includes they feed. Happy paths, who may call, bad input (400 with the path, nothing stored).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestMarketplace } from '../support/factories.ts';
import type { TestServer } from '../support/app.ts';
import type { PaymentsDeps } from '../../src/domain/payments/index.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { anonToken, api, integToken, userToken, type JsonResponse } from '../listings/helpers.ts';
import { paymentsMarketplace, startPaymentsServer } from './helpers.ts';

let server: TestServer & { payments: PaymentsDeps };

before(async () => {
  server = await startPaymentsServer();
});
after(async () => {
  await server.close();
});

const rnd = () => randomUUID().replaceAll('-', '');
const db = () => server.handle.db;

interface Ctx {
  m: TestMarketplace;
  user: TestUser;
  call: ReturnType<typeof api>;
}

async function setup(provider: 'test' | 'none' = 'test'): Promise<Ctx> {
  const m = await paymentsMarketplace(db(), server.payments, provider);
  const user = await createTestUser(db(), m.marketplace.id);
  return { m, user, call: api(server, 'api', await userToken(server, m, user)) };
}

const attrs = (r: JsonResponse) => r.body.data?.attributes ?? {};
const errorOf = (r: JsonResponse) => ({ status: r.status, code: r.body.errors?.[0]?.code, path: r.body.errors?.[0]?.source?.path });

describe('stripe_account/*', () => {
  test('create (expand) → currentUser.stripeConnected, include=stripeAccount; fetch; update adds the bank account', async () => {
    const { call } = await setup();
    const created = await call.post('stripe_account/create?expand=true', {
      country: 'US',
      accountToken: `ct_${rnd()}`,
      businessProfileMCC: '5734',
      businessProfileURL: 'https://seller.example.com',
      requestedCapabilities: ['card_payments', 'transfers'],
    });
    assert.equal(created.status, 200);
    assert.equal(created.body.data?.type, 'stripeAccount');
    const accountId = String(attrs(created).stripeAccountId);
    assert.match(accountId, /^acct_/);
    const data = attrs(created).stripeAccountData as Record<string, unknown>;
    assert.equal(data.id, accountId);
    assert.equal(data.payouts_enabled, false);
    assert.deepEqual((data.requirements as { currently_due: string[] }).currently_due, ['external_account']);

    const me = await call.get('current_user/show?include=stripeAccount');
    assert.equal(attrs(me).stripeConnected, true);
    assert.equal(attrs(me).stripeChargesEnabled, true);
    assert.equal(attrs(me).stripePayoutsEnabled, false);
    const included = me.body.included?.find((r) => r.type === 'stripeAccount');
    assert.deepEqual(included?.attributes, { stripeAccountId: accountId });
    assert.deepEqual(me.body.data?.relationships?.stripeAccount?.data, { id: included?.id, type: 'stripeAccount' });

    const fetched = await call.get('stripe_account/fetch');
    assert.equal(fetched.status, 200);
    assert.equal(attrs(fetched).stripeAccountId, accountId);
    assert.equal(fetched.body.data?.id, created.body.data?.id);

    const updated = await call.post('stripe_account/update', { bankAccountToken: `btok_${rnd()}`, requestedCapabilities: ['card_payments', 'transfers'] });
    assert.equal(updated.status, 200);
    assert.deepEqual(Object.keys(updated.body.data ?? {}).sort(), ['id', 'type'], 'no expand: reference only');
    const after = await call.get('current_user/show');
    assert.equal(attrs(after).stripePayoutsEnabled, true);

    const again = await call.post('stripe_account/create', { country: 'US', accountToken: `ct_${rnd()}` });
    assert.deepEqual(errorOf(again), { status: 409, code: 'conflict', path: undefined });
  });

  test('bad input → 400 naming the key, nothing stored; other callers', async () => {
    const { m, call } = await setup();
    const cases: [Record<string, unknown>, string, string[] | undefined][] = [
      [{ country: 'USA', accountToken: `ct_${rnd()}` }, 'validation-invalid-value', ['country']],
      [{ country: 'US', accountToken: 'tok_visa' }, 'validation-invalid-value', ['accountToken']],
      [{ country: 'US', accountToken: `ct_${rnd()}`, bankAccountToken: 'ba_1' }, 'validation-invalid-value', ['bankAccountToken']],
      [{ country: 'US', accountToken: `ct_${rnd()}`, requestedCapabilities: ['everything'] }, 'validation-invalid-value', ['requestedCapabilities']],
      [{ country: 'US', accountToken: `ct_${rnd()}`, businessProfileURL: 'not a url' }, 'validation-invalid-value', ['businessProfileURL']],
      [{ accountToken: `ct_${rnd()}` }, 'validation-missing-key', undefined],
      [{ country: 'US', accountToken: `ct_${rnd()}`, iban: 'x' }, 'validation-disallowed-key', undefined],
    ];
    for (const [body, code, path] of cases) {
      const r = await call.post('stripe_account/create', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.errors?.[0]?.code, code, JSON.stringify(body));
      if (path) assert.deepEqual(r.body.errors?.[0]?.source?.path, path);
    }
    assert.deepEqual(errorOf(await call.get('stripe_account/fetch')), { status: 409, code: 'stripe-account-not-found', path: undefined });
    assert.equal(attrs(await call.get('current_user/show')).stripeConnected, false);
    assert.equal((await call.post('stripe_account/update', { bankAccountToken: `btok_${rnd()}` })).body.errors?.[0]?.code, 'stripe-account-not-found');

    const anon = api(server, 'api', await anonToken(server, m));
    assert.deepEqual(errorOf(await anon.post('stripe_account/create', { country: 'US', accountToken: `ct_${rnd()}` })), { status: 403, code: 'forbidden', path: undefined });
    const noToken = await server.app.inject({ method: 'GET', url: '/v1/api/stripe_account/fetch', headers: { accept: 'application/json' } });
    assert.equal(noToken.statusCode, 401);
  });

  test('payments off (provider none) → 409 stripe-missing-api-key', async () => {
    const { call } = await setup('none');
    assert.deepEqual(errorOf(await call.post('stripe_account/create', { country: 'US', accountToken: `ct_${rnd()}` })), { status: 409, code: 'stripe-missing-api-key', path: undefined });
    assert.equal((await call.post('stripe_setup_intents/create', {})).body.errors?.[0]?.code, 'stripe-missing-api-key');
  });

  test('account links (always with url/expiresAt) lead to onboarding that enables payouts; persons', async () => {
    const { call } = await setup();
    await call.post('stripe_account/create', { country: 'FI', accountToken: `ct_${rnd()}` });
    const link = await call.post('stripe_account_links/create', {
      failureURL: 'https://mp.example.com/payouts?fail=1',
      successURL: 'https://mp.example.com/payouts?ok=1',
      type: 'custom_account_verification',
      collectionOptions: { fields: 'currently_due', future_requirements: 'include' },
    });
    assert.equal(link.status, 200);
    assert.equal(link.body.data?.type, 'stripeAccountLink');
    const url = String(attrs(link).url);
    assert.ok(url.startsWith(`${server.baseUrl}/v1/test-payments/`), url);
    assert.ok(Date.parse(String(attrs(link).expiresAt)) > Date.now());
    const visit = await fetch(url, { redirect: 'manual' });
    assert.equal(visit.status, 302);
    assert.equal(visit.headers.get('location'), 'https://mp.example.com/payouts?ok=1');
    const fetched = await call.get('stripe_account/fetch');
    assert.equal((attrs(fetched).stripeAccountData as { payouts_enabled: boolean }).payouts_enabled, true);

    const legacyCollect = await call.post('stripe_account_links/create', { failureURL: 'https://a.example', successURL: 'https://b.example', type: 'custom_account_update', collect: 'eventually_due' });
    assert.equal(legacyCollect.status, 200);
    assert.deepEqual(errorOf(await call.post('stripe_account_links/create', { failureURL: 'https://a.example', successURL: 'https://b.example', type: 'onboard-me' })), {
      status: 400,
      code: 'validation-invalid-value',
      path: ['type'],
    });
    assert.equal((await call.post('stripe_account_links/create', { failureURL: 'nope', successURL: 'https://b.example', type: 'custom_account_update' })).status, 400);

    const person = await call.post('stripe_persons/create?expand=true', { personToken: `cpt_${rnd()}` });
    assert.equal(person.status, 200);
    assert.match(String(attrs(person).stripePersonId), /^person_/);
    assert.deepEqual(errorOf(await call.post('stripe_persons/create', { personToken: 'ct_wrongkind' })), { status: 400, code: 'validation-invalid-value', path: ['personToken'] });
  });

  test('the Integration API shows a user\'s stripeConnected and stripeAccount; the public view does not', async () => {
    const { m, user, call } = await setup();
    await call.post('stripe_account/create', { country: 'US', accountToken: `ct_${rnd()}` });
    const integ = api(server, 'integration_api', await integToken(server, m));
    const shown = await integ.get(`users/show?id=${user.user.id}&include=stripeAccount`);
    assert.equal(attrs(shown).stripeConnected, true);
    assert.equal(shown.body.included?.[0]?.type, 'stripeAccount');
    const other = await createTestUser(db(), m.marketplace.id);
    const otherCall = api(server, 'api', await userToken(server, m, other));
    const publicView = await otherCall.get(`users/show?id=${user.user.id}`);
    assert.equal(attrs(publicView).stripeConnected, undefined);
  });
});

describe('stripe_setup_intents/create and stripe_customer/*', () => {
  test('setup intent → card confirmed through the test endpoint → customer with include=defaultPaymentMethod → replace → delete', async () => {
    const { m, call } = await setup();
    const si = await call.post('stripe_setup_intents/create', {});
    assert.equal(si.status, 200);
    assert.equal(si.body.data?.type, 'stripeSetupIntent');
    const setupId = String(attrs(si).stripeSetupIntentId);
    const clientSecret = String(attrs(si).clientSecret);
    assert.match(setupId, /^seti_/);
    const confirmed = await fetch(`${server.baseUrl}/v1/test-payments/${m.marketplaceApp.clientId}/setup_intents/${setupId}/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_secret: clientSecret, payment_method: 'pm_card_visa' }),
    });
    const setupIntent = (await confirmed.json()) as { status: string; payment_method: string };
    assert.equal(setupIntent.status, 'succeeded');
    assert.match(setupIntent.payment_method, /^pm_/);

    assert.deepEqual(errorOf(await call.post('stripe_customer/add_payment_method', { stripePaymentMethodId: setupIntent.payment_method })), { status: 409, code: 'stripe-customer-not-found', path: undefined });
    const customer = await call.post('stripe_customer/create?expand=true&include=defaultPaymentMethod', { stripePaymentMethodId: setupIntent.payment_method });
    assert.equal(customer.status, 200);
    assert.equal(customer.body.data?.type, 'stripeCustomer');
    assert.match(String(attrs(customer).stripeCustomerId), /^cus_/);
    const card = customer.body.included?.find((r) => r.type === 'stripePaymentMethod');
    assert.deepEqual(card?.attributes, {
      type: 'stripe-payment-method/card',
      stripePaymentMethodId: setupIntent.payment_method,
      card: { brand: 'visa', last4Digits: '4242', expirationYear: (card?.attributes?.card as { expirationYear: number }).expirationYear, expirationMonth: 12 },
    });
    assert.deepEqual(customer.body.data?.relationships?.defaultPaymentMethod?.data, { id: card?.id, type: 'stripePaymentMethod' });

    const me = await call.get('current_user/show?include=stripeCustomer.defaultPaymentMethod');
    assert.equal(me.body.included?.filter((r) => r.type === 'stripeCustomer').length, 1);
    assert.equal((me.body.included?.find((r) => r.type === 'stripePaymentMethod')?.attributes?.card as { last4Digits: string }).last4Digits, '4242');

    assert.deepEqual(errorOf(await call.post('stripe_customer/add_payment_method', { stripePaymentMethodId: 'pm_card_mastercard' })), {
      status: 409,
      code: 'stripe-multiple-payment-methods-not-supported',
      path: undefined,
    });
    assert.equal((await call.post('stripe_customer/create', { stripePaymentMethodId: 'pm_card_visa' })).body.errors?.[0]?.code, 'conflict');
    const deleted = await call.post('stripe_customer/delete_payment_method?expand=true&include=defaultPaymentMethod', {});
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.body.data?.relationships?.defaultPaymentMethod?.data, null);
    const added = await call.post('stripe_customer/add_payment_method?expand=true&include=defaultPaymentMethod', { stripePaymentMethodId: 'pm_card_mastercard' });
    assert.equal(added.status, 200);
    assert.equal((added.body.included?.[0]?.attributes?.card as { brand: string }).brand, 'mastercard');
    assert.deepEqual(errorOf(await call.post('stripe_customer/add_payment_method', { stripePaymentMethodId: 'visa' })), { status: 400, code: 'validation-invalid-value', path: ['stripePaymentMethodId'] });
  });

  test('an unknown payment method is refused by the provider; nothing stored', async () => {
    const { call } = await setup();
    const r = await call.post('stripe_customer/create', { stripePaymentMethodId: 'pm_doesnotexist' });
    assert.equal(r.status, 409);
    assert.equal(r.body.errors?.[0]?.code, 'payment-provider-error');
    assert.equal(attrs(await call.get('current_user/show?include=stripeCustomer')).stripeConnected, false);
    assert.equal((await call.get('current_user/show?include=stripeCustomer')).body.data?.relationships?.stripeCustomer?.data, null);
  });
});

describe('legacy current_user/*_stripe_account', () => {
  test('create, update, delete answer with the currentUser', async () => {
    const { call } = await setup();
    const created = await call.post('current_user/create_stripe_account?expand=true&include=stripeAccount', { country: 'US', accountToken: `ct_${rnd()}`, bankAccountToken: `btok_${rnd()}` });
    assert.equal(created.status, 200);
    assert.equal(created.body.data?.type, 'currentUser');
    assert.equal(attrs(created).stripeConnected, true);
    assert.equal(attrs(created).stripePayoutsEnabled, true);
    assert.equal(created.body.included?.[0]?.type, 'stripeAccount');
    const updated = await call.post('current_user/update_stripe_account?expand=true', { businessProfileURL: 'https://new.example.com' });
    assert.equal(updated.status, 200);
    assert.equal((await call.get('stripe_account/fetch')).body.data?.attributes?.stripeAccountData instanceof Object, true);
    const deleted = await call.post('current_user/delete_stripe_account?expand=true', {});
    assert.equal(deleted.status, 200);
    assert.equal(attrs(deleted).stripeConnected, false);
    assert.equal((await call.get('stripe_account/fetch')).body.errors?.[0]?.code, 'stripe-account-not-found');
    assert.equal((await call.post('current_user/delete_stripe_account', {})).body.errors?.[0]?.code, 'stripe-account-not-found');
  });
});
