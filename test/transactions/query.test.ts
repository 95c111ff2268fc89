/**
 * Reading transactions: `transactions/query` with every filter of M38/I15 (whose transactions,
 * process names, states, last transitions, creation time, booking / stock reservation / payin /
 * message presence, booking and reservation states, booking time ranges, `prot_*` / `meta_*` with
 * a transaction search schema), sorting and pagination; Integration `update_metadata` and its
 * event; `process_transitions/query`; `bookings/query` for the listing's author only.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setSearchSchema } from '../../src/domain/search-schemas/index.ts';
import { BOOKING_REQUEST_PROCESS, STOCK_PURCHASE_PROCESS } from './test-processes.ts';
import { createListing, eventsOf, lastSequence, renewTokens, pushFixture, pushProcessAs, snapshot, startWorld, type Caller, type World } from './helpers.ts';

let w: World;
let providerListing: string;
let stockListing: string;
let customerListing: string;
/** Transactions by role in the story below. */
const t = { inquiry: '', booking: '', purchase: '', third: '', reverse: '' };

const HOUR = 3_600_000;
const ids = (res: { body: { data?: unknown } }): string[] => (Array.isArray(res.body.data) ? res.body.data.map((d: { id: string }) => d.id) : []);
/** One hour later (new tokens: the old ones expire). */
const tick = async () => {
  w.clock.advance(HOUR);
  await renewTokens(w);
};
const sameSet = (a: string[], b: string[]) => assert.deepEqual([...a].sort(), [...b].sort());

before(async () => {
  w = await startWorld({ start: new Date('2030-06-01T08:00:00.000Z') });
  await pushFixture(w, 'default-inquiry');
  await pushProcessAs(w, 'booking-request', BOOKING_REQUEST_PROCESS);
  await pushProcessAs(w, 'stock-purchase', STOCK_PURCHASE_PROCESS);
  await w.server.handle.db.transaction().execute((trx) =>
    setSearchSchema(trx, { marketplaceSlug: w.m.marketplace.slug, schemaFor: 'transaction', scope: 'protected', key: 'channel', type: 'enum', now: w.clock.now() }),
  );
  providerListing = await createListing(w, { title: 'Studio' });
  stockListing = await createListing(w, { title: 'Mugs', stock: 10 });
  customerListing = await createListing(w, { title: 'Customer bike', author: w.asCustomer });

  const inquire = (caller: Caller, listingId: string, channel: string) =>
    caller.post('transactions/initiate', { processAlias: 'default-inquiry/release-1', transition: 'transition/inquire-without-payment', params: { listingId, protectedData: { channel } } });
  t.inquiry = (await inquire(w.asCustomer, providerListing, 'web')).body.data?.id ?? '';
  await tick();
  const bookingStart = '2030-06-10T10:00:00.000Z';
  const booking = await w.asTrustedCustomer.post('transactions/initiate', {
    processAlias: 'booking-request/release-1',
    transition: 'transition/request',
    params: { listingId: providerListing, bookingStart, bookingEnd: '2030-06-10T12:00:00.000Z', lineItems: [{ code: 'line-item/hour', unitPrice: { amount: 2000, currency: 'EUR' }, quantity: 2 }], protectedData: { channel: 'app' } },
  });
  t.booking = booking.body.data?.id ?? '';
  await tick();
  const purchase = await w.asTrustedCustomer.post('transactions/initiate', {
    processAlias: 'stock-purchase/release-1',
    transition: 'transition/request',
    params: { listingId: stockListing, stockReservationQuantity: 1, lineItems: [{ code: 'line-item/item', unitPrice: { amount: 900, currency: 'EUR' }, quantity: 1 }] },
  });
  t.purchase = purchase.body.data?.id ?? '';
  await tick();
  t.third = (await inquire(w.asThird, providerListing, 'web')).body.data?.id ?? '';
  await tick();
  t.reverse = (await inquire(w.asProvider, customerListing, 'phone')).body.data?.id ?? '';
  await tick();
  // The provider accepts the booking later than everything else happened; the customer writes on the inquiry.
  assert.equal((await w.asProvider.post('transactions/transition', { id: t.booking, transition: 'transition/accept', params: {} })).status, 200);
  assert.equal((await w.asCustomer.post('messages/send', { transactionId: t.inquiry, content: 'Hello?' })).status, 200);
  for (const id of Object.values(t)) assert.ok(id, 'every transaction of the story was created');
});
after(async () => w.server.close());

test('whose: the caller\'s orders, sales, or both; Integration by user, customer, provider and listing', async () => {
  sameSet(ids(await w.asCustomer.get('transactions/query')), [t.inquiry, t.booking, t.purchase, t.reverse]);
  sameSet(ids(await w.asCustomer.get('transactions/query?only=order')), [t.inquiry, t.booking, t.purchase]);
  sameSet(ids(await w.asCustomer.get('transactions/query?only=sale')), [t.reverse]);
  sameSet(ids(await w.asProvider.get('transactions/query?only=sale')), [t.inquiry, t.booking, t.purchase, t.third]);
  sameSet(ids(await w.asInteg.get('transactions/query')), Object.values(t));
  sameSet(ids(await w.asInteg.get(`transactions/query?userId=${w.third.user.id}`)), [t.third]);
  sameSet(ids(await w.asInteg.get(`transactions/query?customerId=${w.provider.user.id}`)), [t.reverse]);
  sameSet(ids(await w.asInteg.get(`transactions/query?providerId=${w.customer.user.id}`)), [t.reverse]);
  sameSet(ids(await w.asInteg.get(`transactions/query?listingId=${stockListing}`)), [t.purchase]);
});

test('what: process names, states, last transitions, creation time', async () => {
  sameSet(ids(await w.asInteg.get('transactions/query?processNames=booking-request,stock-purchase')), [t.booking, t.purchase]);
  sameSet(ids(await w.asInteg.get('transactions/query?states=state/accepted,state/requested')), [t.booking, t.purchase]);
  sameSet(ids(await w.asInteg.get('transactions/query?lastTransitions=transition/inquire-without-payment')), [t.inquiry, t.third, t.reverse]);
  // Created from 09:00 (inclusive) to 11:00 (exclusive).
  sameSet(ids(await w.asInteg.get('transactions/query?createdAtStart=2030-06-01T09:00:00.000Z&createdAtEnd=2030-06-01T11:00:00.000Z')), [t.booking, t.purchase]);
});

test('what hangs off it: booking, stock reservation, payin, messages and their states and times', async () => {
  sameSet(ids(await w.asInteg.get('transactions/query?hasBooking=true')), [t.booking]);
  sameSet(ids(await w.asInteg.get('transactions/query?hasBooking=false')), [t.inquiry, t.purchase, t.third, t.reverse]);
  sameSet(ids(await w.asInteg.get('transactions/query?hasStockReservation=true')), [t.purchase]);
  sameSet(ids(await w.asInteg.get('transactions/query?hasPayin=true')), [t.booking, t.purchase]);
  sameSet(ids(await w.asInteg.get('transactions/query?hasMessage=true')), [t.inquiry]);
  sameSet(ids(await w.asInteg.get('transactions/query?bookingStates=accepted')), [t.booking]);
  sameSet(ids(await w.asInteg.get('transactions/query?bookingStates=pending')), []);
  sameSet(ids(await w.asInteg.get('transactions/query?stockReservationStates=pending')), [t.purchase]);
  sameSet(ids(await w.asInteg.get('transactions/query?bookingStart=2030-06-10T00:00:00.000Z,2030-06-11T00:00:00.000Z')), [t.booking]);
  sameSet(ids(await w.asInteg.get('transactions/query?bookingStart=2030-06-10T10:00:01.000Z,')), []);
  sameSet(ids(await w.asInteg.get('transactions/query?bookingEnd=,2030-06-10T12:00:00.001Z')), [t.booking]);
});

test('extended data: prot_* with a transaction search schema; meta_* after update_metadata', async () => {
  sameSet(ids(await w.asInteg.get('transactions/query?prot_channel=web')), [t.inquiry, t.third]);
  sameSet(ids(await w.asCustomer.get('transactions/query?prot_channel=web,phone')), [t.inquiry, t.reverse]);
  const noSchema = await w.asInteg.get('transactions/query?meta_rank=1');
  assert.equal(noSchema.status, 400);
  assert.equal(noSchema.body.errors?.[0]?.code, 'validation-disallowed-key');
  const pubKey = await w.asInteg.get('transactions/query?pub_channel=web');
  assert.equal(pubKey.status, 400);
});

test('sorting and pagination: newest first by default, -createdAt, lastTransitionedAt, lastMessageAt; pages', async () => {
  const all = [t.inquiry, t.booking, t.purchase, t.third, t.reverse];
  assert.deepEqual(ids(await w.asInteg.get('transactions/query')), [...all].reverse());
  assert.deepEqual(ids(await w.asInteg.get('transactions/query?sort=-createdAt')), all);
  assert.equal(ids(await w.asInteg.get('transactions/query?sort=lastTransitionedAt'))[0], t.booking);
  assert.equal(ids(await w.asInteg.get('transactions/query?sort=lastMessageAt,createdAt'))[0], t.inquiry);
  const page = await w.asInteg.get('transactions/query?sort=-createdAt&perPage=2&page=2');
  assert.deepEqual(ids(page), [t.purchase, t.third]);
  assert.deepEqual(page.body.meta, { totalItems: 5, totalPages: 3, page: 2, perPage: 2 });
  const bad = await w.asInteg.get('transactions/query?sort=title');
  assert.equal(bad.status, 400);
  const badRange = await w.asInteg.get('transactions/query?bookingStart=nope');
  assert.equal(badRange.status, 400);
  const tooLarge = await w.asInteg.get('transactions/query?perPage=101');
  assert.equal(tooLarge.status, 400);
});

test('Integration update_metadata: merges, emits transaction/updated with the previous values; bad input changes nothing', async () => {
  const since = await lastSequence(w);
  const res = await w.asInteg.post('transactions/update_metadata?expand=true', { id: t.inquiry, metadata: { priority: 'high', rank: 3 } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body.data?.attributes?.metadata, { priority: 'high', rank: 3 });
  const again = await w.asInteg.post('transactions/update_metadata?expand=true', { id: t.inquiry, metadata: { priority: null, rank: 4 } });
  assert.deepEqual(again.body.data?.attributes?.metadata, { rank: 4 });
  const events = await eventsOf(w, since);
  assert.deepEqual(events.map((e) => e.eventType), ['transaction/updated', 'transaction/updated']);
  assert.equal(events[0]?.source, 'source/integration-api');
  assert.deepEqual(events[1]?.previousValues, { attributes: { metadata: { priority: 'high', rank: 3 } }, relationships: {} });
  // Parties read metadata.
  assert.deepEqual((await w.asProvider.get(`transactions/show?id=${t.inquiry}`)).body.data?.attributes?.metadata, { rank: 4 });

  const before = await snapshot(w);
  const notMap = await w.asInteg.post('transactions/update_metadata', { id: t.inquiry, metadata: [1, 2] });
  assert.equal(notMap.status, 400);
  const unknown = await w.asInteg.post('transactions/update_metadata', { id: '6f1c1f8e-0000-4000-8000-000000000000', metadata: { a: 1 } });
  assert.equal(unknown.status, 409);
  assert.equal(unknown.body.errors?.[0]?.code, 'transaction-not-found');
  const huge = await w.asInteg.post('transactions/update_metadata', { id: t.inquiry, metadata: { blob: 'x'.repeat(51 * 1024) } });
  assert.equal(huge.status, 400);
  const fromMarketplace = await w.asCustomer.post('transactions/update_metadata', { id: t.inquiry, metadata: { a: 1 } });
  assert.equal(fromMarketplace.status, 404);
  assert.deepEqual(await snapshot(w), before);
});

test('process_transitions/query: from a transaction\'s state, or a process alias (initial, or after a transition)', async () => {
  const fromState = await w.asProvider.get(`process_transitions/query?transactionId=${t.booking}`);
  assert.equal(fromState.status, 200);
  const items = (fromState.body.data ?? []) as { type: string; attributes: { name: string; actor: string[] } }[];
  assert.deepEqual(items.map((i) => [i.attributes.name, i.attributes.actor]), [
    ['transition/operator-cancel', ['operator']],
    ['transition/complete', ['system']],
  ]);
  const initial = await w.asCustomer.get('process_transitions/query?processAlias=booking-request/release-1');
  const request = (initial.body.data as { id: string; attributes: Record<string, unknown> }[])[0];
  assert.equal(request?.attributes.name, 'transition/request');
  assert.deepEqual(request?.attributes.actions, ['action.initializer/init-listing-tx', 'action/update-protected-data', 'action/create-pending-booking', 'action/privileged-set-line-items']);
  assert.deepEqual(request?.attributes.params, {
    req: { listingId: 'uuid', bookingStart: 'timestamp', bookingEnd: 'timestamp', lineItems: '[lineItem]' },
    opt: { protectedData: 'object', bookingDisplayStart: 'timestamp', bookingDisplayEnd: 'timestamp', seats: 'integer' },
  });
  const again = await w.asCustomer.get('process_transitions/query?processAlias=booking-request/release-1');
  assert.equal((again.body.data as { id: string }[])[0]?.id, request?.id);
  const after = await w.asCustomer.get('process_transitions/query?processAlias=booking-request/release-1&lastTransition=transition/request');
  assert.deepEqual((after.body.data ?? []).map((i) => i.attributes?.name), ['transition/accept', 'transition/decline', 'transition/expire']);
  assert.equal((await w.asCustomer.get('process_transitions/query')).status, 400);
  assert.equal((await w.asThird.get(`process_transitions/query?transactionId=${t.booking}`)).status, 403);
  assert.equal((await w.asCustomer.get('process_transitions/query?processAlias=nope/x')).status, 409);
});

test('bookings/query: the listing\'s author lists its bookings with their transactions; others are refused', async () => {
  const res = await w.asProvider.get(`bookings/query?listingId=${providerListing}&start=2030-06-10T00:00:00.000Z&end=2030-06-11T00:00:00.000Z&include=transaction,transaction.customer`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const [booking] = (res.body.data ?? []) as { attributes: Record<string, unknown>; relationships: Record<string, { data: { id: string } }> }[];
  assert.equal(booking?.attributes.state, 'accepted');
  assert.equal(booking?.relationships.transaction?.data.id, t.booking);
  assert.ok(res.body.included?.some((r) => r.type === 'transaction' && r.id === t.booking));
  assert.ok(res.body.included?.some((r) => r.type === 'user' && r.id === w.customer.user.id));
  assert.deepEqual(ids(await w.asProvider.get(`bookings/query?listingId=${providerListing}&start=2030-06-11T00:00:00.000Z&end=2030-06-12T00:00:00.000Z`)), []);
  const other = await w.asCustomer.get(`bookings/query?listingId=${providerListing}&start=2030-06-10T00:00:00.000Z&end=2030-06-11T00:00:00.000Z`);
  assert.equal(other.status, 403);
});
