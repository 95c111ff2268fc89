/**
 * Contract: the real SDKs drive the listing lifecycle against a listening Bazaar — the Marketplace
 * SDK's ownListings (createDraft → addImage → publishDraft → update → close → open) and
 * listings.show; the Integration SDK's listings.create, approve, update (metadata) and show.
 * Images are created through the images module (the `images/upload` route arrives with the images
 * issue; switch to `sdk.images.upload` then).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { group, integrationSdk, integrationSdkModule, marketplaceSdk, sharetribeSdk, type SdkError, type SdkResource, type SdkResponse } from '../support/sdk.ts';
import { createImage, setMarketplaceSettings } from '../listings/helpers.ts';

let server: TestServer;
let m: TestMarketplace;
let alice: TestUser;
let bob: TestUser;

before(async () => {
  server = await startTestServer();
  m = await createTestMarketplace(server.handle.db, 'Listings contract');
  alice = await createTestUser(server.handle.db, m.marketplace.id);
  bob = await createTestUser(server.handle.db, m.marketplace.id);
});
after(async () => server.close());

const { UUID, Money } = sharetribeSdk.types;
// The SDK's LatLng type (not in the typed wrapper's surface).
const LatLng: new (lat: number, lng: number) => unknown = Reflect.get(sharetribeSdk.types, 'LatLng');

const one = (res: SdkResponse): SdkResource => {
  const data = res.data.data;
  assert.ok(!Array.isArray(data));
  return data;
};

const loggedIn = async (u: TestUser) => {
  const sdk = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId);
  await sdk.login({ username: u.email, password: u.password });
  return sdk;
};

const rejectsWith = async (p: Promise<unknown>, status: number, code?: string) =>
  assert.rejects(p, (e: SdkError) => {
    assert.equal(e.status, status);
    if (code) assert.equal(e.data?.errors?.[0]?.code, code);
    return true;
  });

test('Marketplace SDK: createDraft → addImage → publishDraft → show → update → close → open', async () => {
  const sdk = await loggedIn(alice);
  const own = group(sdk, 'ownListings');
  const draft = one(
    await own.createDraft!(
      {
        title: 'Canoe',
        description: 'Two seats',
        geolocation: new LatLng(60.1, 24.9),
        price: new Money(5000, 'EUR'),
        publicData: { category: 'boats' },
        privateData: { lockCode: '1234' },
      },
      { expand: true },
    ),
  );
  assert.ok(draft.id instanceof UUID);
  assert.equal(draft.type, 'ownListing');
  assert.equal(draft.attributes.state, 'draft');
  assert.ok(draft.attributes.price instanceof Money);
  assert.ok(draft.attributes.geolocation instanceof LatLng);
  assert.deepEqual(draft.attributes.privateData, { lockCode: '1234' });

  const image = await createImage(server, m, alice.user.id);
  const withImage = await own.addImage!({ id: draft.id, imageId: new UUID(image.id) }, { expand: true, include: ['images'] });
  const rel = one(withImage).relationships as { images: { data: { id: { uuid: string } }[] } };
  assert.equal(rel.images.data[0]?.id.uuid, image.id);

  const published = one(await own.publishDraft!({ id: draft.id }, { expand: true }));
  assert.equal(published.attributes.state, 'published');

  const anon = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId);
  const shown = await group(anon, 'listings').show!({ id: draft.id, include: ['author', 'author.profileImage', 'images'] });
  const listing = one(shown);
  assert.equal(listing.type, 'listing');
  assert.equal(listing.attributes.title, 'Canoe');
  assert.equal(listing.attributes.privateData, undefined);
  assert.ok(shown.data.included?.some((r) => r.type === 'user' && r.id.uuid === alice.user.id));
  assert.ok(shown.data.included?.some((r) => r.type === 'image' && r.id.uuid === image.id));

  const updated = one(await own.update!({ id: draft.id, title: 'Canoe for two', publicData: { category: null, kind: 'canoe' } }, { expand: true }));
  assert.equal(updated.attributes.title, 'Canoe for two');
  assert.deepEqual(updated.attributes.publicData, { kind: 'canoe' });

  assert.equal(one(await own.close!({ id: draft.id }, { expand: true })).attributes.state, 'closed');
  await rejectsWith(group(anon, 'listings').show!({ id: draft.id }), 404, 'not-found');
  assert.equal(one(await own.open!({ id: draft.id }, { expand: true })).attributes.state, 'published');

  const mine = await own.query!({ states: ['published'], include: ['images'], 'limit.images': 1 });
  assert.ok(Array.isArray(mine.data.data));
  assert.equal(mine.data.meta?.totalItems, 1);
  assert.equal(one(await own.show!({ id: draft.id })).attributes.state, 'published');
});

test('Marketplace SDK: visibility and metadata rules', async () => {
  const asAlice = await loggedIn(alice);
  const asBob = await loggedIn(bob);
  const own = group(asAlice, 'ownListings');
  const draft = one(await own.createDraft!({ title: 'Secret draft' }));
  await rejectsWith(group(asBob, 'ownListings').show!({ id: draft.id }), 403, 'forbidden');
  await rejectsWith(group(asBob, 'listings').show!({ id: draft.id }), 404);
  await rejectsWith(group(asAlice, 'listings').show!({ id: draft.id }), 404);
  await rejectsWith(own.update!({ id: draft.id, metadata: { promoted: true } }), 400, 'validation-disallowed-key');
  await rejectsWith(group(asBob, 'ownListings').update!({ id: draft.id, title: 'Mine now' }), 403, 'forbidden');
});

test('Integration SDK: create, approve, update metadata, show in any state', async () => {
  const m2 = await createTestMarketplace(server.handle.db, 'Approval contract');
  await setMarketplaceSettings(server, m2, { listingsNeedApproval: true });
  const carol = await createTestUser(server.handle.db, m2.marketplace.id);
  const integ = integrationSdk(server.baseUrl, m2.integrationApp.clientId, m2.integrationApp.clientSecret);
  const listings = group(integ, 'listings');
  const IUUID = integrationSdkModule.types.UUID;

  const created = one(
    await listings.create!(
      {
        authorId: new IUUID(carol.user.id),
        state: 'pendingApproval',
        title: 'Workshop',
        price: { amount: 1200, currency: 'USD' },
        privateData: { note: 'ops' },
        metadata: { verified: false },
      },
      { expand: true },
    ),
  );
  assert.equal(created.attributes.state, 'pendingApproval');
  assert.deepEqual(created.attributes.metadata, { verified: false });
  assert.deepEqual(created.attributes.privateData, { note: 'ops' });

  const anon = marketplaceSdk(server.baseUrl, m2.marketplaceApp.clientId);
  await rejectsWith(group(anon, 'listings').show!({ id: new UUID(created.id.uuid) }), 404);
  const pending = one(await listings.show!({ id: created.id, include: ['author'] }));
  assert.equal(pending.attributes.state, 'pendingApproval');

  assert.equal(one(await listings.approve!({ id: created.id }, { expand: true })).attributes.state, 'published');
  await rejectsWith(listings.approve!({ id: created.id }), 409, 'listing-invalid-state');
  const meta = one(await listings.update!({ id: created.id, metadata: { verified: true, tier: 'gold' } }, { expand: true }));
  assert.deepEqual(meta.attributes.metadata, { verified: true, tier: 'gold' });
  assert.equal(one(await listings.close!({ id: created.id }, { expand: true })).attributes.state, 'closed');
  assert.equal(one(await listings.show!({ id: created.id })).attributes.state, 'closed');
  assert.equal(one(await listings.open!({ id: created.id }, { expand: true })).attributes.state, 'published');

  const publicView = one(await group(anon, 'listings').show!({ id: new UUID(created.id.uuid) }));
  assert.deepEqual(publicView.attributes.metadata, { verified: true, tier: 'gold' });
  assert.equal(publicView.attributes.privateData, undefined);

  const events = (await group(integ, 'events').query!({ resourceId: created.id })).data.data;
  assert.ok(Array.isArray(events));
  assert.deepEqual(
    events.map((e) => e.attributes.eventType),
    ['listing/created', 'listing/updated', 'listing/updated', 'listing/updated', 'listing/updated'],
  );
  assert.equal(events[0]?.attributes.source, 'source/integration-api');
});
