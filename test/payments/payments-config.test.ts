/**
 * Choosing a marketplace's payments provider over the Admin API and `bazaar marketplace config
 * --payments none|test|stripe --stripe-secret-key … --stripe-webhook-secret …`: validation, secrets
 * never shown (only a hint), stored sealed or marked plain, and the provider actually used.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createAdminKey } from '../../src/domain/admin/index.ts';
import { configurePayments, createPaymentsDeps, findPaymentProvider } from '../../src/domain/payments/index.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { main } from '../../src/cli/index.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace } from '../support/factories.ts';

let server: TestServer;
let adminKey: string;

before(async () => {
  server = await startTestServer();
  adminKey = (await server.handle.db.transaction().execute((trx) => createAdminKey(trx, { name: 'payments-test' }))).key;
});
after(async () => server.close());

async function admin(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; text: string; body: { data?: Record<string, unknown>; errors?: { code: string; source?: { path: string[] } }[] } }> {
  const res = await fetch(`${server.baseUrl}/v1/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as { data?: Record<string, unknown> } };
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) }, env: { BAZAAR_URL: server.baseUrl, BAZAAR_ADMIN_KEY: adminKey } });
  return { code, out, err };
}

test('Admin API: provider and keys; secrets write-only; validation changes nothing', async () => {
  const mp = await createTestMarketplace(server.handle.db);
  const slug = mp.marketplace.slug;
  const shown = await admin('GET', `/marketplace-config?marketplace=${slug}`);
  assert.deepEqual([shown.body.data?.payments, shown.body.data?.stripeSecretKeyHint, shown.body.data?.stripeWebhookSecretSet], ['none', null, false]);

  const noKey = await admin('POST', '/marketplace-config', { marketplace: slug, payments: 'stripe' });
  assert.equal(noKey.status, 400);
  assert.equal(noKey.body.errors?.[0]?.code, 'validation-invalid-params');
  const badKey = await admin('POST', '/marketplace-config', { marketplace: slug, payments: 'stripe', stripeSecretKey: 'pk_test_publishable' });
  assert.equal(badKey.status, 400);
  assert.deepEqual(badKey.body.errors?.[0]?.source?.path, ['stripeSecretKey']);
  assert.equal((await admin('POST', '/marketplace-config', { marketplace: slug, stripeWebhookSecret: 'secret' })).status, 400);
  assert.equal((await admin('POST', '/marketplace-config', { marketplace: slug, payments: 'paypal' })).status, 400);
  assert.equal((await admin('GET', `/marketplace-config?marketplace=${slug}`)).body.data?.payments, 'none');

  const key = `sk_test_${randomBytes(12).toString('hex')}`;
  const set = await admin('POST', '/marketplace-config', { marketplace: slug, payments: 'stripe', stripeSecretKey: key, stripeWebhookSecret: 'whsec_abc123' });
  assert.equal(set.status, 200);
  assert.equal(set.body.data?.payments, 'stripe');
  assert.equal(set.body.data?.stripeSecretKeyHint, `sk_test_…${key.slice(-4)}`);
  assert.equal(set.body.data?.stripeSecretKeyEncrypted, false);
  assert.equal(set.body.data?.stripeWebhookSecretSet, true);
  assert.ok(!set.text.includes(key.slice(8)), 'the key never comes back');
  assert.ok(!set.text.includes('whsec_abc123'));
  // Other settings are kept; the access settings still work alongside.
  const both = await admin('POST', '/marketplace-config', { marketplace: slug, privateMarketplace: true });
  assert.deepEqual([both.body.data?.payments, both.body.data?.privateMarketplace], ['stripe', true]);
  // Without a server secrets key the key is stored marked plain (and said so above).
  const row = await server.handle.db.selectFrom('payment_settings').select(['stripe_secret_key']).where('marketplace_id', '=', mp.marketplace.id).executeTakeFirstOrThrow();
  assert.equal(row.stripe_secret_key, `plain:${key}`);

  const cleared = await admin('POST', '/marketplace-config', { marketplace: slug, payments: 'test', stripeSecretKey: null });
  assert.deepEqual([cleared.body.data?.payments, cleared.body.data?.stripeSecretKeyHint], ['test', null]);
});

test('with a server secrets key, keys are stored encrypted and still usable', async () => {
  const mp = await createTestMarketplace(server.handle.db);
  const deps = createPaymentsDeps({ clock: systemClock, publicUrl: server.baseUrl, secretsKey: randomBytes(32) });
  const key = `sk_live_${randomBytes(12).toString('hex')}`;
  const settings = await server.handle.db.transaction().execute((trx) => configurePayments(trx, deps, { marketplaceSlug: mp.marketplace.slug, changes: { provider: 'stripe', stripeSecretKey: key } }));
  assert.equal(settings.stripeSecretKeyEncrypted, true);
  const row = await server.handle.db.selectFrom('payment_settings').select(['stripe_secret_key']).where('marketplace_id', '=', mp.marketplace.id).executeTakeFirstOrThrow();
  assert.ok(row.stripe_secret_key?.startsWith('aes-256-gcm:'));
  assert.ok(!row.stripe_secret_key?.includes(key.slice(8)));
  assert.equal((await findPaymentProvider(server.handle.db, deps, { marketplaceId: mp.marketplace.id }))?.kind, 'stripe');
  // A server without that key cannot use it: a clear 409, not a crash.
  await assert.rejects(findPaymentProvider(server.handle.db, createPaymentsDeps({ clock: systemClock, publicUrl: server.baseUrl }), { marketplaceId: mp.marketplace.id }), { code: 'stripe-missing-api-key' });
});

test('bazaar marketplace config --payments … shows the provider and a key hint', async () => {
  const mp = await createTestMarketplace(server.handle.db);
  const slug = mp.marketplace.slug;
  const set = await cli(['marketplace', 'config', '--marketplace', slug, '--payments', 'test']);
  assert.equal(set.code, 0, set.err);
  assert.match(set.out, /payments\s+test/);
  assert.match(set.out, /stripe-secret-key\s+\(none\)/);
  const key = `sk_test_${randomBytes(12).toString('hex')}`;
  const stripe = await cli(['marketplace', 'config', '--marketplace', slug, '--payments', 'stripe', '--stripe-secret-key', key, '--stripe-webhook-secret', 'whsec_x1', '--json']);
  assert.equal(stripe.code, 0, stripe.err);
  const json = JSON.parse(stripe.out) as Record<string, unknown>;
  assert.deepEqual([json.payments, json.stripeSecretKeyHint, json.stripeWebhookSecretSet], ['stripe', `sk_test_…${key.slice(-4)}`, true]);
  assert.ok(!stripe.out.includes(key.slice(8)));
  const bad = await cli(['marketplace', 'config', '--marketplace', slug, '--payments', 'cash']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /must be one of none, test, stripe/);
});
