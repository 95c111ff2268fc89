/**
 * Stripe secrets at rest: `BAZAAR_SECRETS_KEY` (32 bytes, hex or base64; anything else is a clear
 * ConfigError), used by the server to seal the keys `bazaar marketplace config` writes. With the
 * key the stored row holds no plaintext and the Stripe adapter (against the local stand-in, which
 * refuses any other API key) still works, webhooks included; without it the row is marked plain
 * and the CLI warns.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createAdminKey } from '../../src/domain/admin/index.ts';
import { main } from '../../src/cli/index.ts';
import { createTestMarketplace } from '../support/factories.ts';
import { startStripeStandIn, type StripeStandIn } from '../support/stripe-stand-in.ts';
import { createTestUser } from '../support/users.ts';
import { api, userToken } from '../listings/helpers.ts';
import { startPaymentsServer } from './helpers.ts';

const SECRETS_KEY = randomBytes(32);
let standIn: StripeStandIn;
let sealing: Awaited<ReturnType<typeof startPaymentsServer>>;
let plain: Awaited<ReturnType<typeof startPaymentsServer>>;

before(async () => {
  standIn = await startStripeStandIn();
  sealing = await startPaymentsServer({ standIn, env: { BAZAAR_SECRETS_KEY: SECRETS_KEY.toString('base64') } });
  plain = await startPaymentsServer({ standIn });
});
after(async () => {
  await sealing.close();
  await plain.close();
  await standIn.stop();
});

const rnd = () => randomUUID().replaceAll('-', '');

async function cli(server: typeof sealing, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const adminKey = (await server.handle.db.transaction().execute((trx) => createAdminKey(trx, { name: `secrets-${rnd()}` }))).key;
  let out = '';
  let err = '';
  const code = await main(args, { out: { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) }, env: { BAZAAR_URL: server.baseUrl, BAZAAR_ADMIN_KEY: adminKey } });
  return { code, out, err };
}

const storedSecrets = (server: typeof sealing, marketplaceId: string) =>
  server.handle.db.selectFrom('payment_settings').select(['stripe_secret_key', 'stripe_webhook_secret']).where('marketplace_id', '=', marketplaceId).executeTakeFirstOrThrow();

test('BAZAAR_SECRETS_KEY: 32 bytes as hex or base64; unset is none; anything else is a ConfigError naming the variable', () => {
  const env = (value?: string) => ({ PORT: '0', ...(value !== undefined ? { BAZAAR_SECRETS_KEY: value } : {}) });
  const key = randomBytes(32);
  assert.equal(loadConfig(env()).secretsKey, undefined);
  assert.equal(loadConfig(env('')).secretsKey, undefined);
  assert.deepEqual(loadConfig(env(key.toString('hex'))).secretsKey, key);
  assert.deepEqual(loadConfig(env(key.toString('hex').toUpperCase())).secretsKey, key);
  assert.deepEqual(loadConfig(env(key.toString('base64'))).secretsKey, key);
  assert.deepEqual(loadConfig(env(key.toString('base64url'))).secretsKey, key, 'URL-safe base64 without padding');
  const refused = [
    'secret',
    key.toString('hex').slice(0, 62), // 31 bytes
    `${key.toString('hex')}00`, // 33 bytes
    randomBytes(24).toString('base64'),
    randomBytes(48).toString('base64'),
    `${key.toString('base64').slice(0, 43)}!`,
    'g'.repeat(64),
  ];
  for (const value of refused) {
    assert.throws(() => loadConfig(env(value)), (err: unknown) => err instanceof ConfigError && /BAZAAR_SECRETS_KEY must be 32 bytes/.test(err.message), value);
  }
});

test('with a secrets key: `marketplace config --payments stripe` stores the keys sealed, without a warning; the adapter and webhooks still work', async () => {
  const m = await createTestMarketplace(sealing.handle.db);
  const set = await cli(sealing, ['marketplace', 'config', '--marketplace', m.marketplace.slug, '--payments', 'stripe', '--stripe-secret-key', standIn.secretKey, '--stripe-webhook-secret', standIn.webhookSecret]);
  assert.equal(set.code, 0, set.err);
  assert.equal(set.err, '', 'no warning');
  assert.match(set.out, /stripe-secret-key\s+sk_test_…/);
  assert.doesNotMatch(set.out, /unsealed/);
  const row = await storedSecrets(sealing, m.marketplace.id);
  for (const [stored, secret] of [[row.stripe_secret_key, standIn.secretKey], [row.stripe_webhook_secret, standIn.webhookSecret]] as const) {
    assert.match(stored ?? '', /^aes-256-gcm:/);
    assert.ok(!(stored ?? '').includes(secret.slice(8)), 'no plaintext in the row');
    assert.ok(!Buffer.from(stored ?? '').toString('latin1').includes(secret.slice(-12)));
  }

  // The stand-in answers 401 to any other key: a connected account is only created with the opened one.
  const seller = await createTestUser(sealing.handle.db, m.marketplace.id);
  const asSeller = api(sealing, 'api', await userToken(sealing, m, seller));
  const created = await asSeller.post('stripe_account/create?expand=true', { country: 'US', accountToken: `ct_${rnd()}`, bankAccountToken: `btok_${rnd()}` });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  assert.ok(standIn.accounts.has(String(created.body.data?.attributes?.stripeAccountId)));

  // The sealed webhook secret checks signatures.
  const body = standIn.event('payment_intent.succeeded', { id: 'pi_unknown', object: 'payment_intent', status: 'succeeded' });
  const post = (signature: string) =>
    fetch(`${sealing.baseUrl}/v1/webhooks/stripe/${m.marketplace.slug}`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body });
  assert.equal((await post(standIn.sign(body))).status, 200);
  assert.equal((await post(standIn.sign(body, 'whsec_other'))).status, 400);
});

test('without a secrets key: the keys are stored marked plain and `marketplace config` warns (also when only showing)', async () => {
  const m = await createTestMarketplace(plain.handle.db);
  const set = await cli(plain, ['marketplace', 'config', '--marketplace', m.marketplace.slug, '--payments', 'stripe', '--stripe-secret-key', standIn.secretKey, '--json']);
  assert.equal(set.code, 0, set.err);
  assert.match(set.err, /stored unsealed .*BAZAAR_SECRETS_KEY/);
  assert.equal((JSON.parse(set.out) as { stripeSecretKeyEncrypted: boolean }).stripeSecretKeyEncrypted, false, 'stdout stays JSON');
  const row = await storedSecrets(plain, m.marketplace.id);
  assert.equal(row.stripe_secret_key, `plain:${standIn.secretKey}`);
  const shown = await cli(plain, ['marketplace', 'config', '--marketplace', m.marketplace.slug]);
  assert.match(shown.err, /BAZAAR_SECRETS_KEY/);
  assert.match(shown.out, /stored unsealed/);
  // A marketplace without Stripe keys gets no warning.
  const other = await createTestMarketplace(plain.handle.db);
  assert.equal((await cli(plain, ['marketplace', 'config', '--marketplace', other.marketplace.slug, '--payments', 'test'])).err, '');
});
