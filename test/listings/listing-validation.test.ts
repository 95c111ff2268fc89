/**
 * Bad listing input over HTTP: each a 400 with the catalogue's code and the offending body path,
 * and nothing stored (no listing, no event).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { queryEvents } from '../../src/domain/events/index.ts';
import { api, createImage, integToken, userToken } from './helpers.ts';

let server: TestServer;
let m: TestMarketplace;
let alice: TestUser;
let asAlice: ReturnType<typeof api>;
let asInteg: ReturnType<typeof api>;

before(async () => {
  server = await startTestServer({ listen: false });
  m = await createTestMarketplace(server.handle.db, 'Validation');
  alice = await createTestUser(server.handle.db, m.marketplace.id);
  asAlice = api(server, 'api', await userToken(server, m, alice));
  asInteg = api(server, 'integration_api', await integToken(server, m));
});
after(async () => server.close());

const timePlan = (entries: unknown[], timezone: unknown = 'Europe/Helsinki') => ({ type: 'availability-plan/time', timezone, entries });
const big = 'x'.repeat(51 * 1024);

const CASES: { name: string; body: Record<string, unknown>; code: string; path?: (string | number)[] }[] = [
  { name: 'missing title', body: {}, code: 'validation-missing-key', path: ['title'] },
  { name: 'blank title', body: { title: '  ' }, code: 'validation-invalid-value', path: ['title'] },
  { name: 'title too long', body: { title: 't'.repeat(1001) }, code: 'validation-invalid-value', path: ['title'] },
  { name: 'unknown key', body: { title: 'A', colour: 'red' }, code: 'validation-disallowed-key', path: ['colour'] },
  { name: 'metadata from the author', body: { title: 'A', metadata: { promoted: true } }, code: 'validation-disallowed-key', path: ['metadata'] },
  { name: 'latitude out of range', body: { title: 'A', geolocation: { lat: 91, lng: 0 } }, code: 'validation-invalid-value', path: ['geolocation', 'lat'] },
  { name: 'longitude out of range', body: { title: 'A', geolocation: { lat: 0, lng: -181 } }, code: 'validation-invalid-value', path: ['geolocation', 'lng'] },
  { name: 'geolocation not numbers', body: { title: 'A', geolocation: { lat: '1', lng: 2 } }, code: 'validation-invalid-value' },
  { name: 'negative price', body: { title: 'A', price: { amount: -1, currency: 'EUR' } }, code: 'validation-invalid-value', path: ['price', 'amount'] },
  { name: 'fractional price', body: { title: 'A', price: { amount: 10.5, currency: 'EUR' } }, code: 'validation-invalid-value' },
  { name: 'lower-case currency', body: { title: 'A', price: { amount: 100, currency: 'eur' } }, code: 'validation-invalid-value', path: ['price', 'currency'] },
  { name: 'four-letter currency', body: { title: 'A', price: { amount: 100, currency: 'EURO' } }, code: 'validation-invalid-value', path: ['price', 'currency'] },
  { name: 'plan of unknown type', body: { title: 'A', availabilityPlan: { type: 'availability-plan/week', entries: [] } }, code: 'validation-invalid-value', path: ['availabilityPlan', 'type'] },
  {
    name: 'day plan with a bad day',
    body: { title: 'A', availabilityPlan: { type: 'availability-plan/day', entries: [{ dayOfWeek: 'monday', seats: 1 }] } },
    code: 'validation-invalid-value',
    path: ['availabilityPlan', 'entries', 0, 'dayOfWeek'],
  },
  {
    name: 'day plan with negative seats',
    body: { title: 'A', availabilityPlan: { type: 'availability-plan/day', entries: [{ dayOfWeek: 'mon', seats: -1 }] } },
    code: 'validation-invalid-value',
    path: ['availabilityPlan', 'entries', 0, 'seats'],
  },
  {
    name: 'time plan with an unknown time zone',
    body: { title: 'A', availabilityPlan: timePlan([], 'Mars/Olympus') },
    code: 'validation-invalid-value',
    path: ['availabilityPlan', 'timezone'],
  },
  {
    name: 'time plan with a malformed time',
    body: { title: 'A', availabilityPlan: timePlan([{ dayOfWeek: 'tue', seats: 1, startTime: '9:00', endTime: '17:00' }]) },
    code: 'validation-invalid-value',
    path: ['availabilityPlan', 'entries', 0, 'startTime'],
  },
  {
    name: 'time plan ending before it starts',
    body: { title: 'A', availabilityPlan: timePlan([{ dayOfWeek: 'tue', seats: 1, startTime: '17:00', endTime: '09:00' }]) },
    code: 'validation-invalid-value',
    path: ['availabilityPlan', 'entries', 0, 'endTime'],
  },
  {
    name: 'time plan entry with an extra key',
    body: { title: 'A', availabilityPlan: timePlan([{ dayOfWeek: 'tue', seats: 1, startTime: '09:00', endTime: '17:00', note: 'x' }]) },
    code: 'validation-disallowed-key',
    path: ['availabilityPlan', 'entries', 0, 'note'],
  },
  { name: 'unknown image', body: { title: 'A', images: ['6f1c5b0e-4a59-4c1e-9d0a-1b2c3d4e5f60'] }, code: 'validation-invalid-value', path: ['images'] },
  { name: 'image id not a UUID', body: { title: 'A', images: ['nope'] }, code: 'validation-invalid-value' },
  { name: 'public data over 50 KB', body: { title: 'A', publicData: { blob: big } }, code: 'validation-invalid-value', path: ['publicData'] },
  { name: 'private data over 50 KB', body: { title: 'A', privateData: { blob: big } }, code: 'validation-invalid-value', path: ['privateData'] },
  { name: 'public data not a map', body: { title: 'A', publicData: ['a'] }, code: 'validation-invalid-value' },
];

for (const c of CASES) {
  test(`own_listings/create rejects ${c.name}`, async () => {
    const res = await asAlice.post('own_listings/create', c.body);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    const error = res.body.errors?.[0];
    assert.equal(error?.code, c.code, JSON.stringify(res.body));
    if (c.path) assert.deepEqual(error?.source?.path, c.path);
  });
}

test('a valid day plan and a time plan ending at midnight are accepted', async () => {
  const day = { type: 'availability-plan/day', entries: [{ dayOfWeek: 'sat', seats: 2 }, { dayOfWeek: 'sun', seats: 0 }] };
  const res = await asAlice.post('own_listings/create_draft?expand=true', { title: 'Plans', availabilityPlan: day });
  assert.deepEqual(res.body.data?.attributes?.availabilityPlan, day);
  const plan = timePlan([{ dayOfWeek: 'fri', seats: 3, startTime: '18:00', endTime: '00:00' }], 'America/New_York');
  const updated = await asAlice.post('own_listings/update?expand=true', { id: res.body.data?.id, availabilityPlan: plan });
  assert.deepEqual(updated.body.data?.attributes?.availabilityPlan, plan);
  const cleared = await asAlice.post('own_listings/update?expand=true', { id: res.body.data?.id, availabilityPlan: null });
  assert.equal(cleared.body.data?.attributes?.availabilityPlan, null);
});

test('another user’s image is refused, on create, update and add_image', async () => {
  const bob = await createTestUser(server.handle.db, m.marketplace.id);
  const bobs = await createImage(server, m, bob.user.id);
  assert.equal((await asAlice.post('own_listings/create', { title: 'A', images: [bobs.id] })).status, 400);
  const id = (await asAlice.post('own_listings/create_draft', { title: 'Mine' })).body.data?.id;
  assert.equal((await asAlice.post('own_listings/update', { id, images: [bobs.id] })).status, 400);
  const add = await asAlice.post('own_listings/add_image', { id, imageId: bobs.id });
  assert.equal(add.status, 400);
  assert.deepEqual(add.body.errors?.[0]?.source?.path, ['imageId']);
});

test('update: extended data merge is checked against 50 KB, and a failed update stores nothing', async () => {
  const created = await asAlice.post('own_listings/create_draft?expand=true', { title: 'Merge', publicData: { a: 'x'.repeat(30 * 1024) } });
  const id = created.body.data?.id;
  const res = await asAlice.post('own_listings/update', { id, title: 'Changed', publicData: { b: 'y'.repeat(30 * 1024) } });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body.errors?.[0]?.source?.path, ['publicData']);
  const shown = await asAlice.get(`own_listings/show?id=${id}`);
  assert.equal(shown.body.data?.attributes?.title, 'Merge');
  assert.ok(typeof id === 'string');
  assert.equal((await queryEvents(server.handle.db, m.marketplace.id, { resourceId: id })).length, 1);
});

test('nothing was stored by the rejected creates', async () => {
  const rows = await server.handle.db.selectFrom('listings').select('title').where('author_id', '=', alice.user.id).execute();
  assert.deepEqual(rows.map((r) => r.title).sort(), ['Merge', 'Mine', 'Plans']);
  const events = await queryEvents(server.handle.db, m.marketplace.id, { eventTypes: ['listing/created'] });
  assert.equal(events.length, 3);
});

test('Integration create validates the author and the state', async () => {
  const bad = await asInteg.post('listings/create', { authorId: '6f1c5b0e-4a59-4c1e-9d0a-1b2c3d4e5f60', state: 'published', title: 'A' });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.errors?.[0]?.source?.path, ['authorId']);
  const draft = await asInteg.post('listings/create', { authorId: alice.user.id, state: 'draft', title: 'A' });
  assert.equal(draft.status, 400);
  const missing = await asInteg.post('listings/create', { authorId: alice.user.id, title: 'A' });
  assert.equal(missing.body.errors?.[0]?.code, 'validation-missing-key');
});
