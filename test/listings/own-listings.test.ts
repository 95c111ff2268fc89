/**
 * Marketplace API listing lifecycle over HTTP (JSON): drafts, publishing, updates, open/close,
 * images, visibility per caller, own_listings/query, and the events each write appends.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { queryEvents } from '../../src/domain/events/index.ts';
import { Keyword, Money, Uuid } from '../../src/lib/values.ts';
import { anonToken, api, createImage, integToken, setMarketplaceSettings, userToken } from './helpers.ts';

let server: TestServer;
let m: TestMarketplace;
let alice: TestUser;
let bob: TestUser;
let asAlice: ReturnType<typeof api>;
let asBob: ReturnType<typeof api>;
let asAnon: ReturnType<typeof api>;
let asInteg: ReturnType<typeof api>;

before(async () => {
  server = await startTestServer({ listen: false });
  m = await createTestMarketplace(server.handle.db, 'Listings');
  alice = await createTestUser(server.handle.db, m.marketplace.id);
  bob = await createTestUser(server.handle.db, m.marketplace.id);
  asAlice = api(server, 'api', await userToken(server, m, alice));
  asBob = api(server, 'api', await userToken(server, m, bob));
  asAnon = api(server, 'api', await anonToken(server, m));
  asInteg = api(server, 'integration_api', await integToken(server, m));
});
after(async () => server.close());

const draftBody = {
  title: 'Road bike',
  description: 'Light and fast',
  geolocation: { lat: 60.17, lng: 24.94 },
  price: { amount: 2500, currency: 'EUR' },
  availabilityPlan: {
    type: 'availability-plan/time',
    timezone: 'Europe/Helsinki',
    entries: [{ dayOfWeek: 'mon', seats: 1, startTime: '09:00', endTime: '00:00' }],
  },
  publicData: { category: 'bikes', size: 'M' },
  privateData: { serial: 'X-1' },
};

const idOf = (res: { body: { data?: { id: string } } }): string => {
  assert.ok(res.body.data, JSON.stringify(res.body));
  return res.body.data.id;
};

test('draft → publish → update → close → open, with visibility per caller and events', async () => {
  const created = await asAlice.post('own_listings/create_draft?expand=true', draftBody);
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const id = idOf(created);
  assert.equal(created.body.data?.type, 'ownListing');
  const attrs = created.body.data?.attributes ?? {};
  assert.equal(attrs.state, 'draft');
  assert.deepEqual(attrs.price, { amount: 2500, currency: 'EUR' });
  assert.deepEqual(attrs.geolocation, { lat: 60.17, lng: 24.94 });
  assert.deepEqual(attrs.privateData, { serial: 'X-1' });
  assert.deepEqual(attrs.availabilityPlan, draftBody.availabilityPlan);

  // Without expand a command returns only {id, type}.
  const plain = await asAlice.post('own_listings/update', { id, description: 'Very light' });
  assert.equal(plain.status, 200);
  assert.equal(plain.body.data?.attributes, undefined);

  for (const caller of [asAnon, asBob, asAlice]) assert.equal((await caller.get(`listings/show?id=${id}`)).status, 404);
  assert.equal((await asBob.get(`own_listings/show?id=${id}`)).status, 403);
  const integView = await asInteg.get(`listings/show?id=${id}`);
  assert.equal(integView.status, 200);
  assert.equal(integView.body.data?.type, 'listing');
  assert.deepEqual(integView.body.data?.attributes?.privateData, { serial: 'X-1' });

  const published = await asAlice.post('own_listings/publish_draft?expand=true', { id });
  assert.equal(published.body.data?.attributes?.state, 'published');
  assert.equal((await asAlice.post('own_listings/publish_draft', { id })).body.errors?.[0]?.code, 'listing-invalid-state');

  const shown = await asAnon.get(`listings/show?id=${id}&include=author`);
  assert.equal(shown.status, 200);
  assert.equal(shown.body.data?.type, 'listing');
  assert.equal(shown.body.data?.attributes?.privateData, undefined);
  assert.equal(shown.body.data?.attributes?.description, 'Very light');
  assert.deepEqual(shown.body.data?.relationships?.author, { data: { id: alice.user.id, type: 'user' } });
  assert.equal(shown.body.included?.[0]?.id, alice.user.id);

  const updated = await asAlice.post('own_listings/update?expand=true', { id, title: 'Road bike XL', publicData: { size: null, color: 'red' }, price: null });
  assert.deepEqual(updated.body.data?.attributes?.publicData, { category: 'bikes', color: 'red' });
  assert.equal(updated.body.data?.attributes?.price, null);
  assert.equal(updated.body.data?.attributes?.state, 'published');

  assert.equal((await asAlice.post('own_listings/close?expand=true', { id })).body.data?.attributes?.state, 'closed');
  assert.equal((await asBob.get(`listings/show?id=${id}`)).status, 404);
  assert.equal((await asAlice.get(`own_listings/show?id=${id}`)).body.data?.attributes?.state, 'closed');
  assert.equal((await asBob.post('own_listings/open', { id })).status, 403);
  assert.equal((await asAlice.post('own_listings/open?expand=true', { id })).body.data?.attributes?.state, 'published');

  const events = await queryEvents(server.handle.db, m.marketplace.id, { resourceId: id });
  assert.deepEqual(
    events.map((e) => e.eventType),
    ['listing/created', 'listing/updated', 'listing/updated', 'listing/updated', 'listing/updated', 'listing/updated'],
  );
  assert.equal(events[0]?.source, 'source/marketplace-api');
  assert.equal(events[0]?.auditData.userId, alice.user.id);
  assert.equal(events[0]?.previousValues, null);
  assert.deepEqual(events[1]?.previousValues, { attributes: { description: 'Light and fast' }, relationships: {} });
  assert.deepEqual(events[2]?.previousValues, { attributes: { state: 'draft' }, relationships: {} });
  const update = events[3]?.previousValues;
  assert.ok(update);
  assert.deepEqual(update.attributes, { title: 'Road bike', price: new Money(2500, 'EUR'), publicData: { size: 'M', color: null } });
  assert.deepEqual(events[4]?.previousValues, { attributes: { state: 'published' }, relationships: {} });
});

test('discard_draft deletes a draft (listing/deleted) and only drafts', async () => {
  const id = idOf(await asAlice.post('own_listings/create_draft', { title: 'Tent' }));
  const discarded = await asAlice.post('own_listings/discard_draft', { id });
  assert.equal(discarded.status, 200);
  assert.deepEqual(discarded.body.data, { id, type: 'ownListing' });
  assert.equal((await asAlice.get(`own_listings/show?id=${id}`)).status, 404);
  assert.equal((await asInteg.get(`listings/show?id=${id}`)).status, 404);
  const events = await queryEvents(server.handle.db, m.marketplace.id, { resourceId: id });
  assert.deepEqual(events.map((e) => e.eventType), ['listing/created', 'listing/deleted']);
  assert.equal(events[1]?.resource, null);

  const live = idOf(await asAlice.post('own_listings/create', { title: 'Canoe' }));
  const refused = await asAlice.post('own_listings/discard_draft', { id: live });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.errors?.[0]?.code, 'listing-invalid-state');
});

test('images: create with images, add_image appends, include=images honours limit.images', async () => {
  const [a, b, c] = [await createImage(server, m, alice.user.id), await createImage(server, m, alice.user.id), await createImage(server, m, alice.user.id)];
  const id = idOf(await asAlice.post('own_listings/create', { title: 'Kayak', images: [a.id, b.id] }));
  const added = await asAlice.post('own_listings/add_image?expand=true&include=images', { id, imageId: c.id });
  assert.equal(added.status, 200, JSON.stringify(added.body));
  assert.deepEqual(added.body.data?.relationships?.images, { data: [a, b, c].map((i) => ({ id: i.id, type: 'image' })) });
  const limited = await asAnon.get(`listings/show?id=${id}&include=images&limit.images=1&fields.image=variants.square-small`);
  assert.deepEqual(limited.body.data?.relationships?.images, { data: [{ id: a.id, type: 'image' }] });
  const variants = limited.body.included?.[0]?.attributes?.variants;
  assert.deepEqual(Object.keys(variants ?? {}), ['square-small']);

  const events = await queryEvents(server.handle.db, m.marketplace.id, { resourceId: id });
  assert.deepEqual(events[1]?.previousValues, {
    attributes: {},
    relationships: { images: { data: [a, b].map((i) => ({ id: new Uuid(i.id), type: new Keyword('image') })) } },
  });
});

test('own_listings/query: states filter, pagination, limit.images', async () => {
  const carol = await createTestUser(server.handle.db, m.marketplace.id);
  const asCarol = api(server, 'api', await userToken(server, m, carol));
  const img = await createImage(server, m, carol.user.id);
  const img2 = await createImage(server, m, carol.user.id);
  for (const title of ['one', 'two', 'three']) await asCarol.post('own_listings/create', { title, images: [img.id, img2.id] });
  await asCarol.post('own_listings/create_draft', { title: 'draft' });
  const all = await asCarol.get('own_listings/query?perPage=2&page=1');
  assert.equal(all.status, 200);
  assert.deepEqual(all.body.meta, { totalItems: 4, totalPages: 2, page: 1, perPage: 2 });
  const limited = await asCarol.get('own_listings/query?states=published&include=images&limit.images=1');
  const data: unknown = limited.body.data;
  assert.ok(Array.isArray(data) && data.length === 3);
  for (const l of data) assert.deepEqual(l.relationships.images, { data: [{ id: img.id, type: 'image' }] });
  assert.equal(limited.body.included?.length, 1);
  const drafts = await asCarol.get('own_listings/query?states=draft');
  assert.equal(drafts.body.meta?.totalItems, 1);
  const published = await asCarol.get('own_listings/query?states=published,closed');
  assert.equal(published.body.meta?.totalItems, 3);
  assert.equal((await asCarol.get('own_listings/query?states=deleted')).status, 400);
});

test('listingsNeedApproval: posted listings wait for the operator', async () => {
  const m2 = await createTestMarketplace(server.handle.db, 'Approval');
  await setMarketplaceSettings(server, m2, { listingsNeedApproval: true });
  const dave = await createTestUser(server.handle.db, m2.marketplace.id);
  const asDave = api(server, 'api', await userToken(server, m2, dave));
  const asOps = api(server, 'integration_api', await integToken(server, m2));
  const created = await asDave.post('own_listings/create?expand=true', { title: 'Lamp' });
  assert.equal(created.body.data?.attributes?.state, 'pendingApproval');
  const id = idOf(created);
  assert.equal((await api(server, 'api', await anonToken(server, m2)).get(`listings/show?id=${id}`)).status, 404);
  assert.equal((await asDave.post('own_listings/close', { id })).body.errors?.[0]?.code, 'listing-invalid-state');
  const approved = await asOps.post('listings/approve?expand=true', { id });
  assert.equal(approved.body.data?.attributes?.state, 'published');
  assert.equal((await asOps.post('listings/approve', { id })).status, 409);
  const draft = idOf(await asDave.post('own_listings/create_draft', { title: 'Chair' }));
  assert.equal((await asDave.post('own_listings/publish_draft?expand=true', { id: draft })).body.data?.attributes?.state, 'pendingApproval');
});

test('a user pending approval gets permission-denied-pending-approval', async () => {
  const erin = await createTestUser(server.handle.db, m.marketplace.id);
  const asErin = api(server, 'api', await userToken(server, m, erin));
  await server.handle.db.updateTable('users').set({ state: 'pendingApproval' }).where('id', '=', erin.user.id).execute();
  const res = await asErin.post('own_listings/create_draft', { title: 'Nope' });
  assert.equal(res.status, 403);
  assert.equal(res.body.errors?.[0]?.code, 'permission-denied-pending-approval');
});
