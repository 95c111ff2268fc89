import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../errors.ts';
import { alreadyReviewedCode, isReviewVisibleTo, reviewTypeOf, validReviewParams, type Review } from './review.ts';

const fails = (rating: unknown, content: unknown, code: string, param: string) =>
  assert.throws(
    () => validReviewParams(rating, content),
    (e: unknown) => e instanceof DomainError && e.kind === 'bad-request' && e.code === code && e.source?.path.join('.') === `params.${param}`,
  );

test('review params: an integer rating 1–5 and non-blank content, both mandatory', () => {
  for (const rating of [1, 2, 3, 4, 5]) assert.deepEqual(validReviewParams(rating, 'Good'), { rating, content: 'Good' });
  fails(undefined, 'Good', 'validation-missing-key', 'reviewRating');
  fails(null, 'Good', 'validation-missing-key', 'reviewRating');
  for (const bad of [0, 6, -1, 4.5, '5', Number.NaN, true]) fails(bad, 'Good', 'validation-invalid-value', 'reviewRating');
  fails(5, undefined, 'validation-missing-key', 'reviewContent');
  for (const bad of ['', '   ', 42, { text: 'x' }]) fails(5, bad, 'validation-invalid-value', 'reviewContent');
  fails(5, 'x'.repeat(10_001), 'validation-invalid-value', 'reviewContent');
});

test('review types and conflict codes follow the author role', () => {
  assert.equal(reviewTypeOf('customer'), 'ofProvider');
  assert.equal(reviewTypeOf('provider'), 'ofCustomer');
  assert.equal(alreadyReviewedCode('customer'), 'transaction-already-reviewed-by-customer');
  assert.equal(alreadyReviewedCode('provider'), 'transaction-already-reviewed-by-provider');
});

test('visibility: public for all, pending for its author and operators, deleted for nobody', () => {
  const at = new Date();
  const review: Review = {
    id: 'r', marketplaceId: 'm', transactionId: 't', listingId: 'l', authorId: 'alice', subjectId: 'bob',
    type: 'ofProvider', state: 'pending', rating: 5, content: 'Great', deleted: false, createdAt: at, updatedAt: at,
  };
  const viewers = [{ kind: 'anonymous' }, { kind: 'user', userId: 'bob' }, { kind: 'user', userId: 'carol' }, { kind: 'user', userId: 'alice' }, { kind: 'operator' }] as const;
  assert.deepEqual(viewers.map((v) => isReviewVisibleTo(review, v)), [false, false, false, true, true]);
  assert.deepEqual(viewers.map((v) => isReviewVisibleTo({ ...review, state: 'public' }, v)), [true, true, true, true, true]);
  assert.deepEqual(viewers.map((v) => isReviewVisibleTo({ ...review, state: 'public', deleted: true }, v)), [false, false, false, false, false]);
});
