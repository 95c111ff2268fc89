/**
 * Contract: the real SDKs against a listening Bazaar — the author sets stock the way the web
 * template does (sdk.stock.compareAndSet with expand, then reads the listing's `currentStock`
 * through includes, merging entities by type and id), records and queries adjustments; an anonymous
 * SDK sees the published listing's stock; the Integration SDK adjusts stock, compares-and-sets,
 * queries adjustments and shows a stock reservation created by the process engine's primitive.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendEvents, type PendingEvent } from '../../src/domain/events/index.ts';
import { createStockReservation } from '../../src/domain/stock/index.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import {
  group,
  integrationSdk,
  integrationSdkModule,
  marketplaceSdk,
  sharetribeSdk,
  type SdkError,
  type SdkResource,
  type SdkResponse,
} from '../support/sdk.ts';

const NOW = new Date('2030-01-07T12:00:00Z');
let server: TestServer;
let m: TestMarketplace;
let alice: TestUser;

before(async () => {
  server = await startTestServer({ clock: new FakeClock(NOW) });
  m = await createTestMarketplace(server.handle.db, 'Stock contract');
  alice = await createTestUser(server.handle.db, m.marketplace.id);
});
after(async () => server.close());

const { UUID } = sharetribeSdk.types;
const IUUID = integrationSdkModule.types.UUID;
const many = (res: SdkResponse): SdkResource[] => {
  const data = res.data.data;
  assert.ok(Array.isArray(data));
  return data;
};
const one = (res: SdkResponse): SdkResource => {
  const data = res.data.data;
  assert.ok(!Array.isArray(data));
  return data;
};
const rejectsWith = (p: Promise<unknown>, status: number, code: string) =>
  assert.rejects(p, (e: SdkError) => {
    assert.equal(e.status, status);
    assert.equal(e.data?.errors?.[0]?.code, code);
    return true;
  });
type Ref = { data: { id: { uuid: string }; type: string } | null };
const relOf = (r: SdkResource, name: string): Ref =>
  (r.relationships as Record<string, Ref>)[name] ?? { data: null };
const includedOf = (
  res: SdkResponse,
  type: string,
  id: { uuid: string },
): SdkResource | undefined =>
  res.data.included?.find((i) => i.type === type && i.id.uuid === id.uuid);

/** The query window the tests read adjustments in (within the limits around NOW). */
const WINDOW = { start: new Date('2029-12-01T00:00:00Z'), end: new Date('2030-01-08T00:00:00Z') };

test('the author sets stock like the web template and reads currentStock through includes', async () => {
  const sdk = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId);
  await sdk.login({ username: alice.email, password: alice.password });
  const listingQuery = { expand: true, include: ['author', 'images', 'currentStock'] };
  const draft = await group(sdk, 'ownListings').createDraft!({ title: 'Teapot' }, listingQuery);
  const listing = one(draft);
  assert.deepEqual(relOf(listing, 'currentStock'), { data: null });

  // EditListingPage.duck.js: compareAndSet with expand, then ownListings.update with currentStock.
  const stock = one(
    await group(sdk, 'stock').compareAndSet!(
      { listingId: listing.id, oldTotal: null, newTotal: 5 },
      { expand: true },
    ),
  );
  assert.ok(stock.id instanceof UUID);
  assert.equal(stock.type, 'stock');
  assert.deepEqual(stock.attributes, { quantity: 5 });
  const updated = await group(sdk, 'ownListings').update!(
    { id: listing.id, description: 'Blue' },
    listingQuery,
  );
  const ref = relOf(one(updated), 'currentStock').data;
  assert.equal(ref?.type, 'stock');
  // The same entity (type and id) the template merged from compareAndSet: its store stays consistent.
  assert.equal(ref?.id.uuid, stock.id.uuid);
  assert.deepEqual(ref && includedOf(updated, 'stock', ref.id)?.attributes, { quantity: 5 });

  await rejectsWith(
    group(sdk, 'stock').compareAndSet!({ listingId: listing.id, oldTotal: null, newTotal: 9 }),
    409,
    'old-total-mismatch',
  );
  await rejectsWith(
    group(sdk, 'stock').compareAndSet!({ listingId: listing.id, oldTotal: 5, newTotal: -1 }),
    400,
    'validation-invalid-value',
  );

  const adjustments = group(sdk, 'stockAdjustments');
  const removed = one(
    await adjustments.create!(
      { listingId: listing.id, quantity: -2 },
      { expand: true, include: ['ownListing', 'ownListing.currentStock'] },
    ),
  );
  assert.equal(removed.type, 'stockAdjustment');
  assert.ok(removed.attributes.at instanceof Date);
  assert.deepEqual(removed.attributes, { at: NOW, quantity: -2 });
  await rejectsWith(
    adjustments.create!({ listingId: listing.id, quantity: 0 }),
    400,
    'validation-invalid-value',
  );
  await rejectsWith(
    adjustments.create!({ listingId: listing.id, quantity: -4 }),
    409,
    'stock-total-negative',
  );

  const queried = await adjustments.query!({
    listingId: listing.id,
    ...WINDOW,
    include: ['ownListing.currentStock'],
  });
  assert.deepEqual(
    many(queried).map((a) => a.attributes.quantity),
    [5, -2],
  );
  assert.equal(queried.data.meta?.totalItems, 2);
  const own = queried.data.included?.find((i) => i.type === 'ownListing');
  const stockRef = own && relOf(own, 'currentStock').data;
  assert.deepEqual(stockRef && includedOf(queried, 'stock', stockRef.id)?.attributes, {
    quantity: 3,
  });

  // Published, anyone sees the stock (ListingPage: include currentStock).
  await group(sdk, 'ownListings').publishDraft!({ id: listing.id }, { expand: true });
  const anon = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId);
  const shown = await group(anon, 'listings').show!({
    id: listing.id,
    include: ['author', 'currentStock'],
  });
  const anonRef = relOf(one(shown), 'currentStock').data;
  assert.equal(anonRef?.id.uuid, stock.id.uuid);
  assert.deepEqual(anonRef && includedOf(shown, 'stock', anonRef.id)?.attributes, { quantity: 3 });
  await rejectsWith(
    group(anon, 'stock').compareAndSet!({ listingId: listing.id, oldTotal: 3, newTotal: 4 }),
    403,
    'forbidden',
  );
});

test('the Integration SDK adjusts stock, compares-and-sets, queries adjustments and shows a reservation', async () => {
  const author = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId);
  await author.login({ username: alice.email, password: alice.password });
  const created = one(
    await group(author, 'ownListings').create!({ title: 'Kettle' }, { expand: true }),
  );
  // The Integration SDK serialises its own UUID type.
  const listing = { id: new IUUID(created.id.uuid) };

  const integ = integrationSdk(
    server.baseUrl,
    m.integrationApp.clientId,
    m.integrationApp.clientSecret,
  );
  const added = one(
    await group(integ, 'stockAdjustments').create!(
      { listingId: listing.id, quantity: 6 },
      { expand: true, include: ['listing', 'listing.currentStock'] },
    ),
  );
  assert.deepEqual(added.attributes, { at: NOW, quantity: 6 });
  assert.equal(relOf(added, 'listing').data?.type, 'listing');

  const set = one(
    await group(integ, 'stock').compareAndSet!(
      { listingId: listing.id, oldTotal: 6, newTotal: 10 },
      { expand: true },
    ),
  );
  assert.deepEqual([set.type, set.attributes], ['stock', { quantity: 10 }]);
  await rejectsWith(
    group(integ, 'stock').compareAndSet!({ listingId: listing.id, oldTotal: 6, newTotal: 1 }),
    409,
    'old-total-mismatch',
  );

  // A transition's stock action reserves 4 units (the process engine's primitive, its events last).
  const transactionId = randomUUID();
  const reservation = await server.handle.db.transaction().execute(async (trx) => {
    const events: PendingEvent[] = [];
    const r = await createStockReservation(
      trx,
      {
        marketplaceId: m.marketplace.id,
        listingId: listing.id.uuid,
        transactionId,
        quantity: 4,
        state: 'pending',
        now: NOW,
      },
      events,
    );
    await appendEvents(trx, events, {
      source: 'source/transaction',
      auditData: { userId: null, adminId: null, requestId: null, clientId: null },
    });
    return r;
  });

  const ledger = await group(integ, 'stockAdjustments').query!({
    listingId: listing.id,
    ...WINDOW,
    include: ['stockReservation'],
  });
  assert.deepEqual(
    many(ledger).map((a) => a.attributes.quantity),
    [6, 4, -4],
  );
  const taken = many(ledger)[2];
  assert.ok(taken);
  assert.equal(relOf(taken, 'stockReservation').data?.id.uuid, reservation.id);

  const shown = await group(integ, 'stockReservations').show!({
    id: new IUUID(reservation.id),
    include: ['listing', 'stockAdjustments'],
  });
  const r = one(shown);
  assert.ok(r.id instanceof IUUID);
  assert.deepEqual([r.type, r.attributes], ['stockReservation', { quantity: 4, state: 'pending' }]);
  assert.equal(relOf(r, 'listing').data?.id.uuid, listing.id.uuid);
  const linked = (r.relationships as { stockAdjustments: { data: { id: { uuid: string } }[] } })
    .stockAdjustments.data;
  assert.deepEqual(
    linked.map((a) => includedOf(shown, 'stockAdjustment', a.id)?.attributes.quantity),
    [-4],
  );

  const current = await group(integ, 'listings').show!({
    id: listing.id,
    include: ['currentStock'],
  });
  const ref = relOf(one(current), 'currentStock').data;
  assert.deepEqual(ref && includedOf(current, 'stock', ref.id)?.attributes, { quantity: 6 });
  await rejectsWith(
    group(integ, 'stockReservations').show!({ id: new IUUID(randomUUID()) }),
    404,
    'not-found',
  );
});
