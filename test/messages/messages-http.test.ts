/**
 * Messages over HTTP (JSON): `messages/send` and `messages/query` on the Marketplace API per role
 * (customer, provider, a third user, anonymous), Integration `messages/query`, ordering and
 * pagination, includes, the `message/created` event and the transaction's last message time, and
 * bad input refused with the catalogue's codes and nothing stored.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { queryEvents } from '../../src/domain/events/index.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { countMessages, lastMessageAt, newTransaction, startWorld, type World } from './helpers.ts';

const clock = new FakeClock(new Date('2025-03-01T10:00:00Z'));
let w: World;
let tx: { id: string; listingId: string };

before(async () => {
  w = await startWorld({ clock });
  tx = await newTransaction(w);
});
after(async () => w.server.close());

type Doc = Awaited<ReturnType<World['asCustomer']['get']>>['body'];
const list = (body: Doc) => {
  assert.ok(Array.isArray(body.data), JSON.stringify(body));
  return body.data as { id: string; type: string; attributes: Record<string, unknown>; relationships?: Record<string, { data: unknown }> }[];
};

const send = async (caller: World['asCustomer'], content: string, transactionId = tx.id) => {
  const res = await caller.post('messages/send?expand=true', { transactionId, content });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.ok(res.body.data);
  return res.body.data;
};

test('the parties write to each other and read the messages newest first; others cannot', async () => {
  const t = await newTransaction(w);
  const first = await send(w.asCustomer, 'Is the canoe free on Saturday?', t.id);
  assert.equal(first.type, 'message');
  assert.deepEqual(first.attributes, { content: 'Is the canoe free on Saturday?', createdAt: clock.now().toISOString(), deleted: false });
  clock.advance(60_000);
  const second = await send(w.asProvider, 'Yes, all day.', t.id);

  // Without expand a command answers {id, type} only.
  const plain = await w.asCustomer.post('messages/send', { transactionId: t.id, content: 'Great, booking it.' });
  assert.equal(plain.status, 200);
  assert.equal(plain.body.data?.attributes, undefined);
  const third = plain.body.data?.id;

  for (const caller of [w.asCustomer, w.asProvider, w.asInteg]) {
    const res = await caller.get(`messages/query?transactionId=${t.id}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    // Newest first; the last two share an instant (the clock did not move) and keep sending order.
    assert.deepEqual(list(res.body).map((m) => m.id), [third, second.id, first.id]);
    assert.deepEqual(res.body.meta, { totalItems: 3, totalPages: 1, page: 1, perPage: 100 });
  }
  for (const caller of [w.asThird, w.asAnon]) {
    const res = await caller.get(`messages/query?transactionId=${t.id}`);
    assert.equal(res.status, 403);
    assert.equal(res.body.errors?.[0]?.code, 'forbidden');
  }
  const before = await countMessages(w);
  for (const caller of [w.asThird, w.asAnon]) {
    const res = await caller.post('messages/send', { transactionId: t.id, content: 'Let me in' });
    assert.equal(res.status, 403);
    assert.equal(res.body.errors?.[0]?.code, 'forbidden');
  }
  // The Integration API has no messages/send (operators cannot take part).
  assert.equal((await w.asInteg.post('messages/send', { transactionId: t.id, content: 'Operator here' })).status, 404);
  assert.equal(await countMessages(w), before);
});

test('sending records the last message time and appends message/created', async () => {
  const t = await newTransaction(w);
  clock.advance(300_000);
  const sentAt = clock.now();
  const message = await send(w.asProvider, 'Welcome!', t.id);
  assert.equal((await lastMessageAt(w, t.id))?.toISOString(), sentAt.toISOString());

  const events = await queryEvents(w.server.handle.db, w.m.marketplace.id, { resourceId: message.id });
  assert.equal(events.length, 1);
  const [event] = events;
  assert.equal(event?.eventType, 'message/created');
  assert.equal(event?.source, 'source/marketplace-api');
  assert.equal(event?.auditData.userId, w.provider.user.id);
  assert.equal(event?.auditData.clientId, w.m.marketplaceApp.clientId);
  assert.equal(event?.previousValues, null);
  const resource = event?.resource as { attributes: Record<string, unknown>; relationships: Record<string, { data: { id: { uuid: string } } }> };
  assert.equal(resource.attributes.content, 'Welcome!');
  assert.equal(resource.relationships.sender?.data.id.uuid, w.provider.user.id);
  assert.equal(resource.relationships.transaction?.data.id.uuid, t.id);
  // The event is found from the transaction too (relatedResourceId).
  const related = await queryEvents(w.server.handle.db, w.m.marketplace.id, { relatedResourceId: t.id, eventTypes: ['message/created'] });
  assert.deepEqual(related.map((e) => e.resourceId), [message.id]);
});

test('ids: parties get only messages of their transactions, the Integration API every one', async () => {
  const mine = await send(w.asCustomer, 'Mine');
  // A transaction between the provider and the third user: the customer is no party to it.
  const other = await newTransaction({ ...w, customer: w.third });
  const theirs = await send(w.asThird, 'Theirs', other.id);
  const ids = `${mine.id},${theirs.id}`;
  assert.deepEqual(list((await w.asCustomer.get(`messages/query?ids=${ids}`)).body).map((m) => m.id), [mine.id]);
  assert.deepEqual(list((await w.asThird.get(`messages/query?ids=${ids}`)).body).map((m) => m.id), [theirs.id]);
  assert.deepEqual(new Set(list((await w.asProvider.get(`messages/query?ids=${ids}`)).body).map((m) => m.id)), new Set([mine.id, theirs.id]));
  assert.equal(list((await w.asInteg.get(`messages/query?ids=${ids}`)).body).length, 2);
  // Both filters: messages with those ids in that transaction.
  assert.deepEqual(list((await w.asInteg.get(`messages/query?transactionId=${other.id}&ids=${ids}`)).body).map((m) => m.id), [theirs.id]);
  // snake_case spelling of the template.
  assert.equal(list((await w.asCustomer.get(`messages/query?transaction_id=${tx.id}&ids=${mine.id}`)).body).length, 1);
});

test('pagination: pages of perPage, newest first, with totals', async () => {
  const t = await newTransaction(w);
  const sent: string[] = [];
  for (let i = 1; i <= 5; i += 1) {
    clock.advance(1000);
    sent.push((await send(i % 2 === 0 ? w.asProvider : w.asCustomer, `Message ${i}`, t.id)).id);
  }
  const newestFirst = [...sent].reverse();
  const page1 = await w.asCustomer.get(`messages/query?transactionId=${t.id}&perPage=2`);
  assert.deepEqual(list(page1.body).map((m) => m.id), newestFirst.slice(0, 2));
  assert.deepEqual(page1.body.meta, { totalItems: 5, totalPages: 3, page: 1, perPage: 2 });
  const page3 = await w.asProvider.get(`messages/query?transactionId=${t.id}&perPage=2&page=3`);
  assert.deepEqual(list(page3.body).map((m) => m.id), newestFirst.slice(4));
  assert.equal(list((await w.asInteg.get(`messages/query?transactionId=${t.id}&perPage=2&page=4`)).body).length, 0);
  assert.equal((await w.asCustomer.get(`messages/query?transactionId=${t.id}&perPage=101`)).body.errors?.[0]?.code, 'validation-invalid-value');
});

test('includes: sender and sender.profileImage (public view), fields', async () => {
  await send(w.asProvider, 'With sender');
  const res = await w.asCustomer.get(`messages/query?transactionId=${tx.id}&perPage=1&include=sender,sender.profileImage&fields.message=content`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const [message] = list(res.body);
  assert.deepEqual(message?.attributes, { content: 'With sender' });
  assert.deepEqual(message?.relationships?.sender, { data: { id: w.provider.user.id, type: 'user' } });
  const sender = res.body.included?.find((r) => r.id === w.provider.user.id);
  assert.equal(sender?.type, 'user');
  // Public view of the sender: no email, no private names.
  assert.equal(sender?.attributes?.email, undefined);
  assert.deepEqual(sender?.relationships?.profileImage, { data: null });
  // The operator sees the full user.
  const integ = await w.asInteg.get(`messages/query?transactionId=${tx.id}&perPage=1&include=sender`);
  assert.equal(integ.body.included?.find((r) => r.id === w.provider.user.id)?.attributes?.email, w.provider.email);
  assert.equal((await w.asCustomer.get(`messages/query?transactionId=${tx.id}&include=author`)).body.errors?.[0]?.code, 'validation-invalid-value');
});

test('includes: transaction (and below it) as the transactions endpoints show it to the caller', async () => {
  await send(w.asCustomer, 'With transaction');
  const res = await w.asProvider.get(`messages/query?transactionId=${tx.id}&perPage=1&include=transaction,transaction.customer,transaction.listing,sender`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const [message] = list(res.body);
  assert.deepEqual(message?.relationships?.transaction, { data: { id: tx.id, type: 'transaction' } });
  const transaction = res.body.included?.find((r) => r.type === 'transaction');
  assert.equal(transaction?.id, tx.id);
  assert.equal(transaction?.attributes?.processName, 'test-process');
  assert.deepEqual(transaction?.relationships?.customer, { data: { id: w.customer.user.id, type: 'user' } });
  assert.deepEqual(transaction?.relationships?.listing, { data: { id: tx.listingId, type: 'listing' } });
  // The sender (the customer) and the transaction's customer are one included user.
  assert.equal(res.body.included?.filter((r) => r.id === w.customer.user.id).length, 1);
  assert.ok(res.body.included?.some((r) => r.type === 'listing' && r.id === tx.listingId));
  const integ = await w.asInteg.get(`messages/query?transactionId=${tx.id}&perPage=1&include=transaction`);
  assert.equal(integ.body.included?.find((r) => r.type === 'transaction')?.id, tx.id);
});

test('bad input to messages/send: catalogue codes, nothing stored, no event', async () => {
  const stored = await countMessages(w);
  const events = (await queryEvents(w.server.handle.db, w.m.marketplace.id, { eventTypes: ['message/created'] })).length;
  const cases: [unknown, number, string][] = [
    [{ content: 'No transaction' }, 400, 'validation-missing-key'],
    [{ transactionId: tx.id }, 400, 'validation-missing-key'],
    [{ transactionId: tx.id, content: '' }, 400, 'validation-invalid-value'],
    [{ transactionId: tx.id, content: '   \n ' }, 400, 'validation-invalid-value'],
    [{ transactionId: tx.id, content: 'x'.repeat(10_001) }, 400, 'validation-invalid-value'],
    [{ transactionId: tx.id, content: 42 }, 400, 'validation-invalid-value'],
    [{ transactionId: 'not-a-uuid', content: 'Hi' }, 400, 'validation-invalid-value'],
    [{ transactionId: tx.id, content: 'Hi', extra: true }, 400, 'validation-disallowed-key'],
    [{ transactionId: tx.id, content: 'Hi', publicFileAttachments: [{ fileId: tx.id }] }, 400, 'validation-invalid-value'],
    [{ transactionId: '00000000-0000-4000-8000-000000000000', content: 'Hi' }, 409, 'transaction-not-found'],
  ];
  for (const [body, status, code] of cases) {
    const res = await w.asCustomer.post('messages/send', body);
    assert.equal(res.status, status, `${JSON.stringify(body).slice(0, 80)} → ${JSON.stringify(res.body)}`);
    assert.equal(res.body.errors?.[0]?.code, code);
  }
  // The template's form: no attachments given as null or [].
  assert.equal((await w.asCustomer.post('messages/send', { transactionId: tx.id, content: 'ok', publicFileAttachments: null })).status, 200);
  assert.equal((await w.asCustomer.post('messages/send', { transactionId: tx.id, content: 'ok', publicFileAttachments: [] })).status, 200);
  assert.equal(await countMessages(w), stored + 2);
  assert.equal((await queryEvents(w.server.handle.db, w.m.marketplace.id, { eventTypes: ['message/created'] })).length, events + 2);
});

test('bad input to messages/query: one of transactionId and ids is required; malformed values; unknown transaction', async () => {
  for (const caller of [w.asCustomer, w.asInteg]) {
    const none = await caller.get('messages/query');
    assert.equal(none.status, 400);
    assert.equal(none.body.errors?.[0]?.code, 'validation-missing-key');
    for (const q of ['transactionId=abc', 'ids=abc', `ids=${tx.id},nope`, 'transactionId=', 'page=0&ids=' + tx.id, 'sort=createdAt&ids=' + tx.id]) {
      const res = await caller.get(`messages/query?${q}`);
      assert.equal(res.status, 400, q);
      assert.ok(['validation-invalid-value', 'validation-disallowed-key'].includes(res.body.errors?.[0]?.code ?? ''), `${q}: ${JSON.stringify(res.body)}`);
    }
    const unknown = await caller.get('messages/query?transactionId=00000000-0000-4000-8000-000000000000');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.errors?.[0]?.code, 'not-found');
    // Unknown message ids simply match nothing.
    const nothing = await caller.get('messages/query?ids=00000000-0000-4000-8000-000000000000');
    assert.equal(nothing.status, 200);
    assert.deepEqual(nothing.body.data, []);
  }
});
