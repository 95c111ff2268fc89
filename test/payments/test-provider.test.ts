/**
 * The built-in test provider passes the provider scenario (provider-scenario.ts) on the test
 * database, and keeps Stripe's test-mode rules for tokens.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { findPaymentProvider, type PaymentProvider } from '../../src/domain/payments/index.ts';
import type { DbHandle } from '../../src/store/db.ts';
import { openTestDb } from '../support/db.ts';
import { paymentsMarketplace, testPaymentsDeps } from './helpers.ts';
import { rejectsWith, runProviderScenario } from './provider-scenario.ts';

let handle: DbHandle;
const deps = testPaymentsDeps({ publicUrl: 'http://bazaar.test' });

before(async () => {
  handle = await openTestDb();
});
after(async () => {
  await handle.close();
});

async function testProvider(): Promise<{ provider: PaymentProvider; clientId: string }> {
  const m = await paymentsMarketplace(handle.db, deps, 'test');
  const provider = await findPaymentProvider(handle.db, deps, { marketplaceId: m.marketplace.id, clientId: m.marketplaceApp.clientId });
  assert.ok(provider);
  assert.equal(provider.kind, 'test');
  return { provider, clientId: m.marketplaceApp.clientId };
}

const rnd = () => randomUUID().replaceAll('-', '');

test('the test provider passes the provider scenario', async () => {
  const { provider, clientId } = await testProvider();
  const { accountId } = await runProviderScenario(provider, {
    accountToken: () => `ct_${rnd()}`,
    bankAccountToken: () => `btok_${rnd()}`,
    personToken: () => `cpt_${rnd()}`,
  });
  const link = await provider.createAccountLink(accountId, { type: 'update', refreshUrl: 'https://mp.example.com/r', returnUrl: 'https://mp.example.com/ok', collect: 'eventually_due', futureRequirements: null });
  assert.ok(link.url.startsWith(`http://bazaar.test/v1/test-payments/${clientId}/accounts/${accountId}/onboarding?`), link.url);
});

test('tokens must look like Stripe.js tokens; unknown ids are not found', async () => {
  const { provider } = await testProvider();
  const base = { country: 'FI', bankAccountToken: null, businessProfile: { mcc: null, url: null, productDescription: null }, capabilities: ['card_payments' as const, 'transfers' as const], email: null, metadata: {} };
  await rejectsWith(provider.createAccount({ ...base, accountToken: 'tok_visa' }, {}), 'invalid-request', 'token_invalid');
  await rejectsWith(provider.createAccount({ ...base, accountToken: `ct_${rnd()}`, bankAccountToken: 'ba_123' }, {}), 'invalid-request', 'token_invalid');
  const account = await provider.createAccount({ ...base, accountToken: `ct_${rnd()}` }, {});
  // Without a bank account the seller can be charged for but not paid out (Stripe: external_account due).
  assert.equal(account.chargesEnabled, true);
  assert.equal(account.payoutsEnabled, false);
  assert.deepEqual(account.requirements.currentlyDue, ['external_account']);
  assert.equal(account.data.default_currency, 'eur');
  await rejectsWith(provider.retrievePaymentMethod('pm_unknown'), 'not-found', 'resource_missing');
  await rejectsWith(provider.createPerson(account.id, 'person_token', {}), 'invalid-request', 'token_invalid');
});

test('state survives a new provider instance (it lives in the database)', async () => {
  const { provider } = await testProvider();
  const m2 = await paymentsMarketplace(handle.db, deps, 'test');
  const other = await findPaymentProvider(handle.db, deps, { marketplaceId: m2.marketplace.id });
  const account = await provider.createAccount(
    { country: 'US', accountToken: `ct_${rnd()}`, bankAccountToken: null, businessProfile: { mcc: null, url: null, productDescription: null }, capabilities: ['transfers'], email: null, metadata: {} },
    {},
  );
  assert.equal((await provider.retrieveAccount(account.id)).id, account.id);
  // Another marketplace's test provider does not see it.
  await rejectsWith(other?.retrieveAccount(account.id) ?? Promise.resolve(), 'not-found');
});
