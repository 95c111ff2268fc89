/**
 * `reviews/query` and `reviews/show` over HTTP (JSON), per caller: public reviews for everyone,
 * a pending review only for its author (blind reviews stay hidden from the other party), filters,
 * includes, pagination, bad input, private marketplaces. Reviews come from the review primitives,
 * as a transition would write them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendEvents, type EventSink } from '../../src/domain/events/index.ts';
import { postReview, publishReviews, type Review } from '../../src/domain/reviews/index.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { api, integToken, setMarketplaceSettings } from '../listings/helpers.ts';
import { newTransaction, startWorld, type World } from '../messages/helpers.ts';

const clock = new FakeClock(new Date('2025-04-01T08:00:00Z'));
let w: World;
let listingId: string;
/** tx1: both reviewed, not yet published. tx2: both reviewed and published. */
let pendingByCustomer: Review;
let pendingByProvider: Review;
let publicByCustomer: Review;
let publicByProvider: Review;
let tx1: string;

const audit = { source: 'source/transaction', auditData: { userId: null, adminId: null, requestId: null, clientId: null } } as const;

/** Posts reviews (and optionally publishes them) as a transition would, at the clock's time. */
async function review(transactionId: string, authorRole: 'customer' | 'provider', rating: number, content: string, publish = false): Promise<Review> {
  clock.advance(60_000);
  return w.server.handle.db.transaction().execute(async (trx) => {
    const events: EventSink = [];
    const marketplaceId = w.m.marketplace.id;
    const posted = await postReview(trx, { marketplaceId, transactionId, authorRole, rating, content, at: clock.now() }, events);
    const published = publish ? await publishReviews(trx, { marketplaceId, transactionId, at: clock.now() }, events) : [];
    await appendEvents(trx, events, audit);
    return published.find((r) => r.id === posted.id) ?? posted;
  });
}

before(async () => {
  w = await startWorld({ clock });
  const first = await newTransaction(w);
  const second = await newTransaction(w, { listingId: first.listingId });
  listingId = first.listingId;
  tx1 = first.id;
  pendingByCustomer = await review(first.id, 'customer', 4, 'Good so far');
  pendingByProvider = await review(first.id, 'provider', 5, 'Pleasant customer');
  publicByProvider = await review(second.id, 'provider', 3, 'Came late');
  publicByCustomer = await review(second.id, 'customer', 5, 'Excellent canoe', true);
});
after(async () => w.server.close());

type Caller = World['asCustomer'];
const ids = async (caller: Caller, query: string): Promise<string[]> => {
  const res = await caller.get(`reviews/query${query}`);
  assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.body)}`);
  assert.ok(Array.isArray(res.body.data));
  return (res.body.data as { id: string }[]).map((r) => r.id);
};

test('the published reviews are public; a pending review only its author sees', async () => {
  assert.equal(publicByCustomer.state, 'public');
  const publicIds = [publicByCustomer.id, publicByProvider.id];
  assert.deepEqual(await ids(w.asAnon, ''), publicIds, 'newest first');
  assert.deepEqual(await ids(w.asThird, ''), publicIds);
  assert.deepEqual(await ids(w.asCustomer, ''), [publicByCustomer.id, publicByProvider.id, pendingByCustomer.id]);
  assert.deepEqual(await ids(w.asProvider, ''), [publicByCustomer.id, publicByProvider.id, pendingByProvider.id]);
  assert.deepEqual(await ids(w.asAnon, '?state=pending'), []);
  assert.deepEqual(await ids(w.asCustomer, '?state=pending'), [pendingByCustomer.id]);
  assert.deepEqual(await ids(w.asCustomer, '?state=public'), publicIds);

  const show = async (caller: Caller, id: string) => (await caller.get(`reviews/show?id=${id}`)).status;
  for (const caller of [w.asAnon, w.asThird, w.asCustomer, w.asProvider]) assert.equal(await show(caller, publicByCustomer.id), 200);
  assert.equal(await show(w.asCustomer, pendingByCustomer.id), 200);
  for (const caller of [w.asAnon, w.asThird, w.asProvider]) assert.equal(await show(caller, pendingByCustomer.id), 404);
});

test('filters: listing (the provider reviews), subject, transaction, type; snake_case keys', async () => {
  assert.deepEqual(await ids(w.asAnon, `?listingId=${listingId}`), [publicByCustomer.id]);
  assert.deepEqual(await ids(w.asCustomer, `?listing_id=${listingId}`), [publicByCustomer.id, pendingByCustomer.id]);
  assert.deepEqual(await ids(w.asAnon, `?subjectId=${w.provider.user.id}`), [publicByCustomer.id]);
  assert.deepEqual(await ids(w.asAnon, `?subject_id=${w.customer.user.id}&type=ofCustomer`), [publicByProvider.id]);
  assert.deepEqual(await ids(w.asAnon, `?subjectId=${w.customer.user.id}&type=ofProvider`), []);
  assert.deepEqual(await ids(w.asProvider, `?transactionId=${tx1}`), [pendingByProvider.id]);
  assert.deepEqual(await ids(w.asAnon, `?transactionId=${tx1}`), []);
  assert.deepEqual(await ids(w.asAnon, `?listingId=${w.third.user.id}`), []);
});

test('attributes and includes: author, author.profileImage, listing, subject, subject.profileImage', async () => {
  const res = await w.asAnon.get(`reviews/show?id=${publicByCustomer.id}&include=author,author.profileImage,listing,subject,subject.profileImage`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.data?.type, 'review');
  assert.deepEqual(res.body.data?.attributes, {
    type: 'ofProvider',
    state: 'public',
    rating: 5,
    content: 'Excellent canoe',
    createdAt: publicByCustomer.createdAt.toISOString(),
    deleted: false,
  });
  assert.deepEqual(res.body.data?.relationships, {
    author: { data: { id: w.customer.user.id, type: 'user' } },
    listing: { data: { id: listingId, type: 'listing' } },
    subject: { data: { id: w.provider.user.id, type: 'user' } },
  });
  const included = res.body.included ?? [];
  assert.deepEqual(included.map((r) => `${r.type}/${r.id}`).sort(), [`listing/${listingId}`, `user/${w.customer.user.id}`, `user/${w.provider.user.id}`].sort());
  for (const user of included.filter((r) => r.type === 'user')) {
    assert.equal(user.attributes?.email, undefined, 'public user view');
    assert.deepEqual(user.relationships?.profileImage, { data: null });
  }
  // The provider's review has no listing.
  const ofCustomer = await w.asAnon.get(`reviews/show?id=${publicByProvider.id}&include=listing`);
  assert.deepEqual(ofCustomer.body.data?.relationships?.listing, { data: null });
  // Queries include the same way, with sparse fields.
  const q = await w.asAnon.get(`reviews/query?subjectId=${w.provider.user.id}&include=author&fields.review=rating&fields.user=profile.displayName`);
  const [first] = q.body.data as { attributes: Record<string, unknown> }[];
  assert.deepEqual(first?.attributes, { rating: 5 });
  assert.deepEqual(Object.keys(q.body.included?.[0]?.attributes ?? {}), ['profile']);
});

test('include transaction: the parties get their transaction (and includes below it); others get null', async () => {
  const path = `reviews/show?id=${publicByCustomer.id}&include=transaction,transaction.provider,transaction.listing`;
  const txId = publicByCustomer.transactionId;
  for (const caller of [w.asCustomer, w.asProvider]) {
    const res = await caller.get(path);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.data?.relationships?.transaction, { data: { id: txId, type: 'transaction' } });
    const included = res.body.included ?? [];
    const tx = included.find((r) => r.type === 'transaction');
    assert.equal(tx?.id, txId);
    assert.deepEqual(tx?.relationships?.provider, { data: { id: w.provider.user.id, type: 'user' } });
    assert.deepEqual(tx?.relationships?.listing, { data: { id: listingId, type: 'listing' } });
    assert.ok(included.some((r) => r.type === 'listing' && r.id === listingId));
  }
  // Public reviews do not open the transaction to anyone else.
  for (const caller of [w.asThird, w.asAnon]) {
    const res = await caller.get(path);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.data?.relationships?.transaction, { data: null });
    assert.deepEqual(res.body.included ?? [], []);
  }
  // Queries: each review with its own transaction.
  const q = await w.asProvider.get(`reviews/query?subjectId=${w.customer.user.id}&include=transaction`);
  assert.equal(q.status, 200, JSON.stringify(q.body));
  const rows = q.body.data as { id: string; relationships?: Record<string, { data: { id: string } | null }> }[];
  const byId = new Map(rows.map((r) => [r.id, r.relationships?.transaction?.data?.id]));
  assert.deepEqual(byId, new Map([[pendingByProvider.id, tx1], [publicByProvider.id, publicByProvider.transactionId]]));
});

test('include below the listing and the users: listing.author, listing.images, author.profileImage', async () => {
  const res = await w.asAnon.get(`reviews/show?id=${publicByCustomer.id}&include=listing.author,listing.images,author.profileImage`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const listing = (res.body.included ?? []).find((r) => r.type === 'listing');
  assert.deepEqual(listing?.relationships?.author, { data: { id: w.provider.user.id, type: 'user' } });
  assert.deepEqual(listing?.relationships?.images, { data: [] });
  // Unknown relationships, at the top or below, are refused.
  for (const include of ['nope', 'transaction.nope', 'listing.nope']) {
    const bad = await w.asCustomer.get(`reviews/show?id=${publicByCustomer.id}&include=${include}`);
    assert.equal(bad.status, 400, include);
    assert.equal(bad.body.errors?.[0]?.code, 'validation-invalid-value');
  }
});

test('pagination: perPage and page with totals', async () => {
  const page1 = await w.asCustomer.get('reviews/query?perPage=2');
  assert.deepEqual(page1.body.meta, { totalItems: 3, totalPages: 2, page: 1, perPage: 2 });
  const page2 = await w.asCustomer.get('reviews/query?perPage=2&page=2');
  assert.deepEqual((page2.body.data as { id: string }[]).map((r) => r.id), [pendingByCustomer.id]);
});

test('bad input: catalogue codes', async () => {
  const cases: [string, number, string][] = [
    ['reviews/show', 400, 'validation-missing-key'],
    ['reviews/show?id=nope', 400, 'validation-invalid-value'],
    ['reviews/show?id=00000000-0000-4000-8000-000000000000', 404, 'not-found'],
    ['reviews/query?type=ofEveryone', 400, 'validation-invalid-value'],
    ['reviews/query?state=draft', 400, 'validation-invalid-value'],
    ['reviews/query?listingId=123', 400, 'validation-invalid-value'],
    ['reviews/query?authorId=' + w.customer.user.id, 400, 'validation-disallowed-key'],
    ['reviews/query?perPage=0', 400, 'validation-invalid-value'],
    ['reviews/query?include=transactions', 400, 'validation-invalid-value'],
  ];
  for (const [path, status, code] of cases) {
    const res = await w.asAnon.get(path);
    assert.equal(res.status, status, `${path}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.errors?.[0]?.code, code, path);
  }
});

test('Integration tokens: no reviews endpoints on the Integration API, and none on the Marketplace API', async () => {
  assert.equal((await w.asInteg.get(`reviews/query?listingId=${listingId}`)).status, 404);
  const integOnMarketplaceApi = api(w.server, 'api', await integToken(w.server, w.m));
  const res = await integOnMarketplaceApi.get(`reviews/show?id=${publicByCustomer.id}`);
  assert.equal(res.status, 403);
  assert.equal(res.body.errors?.[0]?.code, 'forbidden');
});

test('private marketplace: anonymous callers get 403, users still read', async () => {
  await setMarketplaceSettings(w.server, w.m, { privateMarketplace: true });
  try {
    for (const path of [`reviews/query?listingId=${listingId}`, `reviews/show?id=${publicByCustomer.id}`]) {
      const res = await w.asAnon.get(path);
      assert.equal(res.status, 403, path);
      assert.equal(res.body.errors?.[0]?.code, 'permission-denied-read');
      assert.equal((await w.asThird.get(path)).status, 200);
    }
  } finally {
    await setMarketplaceSettings(w.server, w.m, { privateMarketplace: false });
  }
});
