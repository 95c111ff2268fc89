/**
 * Contract: the real SDKs against a listening Bazaar — `sdk.messages.send` / `sdk.messages.query`
 * between the two parties of a transaction (and refused for a third user), an operator's
 * login-as session sending, the Integration SDK's `messages.query`, and `sdk.reviews.query` /
 * `sdk.reviews.show` with their includes. Transactions come from the transactions test factory;
 * reviews from the review primitives a transition runs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { appendEvents, type EventSink } from '../../src/domain/events/index.ts';
import { issueLoginAsCode } from '../../src/domain/identity/index.ts';
import { postReview, publishReviews, type Review } from '../../src/domain/reviews/index.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { createTestTransaction } from '../support/transactions.ts';
import { group, integrationSdk, integrationSdkModule, marketplaceSdk, sharetribeSdk, type SdkError, type SdkResource, type SdkResponse } from '../support/sdk.ts';

let server: TestServer;
let m: TestMarketplace;
let customer: TestUser;
let provider: TestUser;
let third: TestUser;
let tx: { id: string; listingId: string };

const { UUID } = sharetribeSdk.types;

before(async () => {
  server = await startTestServer();
  m = await createTestMarketplace(server.handle.db, 'Messages contract');
  customer = await createTestUser(server.handle.db, m.marketplace.id);
  provider = await createTestUser(server.handle.db, m.marketplace.id);
  third = await createTestUser(server.handle.db, m.marketplace.id);
  tx = await createTestTransaction(server.handle.db, { marketplaceId: m.marketplace.id, customerId: customer.user.id, providerId: provider.user.id });
});
after(async () => server.close());

const loggedIn = async (u: TestUser) => {
  const sdk = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId);
  await sdk.login({ username: u.email, password: u.password });
  return sdk;
};
const many = (res: SdkResponse): SdkResource[] => {
  assert.ok(Array.isArray(res.data.data));
  return res.data.data;
};
const one = (res: SdkResponse): SdkResource => {
  assert.ok(!Array.isArray(res.data.data));
  return res.data.data;
};
const rejectsWith = (p: Promise<unknown>, status: number, code: string) =>
  assert.rejects(p, (e: SdkError) => e.status === status && e.data?.errors?.[0]?.code === code);

test('Marketplace SDK: the parties exchange messages and read them newest first; a third user cannot', async () => {
  const asCustomer = group(await loggedIn(customer), 'messages');
  const asProvider = group(await loggedIn(provider), 'messages');
  const sent = one(await asCustomer.send!({ transactionId: new UUID(tx.id), content: 'Hello! Is it available?' }, { expand: true }));
  assert.ok(sent.id instanceof UUID);
  assert.equal(sent.type, 'message');
  assert.equal(sent.attributes.content, 'Hello! Is it available?');
  assert.ok(sent.attributes.createdAt instanceof Date);
  assert.equal(sent.attributes.deleted, false);
  const reply = one(await asProvider.send!({ transactionId: new UUID(tx.id), content: 'It is.' }));
  assert.deepEqual(Object.keys(reply), ['id', 'type']);

  const res = await asCustomer.query!({ transactionId: new UUID(tx.id), include: ['sender', 'sender.profileImage', 'transaction'], page: 1, perPage: 100 });
  const messages = many(res);
  assert.deepEqual(messages.map((x) => x.id.uuid), [reply.id.uuid, sent.id.uuid]);
  assert.deepEqual(messages.map((x) => (x.relationships?.sender as { data: { id: { uuid: string } } }).data.id.uuid), [provider.user.id, customer.user.id]);
  assert.deepEqual(new Set(res.data.included?.map((r) => `${r.type}/${r.id.uuid}`)), new Set([`user/${provider.user.id}`, `user/${customer.user.id}`, `transaction/${tx.id}`]));
  assert.deepEqual((messages[0]?.relationships?.transaction as { data: { id: { uuid: string } } }).data.id.uuid, tx.id);
  assert.equal(res.data.meta?.totalItems, 2);

  const asThird = group(await loggedIn(third), 'messages');
  await rejectsWith(asThird.query!({ transactionId: new UUID(tx.id) }), 403, 'forbidden');
  await rejectsWith(asThird.send!({ transactionId: new UUID(tx.id), content: 'Hi' }), 403, 'forbidden');
  await rejectsWith(asCustomer.send!({ transactionId: new UUID(tx.id), content: '' }), 400, 'validation-invalid-value');
  await rejectsWith(asCustomer.query!({}), 400, 'validation-missing-key');
  const anon = group(marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId), 'messages');
  await rejectsWith(anon.query!({ transactionId: new UUID(tx.id) }), 403, 'forbidden');
});

test('an operator logged in as the customer may send (Bazaar issues the dev/test login-as scope)', async () => {
  const verifier = randomBytes(32).toString('base64url');
  const redirectUri = 'http://127.0.0.1:3000/api/login-as';
  const { code } = await server.handle.db.transaction().execute((trx) =>
    issueLoginAsCode(
      trx,
      { marketplaceId: m.marketplace.id, userEmail: customer.email, clientId: m.marketplaceApp.clientId, redirectUri, codeChallenge: createHash('sha256').update(verifier).digest('base64url') },
      systemClock,
    ),
  );
  const sdk = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId);
  await sdk.loginAs({ code, redirect_uri: redirectUri, code_verifier: verifier });
  const sent = one(await group(sdk, 'messages').send!({ transactionId: new UUID(tx.id), content: 'Sent by support' }, { expand: true }));
  assert.equal(sent.attributes.content, 'Sent by support');
});

test('Integration SDK: messages.query by transaction and by ids', async () => {
  const integ = integrationSdk(server.baseUrl, m.integrationApp.clientId, m.integrationApp.clientSecret);
  const messages = group(integ, 'messages');
  const IUUID = integrationSdkModule.types.UUID;
  const all = many(await messages.query!({ transactionId: new IUUID(tx.id), include: ['sender'] }));
  assert.ok(all.length >= 2);
  const oldest = all.at(-1);
  assert.ok(oldest);
  const byIds = many(await messages.query!({ ids: [oldest.id] }));
  assert.deepEqual(byIds.map((x) => x.id.uuid), [oldest.id.uuid]);
  assert.equal(oldest.attributes.content, 'Hello! Is it available?');
});

test('Marketplace SDK: reviews.query and reviews.show with their includes', async () => {
  const reviewed = await createTestTransaction(server.handle.db, { marketplaceId: m.marketplace.id, customerId: customer.user.id, providerId: provider.user.id });
  const reviews: Review[] = await server.handle.db.transaction().execute(async (trx) => {
    const events: EventSink = [];
    const base = { marketplaceId: m.marketplace.id, transactionId: reviewed.id };
    await postReview(trx, { ...base, authorRole: 'provider', rating: 4, content: 'Smooth deal' }, events);
    await postReview(trx, { ...base, authorRole: 'customer', rating: 5, content: 'Just as described' }, events);
    const published = await publishReviews(trx, base, events);
    await appendEvents(trx, events, { source: 'source/transaction', auditData: { userId: null, adminId: null, requestId: null, clientId: null } });
    return published;
  });
  const ofProvider = reviews.find((r) => r.type === 'ofProvider');
  assert.ok(ofProvider);

  const anon = group(marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId), 'reviews');
  const res = await anon.query!({ listingId: new UUID(reviewed.listingId), state: 'public', include: ['author', 'author.profileImage'], perPage: 10 });
  const [found] = many(res);
  assert.equal(found?.id.uuid, ofProvider.id);
  assert.equal(found?.type, 'review');
  assert.deepEqual({ ...found?.attributes, createdAt: undefined }, { type: 'ofProvider', state: 'public', rating: 5, content: 'Just as described', deleted: false, createdAt: undefined });
  assert.ok(found?.attributes.createdAt instanceof Date);
  assert.equal(res.data.included?.[0]?.id.uuid, customer.user.id);

  const bySubject = many(await anon.query!({ subjectId: new UUID(customer.user.id), type: 'ofCustomer' }));
  assert.deepEqual(bySubject.map((r) => r.attributes.content), ['Smooth deal']);

  const shown = await anon.show!({ id: new UUID(ofProvider.id), include: ['author', 'listing', 'subject', 'subject.profileImage'] });
  const review = one(shown);
  const rel = review.relationships as Record<string, { data: { id: { uuid: string }; type: string } }>;
  assert.equal(rel.listing?.data.id.uuid, reviewed.listingId);
  assert.equal(rel.subject?.data.id.uuid, provider.user.id);
  assert.ok(shown.data.included?.some((r) => r.type === 'listing' && r.id.uuid === reviewed.listingId));
  await rejectsWith(anon.show!({ id: new UUID(reviewed.id) }), 404, 'not-found');

  // include=transaction: the customer gets the transaction (with includes below it); anonymous null.
  const asCustomer = group(await loggedIn(customer), 'reviews');
  const withTx = await asCustomer.show!({ id: new UUID(ofProvider.id), include: ['transaction', 'transaction.provider', 'listing.author'] });
  const txRel = (one(withTx).relationships as Record<string, { data: { id: { uuid: string }; type: string } | null }>).transaction;
  assert.equal(txRel?.data?.id.uuid, reviewed.id);
  assert.equal(txRel?.data?.type, 'transaction');
  const includedTx = withTx.data.included?.find((r) => r.type === 'transaction');
  assert.ok(includedTx?.attributes.lastTransitionedAt instanceof Date);
  assert.ok(withTx.data.included?.some((r) => r.type === 'user' && r.id.uuid === provider.user.id));
  const anonTx = one(await anon.show!({ id: new UUID(ofProvider.id), include: ['transaction'] }));
  assert.deepEqual((anonTx.relationships as Record<string, { data: unknown }>).transaction, { data: null });
  const queried = many(await asCustomer.query!({ listingId: new UUID(reviewed.listingId), include: ['transaction'] }));
  assert.equal((queried[0]?.relationships as Record<string, { data: { id: { uuid: string } } }>).transaction?.data.id.uuid, reviewed.id);
});
