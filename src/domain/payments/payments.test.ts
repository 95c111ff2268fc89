import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../errors.ts';
import { fingerprintOf, idempotencyKeyOf, providerErrorToDomain, validCapabilities, validCountry, validToken, validUrl } from './payments.ts';
import { PaymentProviderError } from './provider.ts';
import { decodeCreatePaymentIntent, decodePaymentIntent, decodeProviderError, encodeCreatePaymentIntent, encodePaymentIntent, encodeProviderError } from './provider-codec.ts';

test('idempotency keys name the transaction, the action and the attempt', () => {
  assert.equal(idempotencyKeyOf('tx-1', 'stripe-capture-payment-intent', 2), 'bazaar:tx-1:stripe-capture-payment-intent:2');
});

test('fingerprints ignore key order and undefined, and see every value', () => {
  assert.equal(fingerprintOf({ a: 1, b: { c: [1, 2], d: undefined } }), fingerprintOf({ b: { c: [1, 2] }, a: 1 }));
  assert.notEqual(fingerprintOf({ a: 1, b: { c: [1, 2] } }), fingerprintOf({ a: 1, b: { c: [2, 1] } }));
  assert.notEqual(fingerprintOf({ amount: 100 }), fingerprintOf({ amount: '100' }));
});

test('input rules: countries, tokens by kind, URLs, capabilities (400 naming the key)', () => {
  assert.equal(validCountry(' fi '), 'FI');
  const bad = (f: () => unknown, path: string) =>
    assert.throws(f, (err: unknown) => err instanceof DomainError && err.code === 'validation-invalid-value' && err.source?.path[0] === path);
  bad(() => validCountry('FIN'), 'country');
  assert.equal(validToken('ct_1Abc', 'account', 'accountToken'), 'ct_1Abc');
  bad(() => validToken('btok_1', 'account', 'accountToken'), 'accountToken');
  bad(() => validToken('ct_1', 'bank', 'bankAccountToken'), 'bankAccountToken');
  assert.equal(validToken('pm_card_visa', 'payment-method', 'stripePaymentMethodId'), 'pm_card_visa');
  bad(() => validToken('pm_', 'payment-method', 'stripePaymentMethodId'), 'stripePaymentMethodId');
  bad(() => validUrl('javascript:alert(1)', 'successURL'), 'successURL');
  assert.deepEqual(validCapabilities(undefined), ['card_payments', 'transfers']);
  assert.deepEqual(validCapabilities(['transfers', 'transfers']), ['transfers']);
  bad(() => validCapabilities(['card_issuing']), 'requestedCapabilities');
});

test('provider errors become the catalogue\'s API errors', () => {
  const map = (e: PaymentProviderError, ctx: Parameters<typeof providerErrorToDomain>[1] = 'transaction') => {
    const d = providerErrorToDomain(e, ctx);
    assert.ok(d instanceof DomainError);
    return [d.kind, d.code, d.meta];
  };
  assert.deepEqual(map(new PaymentProviderError('card', 'Your card was declined.', { code: 'card_declined', declineCode: 'generic_decline' })), [
    'payment-failed',
    'transaction-payment-failed',
    { stripeMessage: 'Your card was declined.', stripeCode: 'card_declined', stripeDeclineCode: 'generic_decline' },
  ]);
  assert.equal(map(new PaymentProviderError('unavailable', 'timeout'))[1], 'payment-provider-unavailable');
  assert.equal(map(new PaymentProviderError('authentication', 'bad key'))[1], 'stripe-missing-api-key');
  assert.equal(map(new PaymentProviderError('not-found', 'no such account'), 'account')[1], 'stripe-account-not-found');
  assert.equal(map(new PaymentProviderError('not-found', 'no such customer'), 'customer')[1], 'stripe-customer-not-found');
  assert.equal(map(new PaymentProviderError('invalid-request', 'no funds', { code: 'balance_insufficient' }))[1], 'payment-provider-error');
  assert.equal(map(new PaymentProviderError('idempotency', 'in use'))[1], 'transaction-locked');
  const other = new Error('bug');
  assert.equal(providerErrorToDomain(other, 'other'), other);
});

test('stored requests, results and errors round-trip through their JSON forms', () => {
  const request = {
    amount: 100,
    currency: 'eur',
    applicationFeeAmount: 10,
    destinationAccountId: 'acct_1',
    captureMethod: 'manual' as const,
    paymentMethodTypes: ['card'],
    customerId: null,
    paymentMethodId: 'pm_1',
    confirmOffSession: false,
    setupFutureUsage: 'off_session' as const,
    metadata: { tx: '1' },
  };
  assert.deepEqual(decodeCreatePaymentIntent(JSON.parse(JSON.stringify(encodeCreatePaymentIntent(request)))), request);
  const intent = {
    id: 'pi_1',
    clientSecret: 'pi_1_secret_x',
    status: 'requires_payment_method' as const,
    amount: 100,
    currency: 'eur',
    captureMethod: 'manual' as const,
    amountCapturable: 0,
    amountReceived: 0,
    paymentMethodId: null,
    customerId: 'cus_1',
    destinationAccountId: 'acct_1',
    applicationFeeAmount: 10,
    lastError: { code: 'card_declined', declineCode: null, message: 'Your card was declined.' },
  };
  assert.deepEqual(decodePaymentIntent(JSON.parse(JSON.stringify(encodePaymentIntent(intent)))), intent);
  const err = decodeProviderError(encodeProviderError(new PaymentProviderError('card', 'Declined', { code: 'card_declined', paymentIntentId: 'pi_1' })));
  assert.deepEqual([err.kind, err.message, err.code, err.paymentIntentId], ['card', 'Declined', 'card_declined', 'pi_1']);
  assert.throws(() => decodePaymentIntent({ id: 'pi_1' }), /Stored payment JSON/);
});
