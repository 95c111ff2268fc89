import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeJobError, keyPrefixPattern, MAX_ERROR_LENGTH, retryDelayMs } from './jobs.ts';

test('retryDelayMs doubles from the base delay and stops at the maximum', () => {
  const policy = { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 10_000 };
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, policy)),
    [1000, 2000, 4000, 8000, 10_000, 10_000],
  );
  assert.equal(retryDelayMs(1000, policy), 10_000);
});

test('keyPrefixPattern escapes LIKE wildcards and the escape character', () => {
  assert.equal(keyPrefixPattern('tx/1/'), 'tx/1/%');
  assert.equal(keyPrefixPattern('a%b_c\\d'), 'a\\%b\\_c\\\\d%');
});

test('describeJobError is one bounded line with the error name', () => {
  assert.equal(describeJobError(new TypeError('bad')), 'TypeError: bad');
  assert.equal(describeJobError('plain'), 'plain');
  assert.equal(describeJobError(new Error('x'.repeat(5000))).length, MAX_ERROR_LENGTH);
});
