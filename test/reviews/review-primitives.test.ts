/**
 * The review primitives the process engine's review actions call inside a transition's DB
 * transaction: postReview (author, subject, type, listing, pending; 409 on a second review by the
 * same party; 400 on bad params, nothing stored) and publishReviews (pending → public), each
 * pushing its events into the caller's sink. The concurrency case runs on PostgreSQL only.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DomainError } from '../../src/domain/errors.ts';
import { appendEvents, queryEvents, type EventSink } from '../../src/domain/events/index.ts';
import { postReview, publishReviews, type PostReviewInput } from '../../src/domain/reviews/index.ts';
import type { DbHandle } from '../../src/store/db.ts';
import { openTestDb, testDatabaseUrl } from '../support/db.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { createTestTransaction } from '../support/transactions.ts';

let handle: DbHandle;
let m: TestMarketplace;
let customer: TestUser;
let provider: TestUser;

before(async () => {
  handle = await openTestDb({ max: 4 });
  m = await createTestMarketplace(handle.db, 'Review primitives');
  customer = await createTestUser(handle.db, m.marketplace.id);
  provider = await createTestUser(handle.db, m.marketplace.id);
});
after(async () => handle.close());

const newTx = () => createTestTransaction(handle.db, { marketplaceId: m.marketplace.id, customerId: customer.user.id, providerId: provider.user.id });

/** Runs a primitive in its own DB transaction, appending its events at the end as a transition would. */
const inTransition = <T>(run: (trx: Parameters<typeof postReview>[0], events: EventSink) => Promise<T>) =>
  handle.db.transaction().execute(async (trx) => {
    const events: EventSink = [];
    const out = await run(trx, events);
    await appendEvents(trx, events, { source: 'source/transaction', auditData: { userId: null, adminId: null, requestId: null, clientId: null } });
    return { out, events };
  });

const post = (input: Omit<PostReviewInput, 'marketplaceId'>) =>
  inTransition((trx, events) => postReview(trx, { marketplaceId: m.marketplace.id, ...input }, events));

const reviewCount = async (transactionId: string): Promise<number> => {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from reviews where transaction_id = ${transactionId}`.execute(handle.db);
  return rows[0]?.n ?? -1;
};

const isDomainError = (kind: string, code: string) => (e: unknown) => e instanceof DomainError && e.kind === kind && e.code === code;

test('postReview: the customer reviews the provider via the listing, the provider the customer; both pending', async () => {
  const tx = await newTx();
  const at = new Date('2025-05-05T12:00:00Z');
  const { out: byCustomer, events } = await post({ transactionId: tx.id, authorRole: 'customer', rating: 5, content: 'Lovely canoe', at });
  assert.deepEqual(
    { ...byCustomer, id: undefined },
    {
      id: undefined,
      marketplaceId: m.marketplace.id,
      transactionId: tx.id,
      listingId: tx.listingId,
      authorId: customer.user.id,
      subjectId: provider.user.id,
      type: 'ofProvider',
      state: 'pending',
      rating: 5,
      content: 'Lovely canoe',
      deleted: false,
      createdAt: at,
      updatedAt: at,
    },
  );
  assert.deepEqual(events.map((e) => [e.eventType, e.resourceId]), [['review/created', byCustomer.id]]);
  const { out: byProvider } = await post({ transactionId: tx.id, authorRole: 'provider', rating: 4, content: 'Careful customer' });
  assert.equal(byProvider.type, 'ofCustomer');
  assert.equal(byProvider.listingId, null);
  assert.equal(byProvider.authorId, provider.user.id);
  assert.equal(byProvider.subjectId, customer.user.id);
  assert.equal(byProvider.state, 'pending');

  const [created] = await queryEvents(handle.db, m.marketplace.id, { resourceId: byCustomer.id });
  assert.equal(created?.source, 'source/transaction');
  const resource = created?.resource as { attributes: Record<string, unknown>; relationships: Record<string, { data: { id: { uuid: string } } }> };
  assert.deepEqual(resource.attributes, { type: 'ofProvider', state: 'pending', rating: 5, content: 'Lovely canoe', createdAt: at, deleted: false });
  assert.equal(resource.relationships.listing?.data.id.uuid, tx.listingId);
  assert.equal(resource.relationships.author?.data.id.uuid, customer.user.id);
  assert.equal(resource.relationships.subject?.data.id.uuid, provider.user.id);
  assert.equal(resource.relationships.transaction?.data.id.uuid, tx.id);
  const [providerCreated] = await queryEvents(handle.db, m.marketplace.id, { resourceId: byProvider.id });
  assert.equal((providerCreated?.resource as { relationships: Record<string, unknown> }).relationships.listing, undefined);
});

test('postReview: a second review by the same party is 409 transaction-already-reviewed-by-*', async () => {
  const tx = await newTx();
  await post({ transactionId: tx.id, authorRole: 'customer', rating: 3, content: 'Fine' });
  await post({ transactionId: tx.id, authorRole: 'provider', rating: 3, content: 'Fine' });
  await assert.rejects(post({ transactionId: tx.id, authorRole: 'customer', rating: 1, content: 'Changed my mind' }), isDomainError('conflict', 'transaction-already-reviewed-by-customer'));
  await assert.rejects(post({ transactionId: tx.id, authorRole: 'provider', rating: 1, content: 'Me too' }), isDomainError('conflict', 'transaction-already-reviewed-by-provider'));
  assert.equal(await reviewCount(tx.id), 2);
});

test('postReview: bad params and unknown transactions are refused and store nothing', async () => {
  const tx = await newTx();
  const cases: [Partial<PostReviewInput>, string, string][] = [
    [{ rating: 0 }, 'bad-request', 'validation-invalid-value'],
    [{ rating: 6 }, 'bad-request', 'validation-invalid-value'],
    [{ rating: 2.5 }, 'bad-request', 'validation-invalid-value'],
    [{ rating: undefined }, 'bad-request', 'validation-missing-key'],
    [{ content: undefined }, 'bad-request', 'validation-missing-key'],
    [{ content: '  ' }, 'bad-request', 'validation-invalid-value'],
    [{ transactionId: '00000000-0000-4000-8000-000000000000' }, 'conflict', 'transaction-not-found'],
  ];
  const events = (await queryEvents(handle.db, m.marketplace.id, { eventTypes: ['review/created'] })).length;
  for (const [override, kind, code] of cases) {
    await assert.rejects(post({ transactionId: tx.id, authorRole: 'customer', rating: 4, content: 'Good', ...override }), isDomainError(kind, code), JSON.stringify(override));
  }
  assert.equal(await reviewCount(tx.id), 0);
  assert.equal((await queryEvents(handle.db, m.marketplace.id, { eventTypes: ['review/created'] })).length, events);
});

test('publishReviews: every pending review becomes public, one review/updated each; nothing to publish is no error', async () => {
  const tx = await newTx();
  const { out: first } = await post({ transactionId: tx.id, authorRole: 'provider', rating: 2, content: 'Late' });
  const { out: second } = await post({ transactionId: tx.id, authorRole: 'customer', rating: 4, content: 'Nice' });
  const at = new Date('2025-06-01T00:00:00Z');
  const { out: published, events } = await inTransition((trx, sink) => publishReviews(trx, { marketplaceId: m.marketplace.id, transactionId: tx.id, at }, sink));
  assert.deepEqual(published.map((r) => [r.id, r.state, r.updatedAt.toISOString()]), [
    [first.id, 'public', at.toISOString()],
    [second.id, 'public', at.toISOString()],
  ]);
  assert.deepEqual(events.map((e) => [e.eventType, e.resourceId, e.previousValues]), [
    ['review/updated', first.id, { attributes: { state: 'pending' }, relationships: {} }],
    ['review/updated', second.id, { attributes: { state: 'pending' }, relationships: {} }],
  ]);
  // Again: nothing pending any more.
  const again = await inTransition((trx, sink) => publishReviews(trx, { marketplaceId: m.marketplace.id, transactionId: tx.id }, sink));
  assert.deepEqual(again.out, []);
  assert.deepEqual(again.events, []);
  // A transaction without reviews (an expired review period).
  const empty = await newTx();
  assert.deepEqual((await inTransition((trx, sink) => publishReviews(trx, { marketplaceId: m.marketplace.id, transactionId: empty.id }, sink))).out, []);
});

test('post and publish in one transition (default-download `review`): public at once, created then updated', async () => {
  const tx = await newTx();
  const { out, events } = await inTransition(async (trx, sink) => {
    await postReview(trx, { marketplaceId: m.marketplace.id, transactionId: tx.id, authorRole: 'customer', rating: 5, content: 'Great file' }, sink);
    return publishReviews(trx, { marketplaceId: m.marketplace.id, transactionId: tx.id }, sink);
  });
  assert.equal(out[0]?.state, 'public');
  assert.deepEqual(events.map((e) => e.eventType), ['review/created', 'review/updated']);
});

test('concurrent reviews by the same party: exactly one is stored, the other is 409 (PostgreSQL)', { skip: !testDatabaseUrl && 'needs TEST_DATABASE_URL' }, async () => {
  const tx = await newTx();
  const results = await Promise.allSettled(
    [1, 2, 3].map((rating) => post({ transactionId: tx.id, authorRole: 'customer', rating, content: `Take ${rating}` })),
  );
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  for (const r of results) if (r.status === 'rejected') assert.ok(isDomainError('conflict', 'transaction-already-reviewed-by-customer')(r.reason), String(r.reason));
  assert.equal(await reviewCount(tx.id), 1);
});
