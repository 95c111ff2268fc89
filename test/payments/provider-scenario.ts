/**
 * One provider-level scenario that every payment provider must pass: the built-in test provider
 * (test-provider.test.ts) and the Stripe adapter against the local stand-in
 * (stripe-adapter.test.ts). Expected values come from Stripe's documentation (test cards, their
 * messages, statuses), not from the code under test.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { PaymentProviderError, type PaymentProvider } from '../../src/domain/payments/index.ts';

export interface ScenarioTokens {
  accountToken: () => Promise<string> | string;
  bankAccountToken: () => Promise<string> | string;
  personToken: () => Promise<string> | string;
}

/** Rejects with a PaymentProviderError of `kind` (and code, when given). */
export async function rejectsWith(promise: Promise<unknown>, kind: PaymentProviderError['kind'], code?: string): Promise<PaymentProviderError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof PaymentProviderError, `expected a PaymentProviderError, got ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    if (code !== undefined) assert.equal(err.code, code);
    return err;
  }
  assert.fail(`expected a ${kind} failure`);
}

/** Runs the scenario; returns the ids it created for provider-specific checks. */
export async function runProviderScenario(provider: PaymentProvider, tokens: ScenarioTokens): Promise<{ accountId: string; capturedIntentId: string; refundedIntentId: string }> {
  const key = () => `scenario:${randomUUID()}`;

  // Seller: connected account with a bank account for payouts, a person, an onboarding link.
  const account = await provider.createAccount(
    {
      country: 'US',
      accountToken: await tokens.accountToken(),
      bankAccountToken: await tokens.bankAccountToken(),
      businessProfile: { mcc: '5734', url: 'https://seller.example.com', productDescription: null },
      capabilities: ['card_payments', 'transfers'],
      email: 'seller@example.com',
      metadata: { scenario: 'yes' },
    },
    { idempotencyKey: key() },
  );
  assert.match(account.id, /^acct_/);
  assert.equal(account.payoutsEnabled, true);
  assert.equal(account.data.id, account.id);
  assert.equal(account.data.object, 'account');
  const fetched = await provider.retrieveAccount(account.id);
  assert.equal(fetched.id, account.id);
  const person = await provider.createPerson(account.id, await tokens.personToken(), { idempotencyKey: key() });
  assert.match(person.id, /^person_/);
  const link = await provider.createAccountLink(account.id, { type: 'onboarding', refreshUrl: 'https://mp.example.com/refresh', returnUrl: 'https://mp.example.com/return', collect: 'currently_due', futureRequirements: null });
  assert.match(link.url, /^https?:\/\//);
  assert.ok(link.expiresAt.getTime() > Date.now() - 60_000);
  await rejectsWith(provider.retrieveAccount('acct_doesnotexist'), 'not-found');

  // Buyer: customer with a saved card, a setup intent.
  const customer = await provider.createCustomer({ email: 'buyer@example.com', paymentMethodId: 'pm_card_visa', metadata: {} }, { idempotencyKey: key() });
  assert.match(customer.id, /^cus_/);
  assert.ok(customer.defaultPaymentMethodId !== null);
  const saved = await provider.retrievePaymentMethod(customer.defaultPaymentMethodId ?? '');
  assert.deepEqual([saved.type, saved.card?.brand, saved.card?.last4, saved.customerId], ['card', 'visa', '4242', customer.id]);
  const setup = await provider.createSetupIntent({ customerId: customer.id, metadata: {} }, { idempotencyKey: key() });
  assert.match(setup.id, /^seti_/);
  assert.ok(setup.clientSecret.startsWith(`${setup.id}_secret_`));

  const intentInput = (paymentMethodId: string | null) => ({
    amount: 10_000,
    currency: 'usd',
    applicationFeeAmount: 1_500,
    destinationAccountId: account.id,
    captureMethod: 'manual' as const,
    paymentMethodTypes: ['card'],
    customerId: null,
    paymentMethodId,
    confirmOffSession: false,
    setupFutureUsage: null,
    metadata: { 'bazaar-transaction-id': randomUUID() },
  });

  // Payment 1: authorise, capture, pay the seller out (payin 10000, commission 1500 → payout 8500).
  const createKey = key();
  const first = intentInput('pm_card_visa');
  const pi = await provider.createPaymentIntent(first, { idempotencyKey: createKey });
  assert.equal(pi.status, 'requires_confirmation');
  assert.equal(pi.amount, 10_000);
  assert.equal(pi.applicationFeeAmount, 1_500);
  assert.equal(pi.destinationAccountId, account.id);
  // Same key, same request: the same intent, not a second one.
  const again = await provider.createPaymentIntent({ ...first }, { idempotencyKey: createKey });
  assert.equal(again.id, pi.id);
  // Same key, other parameters: refused.
  await rejectsWith(provider.createPaymentIntent({ ...first, amount: 20_000 }, { idempotencyKey: createKey }), 'idempotency');
  const confirmed = await provider.confirmPaymentIntent(pi.id, { idempotencyKey: key() });
  assert.equal(confirmed.status, 'requires_capture');
  assert.equal(confirmed.amountCapturable, 10_000);
  const captured = await provider.capturePaymentIntent(pi.id, { idempotencyKey: key() });
  assert.equal(captured.status, 'succeeded');
  assert.equal(captured.amountReceived, 10_000);
  await rejectsWith(provider.capturePaymentIntent(pi.id, { idempotencyKey: key() }), 'invalid-request', 'payment_intent_unexpected_state');
  const payout = await provider.createPayout({ accountId: account.id, amount: 8_500, currency: 'usd', metadata: {} }, { idempotencyKey: key() });
  assert.match(payout.id, /^po_/);
  assert.equal(payout.amount, 8_500);
  // The seller's balance held exactly the transfer: one more minor unit cannot be paid out.
  await rejectsWith(provider.createPayout({ accountId: account.id, amount: 1, currency: 'usd', metadata: {} }, { idempotencyKey: key() }), 'invalid-request', 'balance_insufficient');

  // Payment 2: captured, then refunded in full.
  const pi2 = await provider.createPaymentIntent(intentInput('pm_card_mastercard'), { idempotencyKey: key() });
  await provider.confirmPaymentIntent(pi2.id, { idempotencyKey: key() });
  await provider.capturePaymentIntent(pi2.id, { idempotencyKey: key() });
  const refund = await provider.refundPaymentIntent(pi2.id, { idempotencyKey: key() });
  assert.match(refund.id, /^re_/);
  assert.equal(refund.amount, 10_000);
  await rejectsWith(provider.refundPaymentIntent(pi2.id, { idempotencyKey: key() }), 'invalid-request', 'charge_already_refunded');

  // Payment 3: authorised, then cancelled (an authorisation released).
  const pi3 = await provider.createPaymentIntent(intentInput('pm_card_visa'), { idempotencyKey: key() });
  await provider.confirmPaymentIntent(pi3.id, { idempotencyKey: key() });
  assert.equal((await provider.cancelPaymentIntent(pi3.id, { idempotencyKey: key() })).status, 'canceled');

  // A declined card: Stripe's message and codes.
  const declined = await provider.createPaymentIntent(intentInput('pm_card_chargeDeclined'), { idempotencyKey: key() });
  const decline = await rejectsWith(provider.confirmPaymentIntent(declined.id, { idempotencyKey: key() }), 'card', 'card_declined');
  assert.equal(decline.message, 'Your card was declined.');
  assert.equal(decline.declineCode, 'generic_decline');
  assert.equal(decline.paymentIntentId, declined.id);
  const afterDecline = await provider.retrievePaymentIntent(declined.id);
  assert.equal(afterDecline.status, 'requires_payment_method');
  assert.equal(afterDecline.lastError?.message, 'Your card was declined.');
  const poor = await provider.createPaymentIntent(intentInput('pm_card_chargeDeclinedInsufficientFunds'), { idempotencyKey: key() });
  const insufficient = await rejectsWith(provider.confirmPaymentIntent(poor.id, { idempotencyKey: key() }), 'card', 'card_declined');
  assert.equal(insufficient.declineCode, 'insufficient_funds');
  assert.equal(insufficient.message, 'Your card has insufficient funds.');

  // A card needing authentication: an extra step on session, a decline off session.
  const threeDs = await provider.createPaymentIntent(intentInput('pm_card_authenticationRequired'), { idempotencyKey: key() });
  assert.equal((await provider.confirmPaymentIntent(threeDs.id, { idempotencyKey: key() })).status, 'requires_action');
  const offSession = rejectsWith(provider.createPaymentIntent({ ...intentInput('pm_card_authenticationRequired'), confirmOffSession: true }, { idempotencyKey: key() }), 'card', 'authentication_required');
  await offSession;

  // Saved card removal.
  await provider.detachPaymentMethod(saved.id);
  assert.equal((await provider.retrievePaymentMethod(saved.id)).customerId, null);

  return { accountId: account.id, capturedIntentId: pi.id, refundedIntentId: pi2.id };
}
