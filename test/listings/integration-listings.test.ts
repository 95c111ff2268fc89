/** Integration API listings over HTTP: operator moves, images, events, and the create rate limit. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { queryEvents } from '../../src/domain/events/index.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { api, createImage, integToken, userToken } from './helpers.ts';

let server: TestServer;
let m: TestMarketplace;
let alice: TestUser;
let asInteg: ReturnType<typeof api>;

before(async () => {
  server = await startTestServer({ listen: false, clock: new FakeClock(new Date('2026-06-01T12:00:00Z')), env: { BAZAAR_RATE_LIMIT: 'dev-parity' } });
  m = await createTestMarketplace(server.handle.db, 'Integration listings');
  alice = await createTestUser(server.handle.db, m.marketplace.id);
  asInteg = api(server, 'integration_api', await integToken(server, m));
});
after(async () => server.close());

test('operator create, update (metadata, images), close/open, events from the Integration API', async () => {
  const authorImage = await createImage(server, m, alice.user.id);
  const opsImage = await createImage(server, m, null);
  const created = await asInteg.post('listings/create?expand=true&include=author', {
    authorId: alice.user.id,
    state: 'published',
    title: 'Sauna',
    metadata: { rating: 5 },
    images: [authorImage.id, opsImage.id],
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const id = created.body.data?.id;
  assert.ok(typeof id === 'string');
  assert.equal(created.body.data?.attributes?.state, 'published');
  assert.deepEqual(created.body.data?.relationships?.author, { data: { id: alice.user.id, type: 'user' } });

  const updated = await asInteg.post('listings/update?expand=true', { id, metadata: { rating: null, badge: 'top' }, images: [opsImage.id] });
  assert.deepEqual(updated.body.data?.attributes?.metadata, { badge: 'top' });
  assert.equal((await asInteg.post('listings/close', { id })).status, 200);
  assert.equal((await asInteg.post('listings/close', { id })).status, 200, 'closing a closed listing is a no-op');
  assert.equal((await asInteg.post('listings/approve', { id })).body.errors?.[0]?.code, 'listing-invalid-state');

  // The author sees metadata but cannot write it.
  const asAlice = api(server, 'api', await userToken(server, m, alice));
  const own = await asAlice.get(`own_listings/show?id=${id}`);
  assert.deepEqual(own.body.data?.attributes?.metadata, { badge: 'top' });

  const events = await queryEvents(server.handle.db, m.marketplace.id, { resourceId: id });
  assert.deepEqual(events.map((e) => [e.eventType, e.source]), [
    ['listing/created', 'source/integration-api'],
    ['listing/updated', 'source/integration-api'],
    ['listing/updated', 'source/integration-api'],
  ]);
  assert.equal(events[0]?.auditData.userId, null);
  assert.equal(events[0]?.auditData.clientId, m.integrationApp.clientId);
  const prev = events[1]?.previousValues;
  assert.ok(prev);
  assert.deepEqual(prev.attributes, { metadata: { rating: 5, badge: null } });
  const rels = prev.relationships;
  assert.ok(rels && typeof rels === 'object' && 'images' in rels);
  assert.equal((await asInteg.get('listings/show?id=6f1c5b0e-4a59-4c1e-9d0a-1b2c3d4e5f60')).status, 404);
});

test('listings/create has its own bucket: 100 per minute (dev-parity)', async () => {
  let last = 0;
  for (let i = 0; i < 101; i++) {
    const res = await asInteg.post('listings/create', { authorId: alice.user.id, state: 'published', title: `L${i}` });
    last = res.status;
    if (res.status === 429) {
      assert.equal(res.body.errors?.[0]?.code, 'too-many-requests');
      break;
    }
  }
  assert.equal(last, 429);
});
