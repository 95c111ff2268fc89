/**
 * Payments through the real Marketplace SDK (transit), under the built-in test provider, the way
 * the web template calls them: seller onboarding (stripeAccount.create/fetch/update,
 * stripeAccountLinks.create, stripePersons.create, legacy currentUser.*StripeAccount) and the
 * buyer's saved card (stripeSetupIntents.create → confirm with the test endpoint →
 * stripeCustomer.create/deletePaymentMethod/addPaymentMethod), with includes and error shapes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestUser, type TestUser } from '../support/users.ts';
import { group, marketplaceSdk, type EndpointGroup, type MarketplaceSdk, type SdkError, type SdkResource, type SdkResponse } from '../support/sdk.ts';
import type { TestMarketplace } from '../support/factories.ts';
import { paymentsMarketplace, startPaymentsServer } from '../payments/helpers.ts';

let server: Awaited<ReturnType<typeof startPaymentsServer>>;
let m: TestMarketplace;

before(async () => {
  server = await startPaymentsServer();
  m = await paymentsMarketplace(server.handle.db, server.payments, 'test');
});
after(async () => {
  await server.close();
});

const rnd = () => randomUUID().replaceAll('-', '');
const fn = (g: EndpointGroup, name: string) => {
  const f = g[name];
  if (!f) throw new Error(`the SDK has no endpoint ${name}`);
  return f;
};
const data = (r: SdkResponse): SdkResource => {
  const d = r.data.data;
  if (Array.isArray(d)) throw new Error('expected one resource');
  return d;
};

async function loggedIn(user: TestUser): Promise<MarketplaceSdk> {
  const sdk = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId);
  await sdk.login({ username: user.email, password: user.password });
  return sdk;
}

async function rejection(promise: Promise<unknown>): Promise<SdkError & { data?: { errors?: { code: string; status: number; meta?: Record<string, unknown> }[] } }> {
  try {
    await promise;
  } catch (err) {
    return err as SdkError;
  }
  assert.fail('expected the SDK call to fail');
}

test('seller onboarding as the web template does it', async () => {
  const seller = await createTestUser(server.handle.db, m.marketplace.id);
  const sdk = await loggedIn(seller);
  const stripeAccount = group(sdk, 'stripeAccount');

  const missing = await rejection(fn(stripeAccount, 'fetch')());
  assert.equal(missing.status, 409);
  assert.equal(missing.data?.errors?.[0]?.code, 'stripe-account-not-found');
  const bad = await rejection(fn(stripeAccount, 'create')({ country: 'Finland', accountToken: `ct_${rnd()}` }));
  assert.equal(bad.status, 400);

  // The template sends undefined business profile fields and these capabilities.
  const created = await fn(stripeAccount, 'create')(
    { country: 'US', accountToken: `ct_${rnd()}`, bankAccountToken: undefined, requestedCapabilities: ['card_payments', 'transfers'], businessProfileMCC: '5734', businessProfileURL: undefined },
    { expand: true },
  );
  const account = data(created);
  assert.equal(account.type, 'stripeAccount');
  assert.match(String(account.attributes.stripeAccountId), /^acct_/);
  const accountData = account.attributes.stripeAccountData as { requirements: { currently_due: string[] }; business_profile: { mcc: string } };
  assert.deepEqual(accountData.requirements.currently_due, ['external_account']);
  assert.equal(accountData.business_profile.mcc, '5734');

  const updated = await fn(stripeAccount, 'update')({ bankAccountToken: `btok_${rnd()}`, requestedCapabilities: ['card_payments', 'transfers'] }, { expand: true });
  assert.equal((data(updated).attributes.stripeAccountData as { payouts_enabled: boolean }).payouts_enabled, true);
  const fetched = await fn(stripeAccount, 'fetch')();
  assert.equal(data(fetched).id.uuid, account.id.uuid);

  // getStripeConnectAccountLink: the template reads response.data.data.attributes.url (no expand).
  const link = await fn(group(sdk, 'stripeAccountLinks'), 'create')({
    failureURL: 'https://mp.example.com/account/payments/failure',
    successURL: 'https://mp.example.com/account/payments/success',
    type: 'custom_account_update',
    collect: 'currently_due',
  });
  assert.ok(String(data(link).attributes.url).startsWith(server.baseUrl));
  assert.ok(data(link).attributes.expiresAt instanceof Date);

  const person = await fn(group(sdk, 'stripePersons'), 'create')({ personToken: `cpt_${rnd()}` }, { expand: true });
  assert.match(String(data(person).attributes.stripePersonId), /^person_/);

  const me = await fn(group(sdk, 'currentUser'), 'show')({ include: ['stripeAccount'] });
  assert.equal(data(me).attributes.stripeConnected, true);
  assert.equal(data(me).attributes.stripePayoutsEnabled, true);
  assert.equal(me.data.included?.[0]?.attributes.stripeAccountId, account.attributes.stripeAccountId);
});

test('buyer saves, replaces and removes a card as the web template does it', async () => {
  const buyer = await createTestUser(server.handle.db, m.marketplace.id);
  const sdk = await loggedIn(buyer);
  const setupIntent = await fn(group(sdk, 'stripeSetupIntents'), 'create')({});
  const { stripeSetupIntentId, clientSecret } = data(setupIntent).attributes as { stripeSetupIntentId: string; clientSecret: string };
  // Stripe.js's handleCardSetup, played by the test provider's endpoint.
  const res = await fetch(`${server.baseUrl}/v1/test-payments/${m.marketplaceApp.clientId}/setup_intents/${stripeSetupIntentId}/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_secret: clientSecret, payment_method: 'pm_card_mastercard' }),
  });
  const { payment_method: paymentMethodId } = (await res.json()) as { payment_method: string };

  const stripeCustomer = group(sdk, 'stripeCustomer');
  const created = await fn(stripeCustomer, 'create')({ stripePaymentMethodId: paymentMethodId }, { expand: true, include: ['defaultPaymentMethod'] });
  const customer = data(created);
  assert.equal(customer.type, 'stripeCustomer');
  assert.match(String(customer.attributes.stripeCustomerId), /^cus_/);
  const card = created.data.included?.find((r) => r.type === 'stripePaymentMethod');
  assert.deepEqual([card?.attributes.type, card?.attributes.stripePaymentMethodId, (card?.attributes.card as { brand: string; last4Digits: string }).last4Digits], [
    'stripe-payment-method/card',
    paymentMethodId,
    '4444',
  ]);

  const multiple = await rejection(fn(stripeCustomer, 'addPaymentMethod')({ stripePaymentMethodId: 'pm_card_visa' }, { expand: true }));
  assert.equal(multiple.data?.errors?.[0]?.code, 'stripe-multiple-payment-methods-not-supported');
  // updatePaymentMethod: delete, then add.
  await fn(stripeCustomer, 'deletePaymentMethod')({}, { expand: true });
  await fn(stripeCustomer, 'addPaymentMethod')({ stripePaymentMethodId: 'pm_card_visa' }, { expand: true });
  const me = await fn(group(sdk, 'currentUser'), 'show')({ include: ['stripeCustomer.defaultPaymentMethod'] });
  const saved = me.data.included?.find((r) => r.type === 'stripePaymentMethod');
  assert.deepEqual((saved?.attributes.card as { brand: string; last4Digits: string }).last4Digits, '4242');
});

test('legacy currentUser.createStripeAccount / updateStripeAccount / deleteStripeAccount', async () => {
  const seller = await createTestUser(server.handle.db, m.marketplace.id);
  const currentUser = group(await loggedIn(seller), 'currentUser');
  const created = await fn(currentUser, 'createStripeAccount')({ country: 'GB', accountToken: `ct_${rnd()}`, bankAccountToken: `btok_${rnd()}` }, { expand: true });
  assert.equal(data(created).type, 'currentUser');
  assert.equal(data(created).attributes.stripeConnected, true);
  const updated = await fn(currentUser, 'updateStripeAccount')({ bankAccountToken: `btok_${rnd()}` }, { expand: true });
  assert.equal(data(updated).attributes.stripePayoutsEnabled, true);
  const deleted = await fn(currentUser, 'deleteStripeAccount')({}, { expand: true });
  assert.equal(data(deleted).attributes.stripeConnected, false);
});
