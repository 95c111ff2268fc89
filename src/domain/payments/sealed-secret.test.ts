import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { isEncrypted, openSecret, sealSecret, secretHint } from './sealed-secret.ts';

test('a sealed secret opens with its key, and the stored form does not contain it', () => {
  const key = randomBytes(32);
  const sealed = sealSecret('sk_test_abcdef1234567890', key);
  assert.ok(isEncrypted(sealed));
  assert.ok(!sealed.includes('abcdef1234567890'));
  assert.equal(openSecret(sealed, key), 'sk_test_abcdef1234567890');
  // Two seals of one secret differ (random IV).
  assert.notEqual(sealSecret('sk_test_abcdef1234567890', key), sealed);
});

test('opening with another key, without a key, or after tampering fails', () => {
  const sealed = sealSecret('sk_live_secret', randomBytes(32));
  assert.throws(() => openSecret(sealed, randomBytes(32)));
  assert.throws(() => openSecret(sealed, undefined), /no secrets key/);
  const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
  assert.throws(() => openSecret(tampered, randomBytes(32)));
});

test('without a server key the secret is stored marked plain', () => {
  const sealed = sealSecret('sk_test_x', undefined);
  assert.equal(sealed, 'plain:sk_test_x');
  assert.equal(isEncrypted(sealed), false);
  assert.equal(openSecret(sealed, undefined), 'sk_test_x');
  assert.equal(openSecret(sealed, randomBytes(32)), 'sk_test_x');
});

test('hints keep the mode prefix and the last four characters only', () => {
  assert.equal(secretHint('sk_test_51Habcdefgh4242'), 'sk_test_…4242');
  assert.equal(secretHint('whsec_abcdefXYZW'), 'whsec_…XYZW');
  assert.equal(secretHint('rk_live_zzzz9999'), 'rk_live_…9999');
});
