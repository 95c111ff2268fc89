/**
 * Reviews through real transitions of the default-purchase process (loaded unchanged from
 * ../shared/fixtures/processes): review-1-by-customer posts a pending review, a bad rating in
 * review-2-by-provider changes nothing, then review-2-by-provider posts and publishes both; the
 * events come in the reference's order (review events, then the transaction's). The transaction
 * starts in `completed` (the payment steps before it belong to the payments issue).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DomainError } from '../../src/domain/errors.ts';
import { queryEvents } from '../../src/domain/events/index.ts';
import { findTransaction } from '../../src/domain/transactions/index.ts';
import { queryReviews } from '../../src/domain/reviews/index.ts';
import { pushProcess, readProcessDirectory } from '../../src/process-engine/registry/index.ts';
import { transitionTransaction } from '../../src/process-engine/runner/run-transition.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import type { DbHandle } from '../../src/store/db.ts';
import { openTestDb } from '../support/db.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestTransaction } from '../support/transactions.ts';
import { createTestUser, type TestUser } from '../support/users.ts';

const PURCHASE_DIR = new URL('../../../shared/fixtures/processes/default-purchase', import.meta.url).pathname;
const clock = new FakeClock(new Date('2025-07-01T09:00:00Z'));
let handle: DbHandle;
let m: TestMarketplace;
let customer: TestUser;
let provider: TestUser;

before(async () => {
  handle = await openTestDb();
  m = await createTestMarketplace(handle.db, 'Review transitions');
  customer = await createTestUser(handle.db, m.marketplace.id);
  provider = await createTestUser(handle.db, m.marketplace.id);
  const files = readProcessDirectory(PURCHASE_DIR);
  await pushProcess(handle.db, { marketplaceId: m.marketplace.id, name: 'default-purchase', ...files });
});
after(async () => handle.close());

/** A default-purchase transaction that was received and completed a day ago (the review window is open). */
async function completedPurchase(): Promise<string> {
  const receivedAt = new Date(clock.now().getTime() - 86_400_000);
  const tx = await createTestTransaction(handle.db, {
    marketplaceId: m.marketplace.id,
    customerId: customer.user.id,
    providerId: provider.user.id,
    processName: 'default-purchase',
    state: 'state/completed',
    lastTransition: 'transition/auto-complete',
    createdAt: receivedAt,
  });
  // The history the review-period timers are computed from: received, then completed.
  const history = [
    { transition: 'transition/mark-received-from-purchased', createdAt: receivedAt.toISOString(), by: 'customer' },
    { transition: 'transition/auto-complete', createdAt: receivedAt.toISOString(), by: 'system' },
  ];
  await sql`update transactions set transitions = ${JSON.stringify(history)}::jsonb where id = ${tx.id}`.execute(handle.db);
  return tx.id;
}

const party = (u: TestUser) => ({ kind: 'user' as const, userId: u.user.id, trusted: false, clientId: m.marketplaceApp.clientId, requestId: null });
const run = (u: TestUser, transactionId: string, transition: string, params: Record<string, unknown>) =>
  transitionTransaction({ db: handle.db, clock }, { marketplaceId: m.marketplace.id, caller: party(u), transactionId, transition, params }, { speculative: false });

test('blind reviews: pending after the first, both public after the second', async () => {
  const id = await completedPurchase();
  clock.advance(60_000);
  const first = await run(customer, id, 'transition/review-1-by-customer', { reviewRating: 5, reviewContent: 'Exactly as pictured' });
  assert.equal(first.transaction.state, 'state/reviewed-by-customer');
  const pending = await queryReviews(handle.db, { marketplaceId: m.marketplace.id, viewer: { kind: 'operator' }, transactionId: id, page: 1, perPage: 10 });
  assert.deepEqual(pending.reviews.map((r) => [r.type, r.state, r.rating, r.authorId]), [['ofProvider', 'pending', 5, customer.user.id]]);
  // Blind: the provider does not see the customer's review yet.
  const providerView = await queryReviews(handle.db, { marketplaceId: m.marketplace.id, viewer: { kind: 'user', userId: provider.user.id }, transactionId: id, page: 1, perPage: 10 });
  assert.equal(providerView.totalItems, 0);

  // A bad rating refuses the whole transition: no review, no state change, no event.
  const eventsBefore = (await queryEvents(handle.db, m.marketplace.id)).length;
  await assert.rejects(
    run(provider, id, 'transition/review-2-by-provider', { reviewRating: 9, reviewContent: 'Quick payment' }),
    (e: unknown) => e instanceof DomainError && e.code === 'validation-invalid-value',
  );
  assert.equal((await findTransaction(handle.db, m.marketplace.id, id))?.state, 'state/reviewed-by-customer');
  assert.equal((await queryEvents(handle.db, m.marketplace.id)).length, eventsBefore);

  clock.advance(60_000);
  const second = await run(provider, id, 'transition/review-2-by-provider', { reviewRating: 4, reviewContent: 'Quick payment' });
  assert.equal(second.transaction.state, 'state/reviewed');
  const published = await queryReviews(handle.db, { marketplaceId: m.marketplace.id, viewer: { kind: 'anonymous' }, transactionId: id, page: 1, perPage: 10 });
  assert.deepEqual(published.reviews.map((r) => [r.type, r.state, r.authorId, r.subjectId]).sort(), [
    ['ofCustomer', 'public', provider.user.id, customer.user.id],
    ['ofProvider', 'public', customer.user.id, provider.user.id],
  ]);

  // The second transition's events: the provider's review created, both published, then the transaction.
  const events = (await queryEvents(handle.db, m.marketplace.id)).filter((e) => e.resourceId === id || e.relatedResourceIds.includes(id));
  const last = events.slice(-4).map((e) => [e.eventType, e.source]);
  assert.deepEqual(last, [
    ['review/created', 'source/transaction'],
    ['review/updated', 'source/transaction'],
    ['review/updated', 'source/transaction'],
    ['transaction/transitioned', 'source/marketplace-api'],
  ]);
});

test('a party cannot review twice: the process refuses the transition, the primitive the review', async () => {
  const id = await completedPurchase();
  await run(provider, id, 'transition/review-1-by-provider', { reviewRating: 3, reviewContent: 'Fine' });
  // The process has no second provider review from reviewed-by-provider.
  await assert.rejects(
    run(provider, id, 'transition/review-2-by-provider', { reviewRating: 3, reviewContent: 'Again' }),
    (e: unknown) => e instanceof DomainError && e.code === 'transaction-invalid-transition',
  );
  const reviews = await queryReviews(handle.db, { marketplaceId: m.marketplace.id, viewer: { kind: 'operator' }, transactionId: id, page: 1, perPage: 10 });
  assert.equal(reviews.totalItems, 1);
});
