/**
 * The Stripe adapter (official `stripe` package) against the local Stripe stand-in: the same
 * provider scenario as the test provider, what goes over the wire (destination charge, manual
 * capture, idempotency keys, payouts on the connected account), error mapping and timeouts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createStripeProvider } from '../../src/domain/payments/stripe-provider/stripe-provider.ts';
import { startStripeStandIn, type StripeStandIn } from '../support/stripe-stand-in.ts';
import { testPaymentsDeps } from './helpers.ts';
import { rejectsWith, runProviderScenario } from './provider-scenario.ts';

let standIn: StripeStandIn;

before(async () => {
  standIn = await startStripeStandIn();
});
after(async () => {
  await standIn.stop();
});

const provider = (timeoutMs = 2_000) => createStripeProvider(standIn.secretKey, testPaymentsDeps({ standIn, timeoutMs }).stripe);
const rnd = () => randomUUID().replaceAll('-', '');

test('the Stripe adapter passes the provider scenario against the stand-in', async () => {
  const { accountId, capturedIntentId, refundedIntentId } = await runProviderScenario(provider(), {
    accountToken: () => `ct_${rnd()}`,
    bankAccountToken: () => `btok_${rnd()}`,
    personToken: () => `cpt_${rnd()}`,
  });
  // A destination charge with manual capture, the commission as application fee.
  const pi = standIn.paymentIntents.get(capturedIntentId);
  assert.equal(pi?.capture_method, 'manual');
  assert.deepEqual(pi?.transfer_data, { destination: accountId });
  assert.equal(pi?.application_fee_amount, 1500);
  // The payout ran on the connected account (Stripe-Account header), the refund reversed the transfer and fee.
  const payoutRequest = standIn.requests.find((r) => r.method === 'POST' && r.path === '/v1/payouts');
  assert.equal(payoutRequest?.stripeAccount, accountId);
  const refund = [...standIn.refunds.values()].find((r) => r.payment_intent === refundedIntentId);
  assert.equal(refund?.reverse_transfer, true);
  assert.equal(refund?.refund_application_fee, true);
  // Every mutating call carried an idempotency key.
  const unkeyed = standIn.requests.filter((r) => r.method === 'POST' && r.idempotencyKey === undefined);
  assert.deepEqual(unkeyed, [], 'POSTs without an idempotency key');
});

test('a refused API key is an authentication failure; unknown objects are not found', async () => {
  const wrongKey = createStripeProvider('sk_test_wrong', testPaymentsDeps({ standIn }).stripe);
  await rejectsWith(wrongKey.retrieveAccount('acct_1'), 'authentication');
  await rejectsWith(provider().retrievePaymentIntent('pi_nope'), 'not-found', 'resource_missing');
});

test('a 500 or a timeout is an unknown outcome (unavailable); the same key afterwards does not act twice', async () => {
  const p = provider(400);
  const account = await p.createAccount(
    { country: 'US', accountToken: `ct_${rnd()}`, bankAccountToken: `btok_${rnd()}`, businessProfile: { mcc: null, url: null, productDescription: null }, capabilities: ['card_payments', 'transfers'], email: null, metadata: {} },
    {},
  );
  const input = {
    amount: 5_000,
    currency: 'eur',
    applicationFeeAmount: 500,
    destinationAccountId: account.id,
    captureMethod: 'manual' as const,
    paymentMethodTypes: ['card'],
    customerId: null,
    paymentMethodId: 'pm_card_visa',
    confirmOffSession: false,
    setupFutureUsage: null,
    metadata: {},
  };
  standIn.inject(/^\/v1\/payment_intents$/, '500');
  await rejectsWith(p.createPaymentIntent(input, { idempotencyKey: 'k-500' }), 'unavailable');
  standIn.inject(/^\/v1\/payment_intents$/, 'hang-after-apply');
  const before = standIn.paymentIntents.size;
  await rejectsWith(p.createPaymentIntent(input, { idempotencyKey: 'k-hang' }), 'unavailable');
  // The stand-in created the intent although the client never heard back …
  assert.equal(standIn.paymentIntents.size, before + 1);
  // … and the retry with the same key gets that intent, not a second one.
  const retried = await p.createPaymentIntent(input, { idempotencyKey: 'k-hang' });
  assert.equal(standIn.paymentIntents.size, before + 1);
  assert.ok(standIn.paymentIntents.has(retried.id));
});
