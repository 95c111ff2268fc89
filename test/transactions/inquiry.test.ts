/**
 * The free inquiry fixture (default-inquiry) end to end over HTTP: a customer initiates
 * `transition/inquire-without-payment` with protected data, the provider is emailed with the real
 * template, both parties see the transaction (a third user does not), events come in order.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setMarketplaceSettings, type ApiResource } from '../listings/helpers.ts';
import { createListing, eventsOf, lastSequence, mailTo, pushFixture, runJobs, snapshot, startWorld, type World } from './helpers.ts';

let w: World;
let listingId: string;

before(async () => {
  w = await startWorld();
  await pushFixture(w, 'default-inquiry');
  listingId = await createListing(w, { title: 'Blue kayak' });
});
after(async () => w.server.close());

const initiate = (params: Record<string, unknown>, caller = w.asCustomer) =>
  caller.post('transactions/initiate?expand=true', { processAlias: 'default-inquiry/release-1', transition: 'transition/inquire-without-payment', params });

test('initiate: the customer starts a free inquiry; state, history, parties and protected data', async () => {
  const since = await lastSequence(w);
  const res = await initiate({ listingId, protectedData: { inquiryMessage: 'Is it free on Sunday?' } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const tx = res.body.data;
  assert.ok(tx);
  assert.equal(tx.type, 'transaction');
  const a = tx.attributes ?? {};
  assert.equal(a.processName, 'default-inquiry');
  assert.equal(a.processVersion, 1);
  assert.equal(a.state, 'state/free-inquiry');
  assert.equal(a.lastTransition, 'transition/inquire-without-payment');
  assert.equal(a.lastTransitionedAt, w.clock.now().toISOString());
  assert.deepEqual(a.transitions, [{ transition: 'transition/inquire-without-payment', createdAt: w.clock.now().toISOString(), by: 'customer' }]);
  assert.deepEqual(a.lineItems, []);
  assert.equal(a.payinTotal, null);
  assert.deepEqual(a.protectedData, { inquiryMessage: 'Is it free on Sunday?' });
  assert.deepEqual(a.metadata, {});

  const events = await eventsOf(w, since);
  assert.deepEqual(events.map((e) => e.eventType), ['transaction/initiated']);
  assert.equal(events[0]?.resourceId, tx.id);
  assert.equal(events[0]?.source, 'source/marketplace-api');
  assert.equal(events[0]?.auditData.userId, w.customer.user.id);

  // The Integration API's event: the full transaction and its to-one relationships.
  const feed = await w.asInteg.get(`events/query?resourceId=${tx.id}`);
  const event = feed.body.data?.[0];
  assert.equal(event?.attributes?.eventType, 'transaction/initiated');
  // The event carries the transaction as a resource of its own.
  const resource = event?.attributes?.resource as ApiResource | undefined;
  assert.equal(resource?.attributes?.state, 'state/free-inquiry');
  assert.deepEqual(resource?.relationships?.customer?.data, { id: w.customer.user.id, type: 'user' });
  assert.deepEqual(resource?.relationships?.booking?.data, null);

  // The provider's notification leaves from the worker, after the commit.
  assert.equal(mailTo(w, w.provider).length, 0);
  assert.equal(await runJobs(w), 1);
  const mail = mailTo(w, w.provider);
  assert.equal(mail.length, 1);
  assert.match(mail[0]?.subject ?? '', /Cora C/);
  assert.match(mail[0]?.html ?? '', /Blue kayak/);
  assert.equal(mailTo(w, w.customer).length, 0);
});

test('show and query: both parties see it with includes; a third user gets 403, an unknown id 404', async () => {
  const res = await initiate({ listingId });
  const id = res.body.data?.id ?? '';
  const asProvider = await w.asProvider.get(`transactions/show?id=${id}&include=listing,customer,provider,listing.author`);
  assert.equal(asProvider.status, 200);
  const rel = asProvider.body.data?.relationships ?? {};
  assert.deepEqual(rel.customer?.data, { id: w.customer.user.id, type: 'user' });
  assert.deepEqual(rel.provider?.data, { id: w.provider.user.id, type: 'user' });
  assert.deepEqual(rel.listing?.data, { id: listingId, type: 'listing' });
  const included = asProvider.body.included ?? [];
  assert.ok(included.some((r) => r.type === 'listing' && r.id === listingId && r.attributes?.title === 'Blue kayak'));
  assert.ok(included.some((r) => r.type === 'user' && r.id === w.customer.user.id));
  assert.equal((await w.asCustomer.get(`transactions/show?id=${id}`)).status, 200);
  const third = await w.asThird.get(`transactions/show?id=${id}`);
  assert.equal(third.status, 403);
  assert.equal(third.body.errors?.[0]?.code, 'forbidden');
  const unknown = await w.asCustomer.get('transactions/show?id=6f1c1f8e-0000-4000-8000-000000000000');
  assert.equal(unknown.status, 404);

  const orders = await w.asCustomer.get('transactions/query?only=order');
  assert.equal(orders.status, 200);
  assert.ok(Array.isArray(orders.body.data) && orders.body.data.some((t: { id: string }) => t.id === id));
  const sales = await w.asCustomer.get('transactions/query?only=sale');
  assert.deepEqual(sales.body.data, []);
  const third3 = await w.asThird.get('transactions/query');
  assert.deepEqual(third3.body.data, []);
});

test('bad input: own listing, unknown alias, unknown transition, missing listingId, anonymous — nothing stored', async () => {
  const before = await snapshot(w);
  const own = await initiate({ listingId }, w.asProvider);
  assert.equal(own.status, 409);
  assert.equal(own.body.errors?.[0]?.code, 'transaction-same-author-and-customer');
  const alias = await w.asCustomer.post('transactions/initiate', { processAlias: 'default-inquiry/nope', transition: 'transition/inquire-without-payment', params: { listingId } });
  assert.equal(alias.status, 409);
  assert.equal(alias.body.errors?.[0]?.code, 'transaction-unknown-alias');
  const unknown = await w.asCustomer.post('transactions/initiate', { processAlias: 'default-inquiry/release-1', transition: 'transition/nope', params: { listingId } });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.errors?.[0]?.code, 'validation-invalid-value');
  assert.deepEqual(unknown.body.errors?.[0]?.source?.path, ['transition']);
  const missing = await initiate({});
  assert.equal(missing.status, 400);
  assert.equal(missing.body.errors?.[0]?.code, 'validation-missing-key');
  assert.deepEqual(missing.body.errors?.[0]?.source?.path, ['params', 'listingId']);
  const badData = await initiate({ listingId, protectedData: 'not a map' });
  assert.equal(badData.status, 400);
  const anon = await initiate({ listingId }, w.asAnon);
  assert.equal(anon.status, 403);
  // Without the initiateTransactions permission, where the marketplace requires it.
  await setMarketplaceSettings(w.server, w.m, { transactionsNeedPermission: true });
  const denied = await w.asInteg.post('users/update_permissions', { id: w.third.user.id, initiateTransactions: 'permission/deny' });
  assert.equal(denied.status, 200, JSON.stringify(denied.body));
  const before2 = await snapshot(w);
  const noPermission = await initiate({ listingId }, w.asThird);
  assert.equal(noPermission.status, 403);
  assert.equal(noPermission.body.errors?.[0]?.code, 'permission-denied-initiate-transactions');
  assert.equal(before2.transactions, before.transactions);
  assert.deepEqual(await snapshot(w), before2);
});
