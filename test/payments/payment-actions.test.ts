/**
 * The payment actions the process engine will call (createPaymentIntentForTransaction,
 * confirmPaymentIntent, capturePaymentIntent, refundPayment, createPayout), on the test database:
 * preconditions and their codes, protectedData effects, money moved, idempotency, and (Stripe
 * adapter against the stand-in) faults mid-call.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  capturePaymentIntent,
  confirmPaymentIntent,
  confirmTestPaymentIntent,
  authenticateTestPaymentIntent,
  createPaymentIntentForTransaction,
  createPayout,
  createStripeAccount,
  createStripeCustomer,
  findPaymentOperations,
  findTransactionPayment,
  refundPayment,
  type PaymentsDeps,
} from '../../src/domain/payments/index.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { Money } from '../../src/lib/values.ts';
import type { DbHandle } from '../../src/store/db.ts';
import { openTestDb, testDatabaseUrl } from '../support/db.ts';
import { createTestUser } from '../support/users.ts';
import { startStripeStandIn, type StripeStandIn } from '../support/stripe-stand-in.ts';
import { paymentsMarketplace, testPaymentsDeps } from './helpers.ts';

let handle: DbHandle;
let standIn: StripeStandIn;
const db = () => handle.db;

before(async () => {
  handle = await openTestDb();
  standIn = await startStripeStandIn();
});
after(async () => {
  await standIn.stop();
  await handle.close();
});

const rnd = () => randomUUID().replaceAll('-', '');

/** Rejects with a DomainError of this code; returns it. */
async function failsWith(promise: Promise<unknown>, code: string): Promise<DomainError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof DomainError, `expected a DomainError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected ${code}`);
}

interface World {
  deps: PaymentsDeps;
  marketplaceId: string;
  clientId: string;
  sellerId: string;
  buyerId: string;
}

/** A marketplace on `provider` with a seller (connected account with a bank account) and a buyer. */
async function world(provider: 'test' | 'stripe', opts: { sellerAccount?: boolean } = {}): Promise<World> {
  const deps = testPaymentsDeps(provider === 'stripe' ? { standIn, timeoutMs: 1_000 } : {});
  const m = await paymentsMarketplace(db(), deps, provider, provider === 'stripe' ? standIn : undefined);
  const seller = await createTestUser(db(), m.marketplace.id);
  const buyer = await createTestUser(db(), m.marketplace.id);
  const w = { deps, marketplaceId: m.marketplace.id, clientId: m.marketplaceApp.clientId, sellerId: seller.user.id, buyerId: buyer.user.id };
  if (opts.sellerAccount !== false) {
    await createStripeAccount(db(), deps, { marketplaceId: w.marketplaceId, userId: w.sellerId, clientId: w.clientId }, { country: 'US', accountToken: `ct_${rnd()}`, bankAccountToken: `btok_${rnd()}` });
  }
  return w;
}

const usd = (amount: number) => new Money(amount, 'USD');
/** The action context of a create input. */
const tx = (i: { marketplaceId: string; transactionId: string }) => ({ marketplaceId: i.marketplaceId, transactionId: i.transactionId });

const createInput = (w: World, extra: Partial<Parameters<typeof createPaymentIntentForTransaction>[2]> = {}) => ({
  marketplaceId: w.marketplaceId,
  transactionId: randomUUID(),
  customerId: w.buyerId,
  providerId: w.sellerId,
  payinTotal: usd(10_000),
  payoutTotal: usd(8_500),
  ...extra,
});

describe('createPaymentIntentForTransaction preconditions (nothing is recorded when they fail)', () => {
  test('zero payin, zero payout, payout above payin, missing seller account, payments off', async () => {
    const w = await world('test');
    const cases: [Partial<Parameters<typeof createPaymentIntentForTransaction>[2]>, string][] = [
      [{ payinTotal: usd(0), payoutTotal: usd(0) }, 'transaction-charge-zero-payin'],
      [{ payoutTotal: usd(0) }, 'transaction-charge-zero-payout'],
      [{ payoutTotal: usd(10_001) }, 'transaction-payout-exceeds-payin'],
      [{ providerId: w.buyerId }, 'transaction-missing-stripe-account'],
    ];
    for (const [extra, code] of cases) {
      const input = createInput(w, extra);
      await failsWith(createPaymentIntentForTransaction(db(), w.deps, input), code);
      assert.equal(await findTransactionPayment(db(), w.marketplaceId, input.transactionId), undefined);
      assert.deepEqual(await findPaymentOperations(db(), w.marketplaceId, input.transactionId), []);
    }
    const off = await paymentsMarketplace(db(), w.deps, 'none');
    const user = await createTestUser(db(), off.marketplace.id);
    await failsWith(createPaymentIntentForTransaction(db(), w.deps, { ...createInput(w), marketplaceId: off.marketplace.id, customerId: user.user.id, providerId: user.user.id }), 'stripe-missing-api-key');
    await failsWith(
      createPaymentIntentForTransaction(db(), w.deps, createInput(w, { payoutTotal: new Money(100, 'EUR') })),
      'validation-invalid-params',
    );
  });

  test('the saved default payment method is required by use-customer-default-payment-method?', async () => {
    const w = await world('test');
    await failsWith(createPaymentIntentForTransaction(db(), w.deps, createInput(w, { useCustomerDefaultPaymentMethod: true })), 'stripe-customer-not-found');
  });
});

describe('payment path with the test provider', () => {
  test('create → (buyer confirms) → confirm → capture → payout; protectedData and money as Stripe would', async () => {
    const w = await world('test');
    const input = createInput(w, { paymentMethod: 'pm_card_visa' });
    const created = await createPaymentIntentForTransaction(db(), w.deps, input);
    const written = created.protectedData.stripePaymentIntents;
    assert.ok(written && typeof written === 'object');
    const entry = (written as { default: { stripePaymentIntentId: string; stripePaymentIntentClientSecret: string } }).default;
    assert.match(entry.stripePaymentIntentId, /^pi_/);
    assert.ok(entry.stripePaymentIntentClientSecret.startsWith(`${entry.stripePaymentIntentId}_secret_`));
    assert.deepEqual(
      [created.payment.amount, created.payment.currency, created.payment.payoutAmount, created.payment.status, created.payment.captureMethod],
      [10_000, 'USD', 8_500, 'requires_confirmation', 'manual'],
    );

    // A retried transition (same transaction, same action): the same intent, no second one.
    const again = await createPaymentIntentForTransaction(db(), w.deps, input);
    assert.equal(again.payment.intentId, entry.stripePaymentIntentId);

    const confirmed = await confirmPaymentIntent(db(), w.deps, input);
    assert.deepEqual(confirmed.protectedData, { stripePaymentIntents: null });
    assert.equal(confirmed.payment.status, 'requires_capture');

    const captured = await capturePaymentIntent(db(), w.deps, input);
    assert.equal(captured.payment.status, 'succeeded');
    assert.equal(captured.payment.amountCaptured, 10_000);
    // Capture is idempotent for a retried transition.
    assert.equal((await capturePaymentIntent(db(), w.deps, input)).payment.amountCaptured, 10_000);

    const paid = await createPayout(db(), w.deps, input);
    assert.match(paid.payment.payoutId ?? '', /^po_/);
    assert.equal((await createPayout(db(), w.deps, input)).payment.payoutId, paid.payment.payoutId);
    // After a payout, a refund would come out of the platform's pocket: refused.
    await failsWith(refundPayment(db(), w.deps, tx(input)), 'transaction-already-paid-out');

    const ops = await findPaymentOperations(db(), w.marketplaceId, input.transactionId);
    assert.deepEqual(
      ops.map((o) => [o.action, o.attempt, o.state, o.idempotencyKey]).sort(),
      [
        ['stripe-capture-payment-intent', 1, 'succeeded', `bazaar:${input.transactionId}:stripe-capture-payment-intent:1`],
        ['stripe-confirm-payment-intent', 1, 'succeeded', `bazaar:${input.transactionId}:stripe-confirm-payment-intent:1`],
        ['stripe-create-payment-intent', 1, 'succeeded', `bazaar:${input.transactionId}:stripe-create-payment-intent:1`],
        ['stripe-create-payout', 1, 'succeeded', `bazaar:${input.transactionId}:stripe-create-payout:1`],
      ].sort(),
    );
  });

  test('a declined card: 402 transaction-payment-failed with Stripe\'s message and code', async () => {
    const w = await world('test');
    const input = createInput(w, { paymentMethod: 'pm_card_chargeDeclined' });
    await createPaymentIntentForTransaction(db(), w.deps, input);
    const err = await failsWith(confirmPaymentIntent(db(), w.deps, input), 'transaction-payment-failed');
    assert.equal(err.kind, 'payment-failed');
    assert.deepEqual(err.meta, { stripeMessage: 'Your card was declined.', stripeCode: 'card_declined', stripeDeclineCode: 'generic_decline' });
    const payment = await findTransactionPayment(db(), w.marketplaceId, input.transactionId);
    assert.equal(payment?.amountCaptured, 0);
    await failsWith(capturePaymentIntent(db(), w.deps, input), 'stripe-invalid-payment-intent-status');
  });

  test('a card needing authentication: confirm waits for the buyer (409), who authenticates through the test endpoint', async () => {
    const w = await world('test');
    const input = createInput(w, { paymentMethod: 'pm_card_authenticationRequired' });
    const created = await createPaymentIntentForTransaction(db(), w.deps, input);
    const err = await failsWith(confirmPaymentIntent(db(), w.deps, input), 'stripe-invalid-payment-intent-status');
    assert.equal(err.meta?.stripePaymentIntentStatus, 'requires_action');
    const access = { clientId: w.clientId, intentId: created.payment.intentId, clientSecret: created.payment.clientSecret };
    const authenticated = await authenticateTestPaymentIntent(db(), w.deps, { ...access, succeed: true });
    assert.ok('ok' in authenticated && authenticated.ok.status === 'requires_capture');
    assert.equal((await confirmPaymentIntent(db(), w.deps, input)).payment.status, 'requires_capture');
  });

  test('without a payment method the buyer confirms with Stripe.js (here: the test endpoint) before the confirm action', async () => {
    const w = await world('test');
    const input = createInput(w);
    const created = await createPaymentIntentForTransaction(db(), w.deps, input);
    assert.equal(created.payment.status, 'requires_payment_method');
    await failsWith(confirmPaymentIntent(db(), w.deps, input), 'stripe-invalid-payment-intent-status');
    const access = { clientId: w.clientId, intentId: created.payment.intentId, clientSecret: created.payment.clientSecret };
    const wrongSecret = await confirmTestPaymentIntent(db(), w.deps, { ...access, clientSecret: `${access.clientSecret}x`, paymentMethod: 'pm_card_visa' });
    assert.ok('error' in wrongSecret && wrongSecret.error.kind === 'not-found');
    const byBuyer = await confirmTestPaymentIntent(db(), w.deps, { ...access, paymentMethod: 'pm_card_visa' });
    assert.ok('ok' in byBuyer && byBuyer.ok.status === 'requires_capture');
    assert.equal((await confirmPaymentIntent(db(), w.deps, input)).payment.status, 'requires_capture');
  });

  test('refund: an authorisation is cancelled, a captured payment refunded in full; both only once', async () => {
    const w = await world('test');
    const a = createInput(w, { paymentMethod: 'pm_card_visa' });
    await createPaymentIntentForTransaction(db(), w.deps, a);
    await confirmPaymentIntent(db(), w.deps, a);
    assert.equal((await refundPayment(db(), w.deps, tx(a))).payment.status, 'canceled');
    assert.equal((await refundPayment(db(), w.deps, tx(a))).payment.status, 'canceled');
    await failsWith(createPayout(db(), w.deps, a), 'stripe-invalid-payment-intent-status');

    const b = createInput(w, { paymentMethod: 'pm_card_visa' });
    await createPaymentIntentForTransaction(db(), w.deps, b);
    await confirmPaymentIntent(db(), w.deps, b);
    await capturePaymentIntent(db(), w.deps, b);
    const refunded = await refundPayment(db(), w.deps, { ...tx(b), action: 'stripe-refund-charge' });
    assert.equal(refunded.payment.amountRefunded, 10_000);
    assert.equal((await refundPayment(db(), w.deps, tx(b))).payment.amountRefunded, 10_000);
    await failsWith(createPayout(db(), w.deps, b), 'stripe-invalid-payment-intent-status');
    await failsWith(refundPayment(db(), w.deps, { ...tx(b), transactionId: randomUUID() }), 'transaction-payment-not-found');
  });

  test('use-customer-default-payment-method?: charged off session at creation; a saved declined card fails there', async () => {
    const w = await world('test');
    await createStripeCustomer(db(), w.deps, { marketplaceId: w.marketplaceId, userId: w.buyerId, clientId: w.clientId }, { stripePaymentMethodId: 'pm_card_visa' });
    const input = createInput(w, { useCustomerDefaultPaymentMethod: true });
    const created = await createPaymentIntentForTransaction(db(), w.deps, input);
    assert.equal(created.payment.status, 'requires_capture');
    assert.match(created.payment.customerId ?? '', /^cus_/);

    const w2 = await world('test');
    await createStripeCustomer(db(), w2.deps, { marketplaceId: w2.marketplaceId, userId: w2.buyerId, clientId: w2.clientId }, { stripePaymentMethodId: 'pm_card_chargeDeclinedInsufficientFunds' });
    const declined = createInput(w2, { useCustomerDefaultPaymentMethod: true });
    const err = await failsWith(createPaymentIntentForTransaction(db(), w2.deps, declined), 'transaction-payment-failed');
    assert.equal(err.meta?.stripeMessage, 'Your card has insufficient funds.');
    // The failed attempt is recorded as failed: a retry (e.g. after the buyer changed card) makes a new attempt.
    const ops = await findPaymentOperations(db(), w2.marketplaceId, declined.transactionId);
    assert.deepEqual(ops.map((o) => [o.attempt, o.state]), [[1, 'failed']]);
  });

  test('push payments are captured on confirmation; capture is then a no-op', async () => {
    const w = await world('test');
    const input = createInput(w, { action: 'stripe-create-payment-intent-push', paymentMethodTypes: ['card'], paymentMethod: 'pm_card_visa' });
    const created = await createPaymentIntentForTransaction(db(), w.deps, input);
    assert.equal(created.payment.captureMethod, 'automatic');
    assert.equal((await confirmPaymentIntent(db(), w.deps, input)).payment.status, 'succeeded');
    assert.equal((await capturePaymentIntent(db(), w.deps, input)).payment.status, 'succeeded');
    await failsWith(createPaymentIntentForTransaction(db(), w.deps, { ...createInput(w), action: 'stripe-create-payment-intent-push' }), 'validation-missing-key');
  });
});

describe('payment path with the Stripe adapter (stand-in), and faults', () => {
  test('the same path against Stripe: destination charge, capture, payout on the connected account', async () => {
    const w = await world('stripe');
    const input = createInput(w, { paymentMethod: 'pm_card_visa' });
    const created = await createPaymentIntentForTransaction(db(), w.deps, input);
    await confirmPaymentIntent(db(), w.deps, input);
    await capturePaymentIntent(db(), w.deps, input);
    const paid = await createPayout(db(), w.deps, input);
    const pi = standIn.paymentIntents.get(created.payment.intentId);
    assert.equal(pi?.status, 'succeeded');
    assert.equal(pi?.application_fee_amount, 1_500);
    assert.equal(standIn.payouts.get(paid.payment.payoutId ?? '')?.amount, 8_500);
  });

  test('a timeout after the provider applied the call: clear 409, nothing recorded as done, the retry reuses the key and charges once', async () => {
    const w = await world('stripe');
    const input = createInput(w, { paymentMethod: 'pm_card_visa' });
    const piCount = () => [...standIn.paymentIntents.values()].filter((pi) => (pi.metadata as Record<string, string>)['bazaar-transaction-id'] === input.transactionId).length;

    standIn.inject(/^\/v1\/payment_intents$/, 'hang-after-apply');
    await failsWith(createPaymentIntentForTransaction(db(), w.deps, input), 'payment-provider-unavailable');
    assert.equal(piCount(), 1, 'the stand-in applied the request');
    assert.equal(await findTransactionPayment(db(), w.marketplaceId, input.transactionId), undefined);
    assert.deepEqual((await findPaymentOperations(db(), w.marketplaceId, input.transactionId)).map((o) => o.state), ['pending']);

    const retried = await createPaymentIntentForTransaction(db(), w.deps, input);
    assert.equal(piCount(), 1, 'no second intent');
    assert.equal(retried.payment.intentId, [...standIn.paymentIntents.values()].find((pi) => (pi.metadata as Record<string, string>)['bazaar-transaction-id'] === input.transactionId)?.id);
    const keys = standIn.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents' && r.idempotencyKey?.includes(input.transactionId)).map((r) => r.idempotencyKey);
    assert.deepEqual(keys, [`bazaar:${input.transactionId}:stripe-create-payment-intent:1`, `bazaar:${input.transactionId}:stripe-create-payment-intent:1`]);
    assert.deepEqual((await findPaymentOperations(db(), w.marketplaceId, input.transactionId)).map((o) => o.state), ['succeeded']);
  });

  test('a 500 on capture: the payment stays authorised; the retry captures exactly once', async () => {
    const w = await world('stripe');
    const input = createInput(w, { paymentMethod: 'pm_card_visa' });
    const created = await createPaymentIntentForTransaction(db(), w.deps, input);
    await confirmPaymentIntent(db(), w.deps, input);
    const captureCalls = () => standIn.count('POST', new RegExp(`^/v1/payment_intents/${created.payment.intentId}/capture$`));

    standIn.inject(new RegExp(`/${created.payment.intentId}/capture$`), '500');
    await failsWith(capturePaymentIntent(db(), w.deps, input), 'payment-provider-unavailable');
    assert.equal((await findTransactionPayment(db(), w.marketplaceId, input.transactionId))?.status, 'requires_capture');
    assert.equal(standIn.paymentIntents.get(created.payment.intentId)?.status, 'requires_capture');

    const captured = await capturePaymentIntent(db(), w.deps, input);
    assert.equal(captured.payment.status, 'succeeded');
    assert.equal(captureCalls(), 2);
    // Money moved once: the seller's balance holds payin − commission.
    const sellerAccount = standIn.paymentIntents.get(created.payment.intentId)?.transfer_data as { destination: string };
    assert.equal(standIn.balances.get(sellerAccount.destination)?.get('usd'), 8_500);
  });

  test('a hung payout: the retry pays out once; funds not yet available schedule the payout', async () => {
    const w = await world('stripe');
    const input = createInput(w, { paymentMethod: 'pm_card_visa' });
    await createPaymentIntentForTransaction(db(), w.deps, input);
    await confirmPaymentIntent(db(), w.deps, input);
    await capturePaymentIntent(db(), w.deps, input);
    standIn.inject(/^\/v1\/payouts$/, 'hang-after-apply');
    await failsWith(createPayout(db(), w.deps, input), 'payment-provider-unavailable');
    const paid = await createPayout(db(), w.deps, input);
    const payouts = [...standIn.payouts.values()].filter((p) => (p.metadata as Record<string, string>)['bazaar-transaction-id'] === input.transactionId);
    assert.equal(payouts.length, 1);
    assert.equal(paid.payment.payoutId, payouts[0]?.id);
  });
});

describe('concurrent retries (PostgreSQL)', { skip: !testDatabaseUrl && 'needs TEST_DATABASE_URL' }, () => {
  test('the same transition sent 6 times at once creates and captures one payment', async () => {
    const w = await world('test');
    const input = createInput(w, { paymentMethod: 'pm_card_visa' });
    const settle = (p: Promise<{ payment: { intentId: string } }>) =>
      p.then(
        (r) => ({ ok: r.payment.intentId }),
        (err: unknown) => {
          assert.ok(err instanceof DomainError && err.code === 'transaction-locked', String(err));
          return { locked: true };
        },
      );
    const created = await Promise.all(Array.from({ length: 6 }, () => settle(createPaymentIntentForTransaction(db(), w.deps, input))));
    const ids = new Set(created.flatMap((r) => ('ok' in r ? [r.ok] : [])));
    assert.equal(ids.size, 1, 'every request that succeeded got the same intent');
    const intents = await db()
      .selectFrom('test_provider_objects')
      .select('id')
      .where('marketplace_id', '=', w.marketplaceId)
      .where('object', '=', 'payment_intent')
      .execute();
    assert.equal(intents.length, 1, 'one intent at the provider');

    await confirmPaymentIntent(db(), w.deps, input);
    await Promise.all(Array.from({ length: 6 }, () => settle(capturePaymentIntent(db(), w.deps, input))));
    const platform = await db().selectFrom('test_provider_objects').select('data').where('marketplace_id', '=', w.marketplaceId).where('id', '=', 'bal_platform').executeTakeFirstOrThrow();
    assert.deepEqual((platform.data as { available: unknown[] }).available, [{ amount: 1_500, currency: 'usd' }], 'the commission reached the platform once');
  });
});
