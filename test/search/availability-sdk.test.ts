/** Contract: availability and stock filters of listings.query through the real SDKs. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { FakeClock } from '../../src/lib/clock.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { group, integrationSdk, type SdkDocument, type SdkError, type SdkResource } from '../support/sdk.ts';
import { anonymousToken } from '../surfaces/tokens.ts';
import { modelMatches, seedAvailability, type AvailListing, type AvailSeeded } from './availability-seed.ts';

interface Store {
  setToken(token: unknown): void;
}
interface Sdk {
  listings: { query(p: Record<string, unknown>): Promise<{ data: SdkDocument }> };
}
const sdkModule: { createInstance(c: Record<string, unknown>): Sdk; tokenStore: { memoryStore(): Store } } = createRequire(import.meta.url)('sharetribe-flex-sdk');

const NOW = new Date('2027-01-10T12:00:00Z');
let server: TestServer;
let s: AvailSeeded;
let sdk: Sdk;

before(async () => {
  server = await startTestServer({ clock: new FakeClock(NOW) });
  s = await seedAvailability(server.handle.db, { count: 80, seed: 5, from: new Date('2027-03-10T00:00:00Z'), to: new Date('2027-04-10T00:00:00Z') });
  const tokenStore = sdkModule.tokenStore.memoryStore();
  tokenStore.setToken({ access_token: await anonymousToken(server, s.m), token_type: 'bearer', expires_in: 3600, scope: 'public-read' });
  sdk = sdkModule.createInstance({ clientId: s.m.marketplaceApp.clientId, baseUrl: server.baseUrl, tokenStore });
});
after(async () => server.close());

const order = (a: AvailListing, b: AvailListing) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : 1);
const ids = (doc: SdkDocument): string[] => (Array.isArray(doc.data) ? doc.data : [doc.data]).map((r: SdkResource) => r.id.uuid);

test('day-full with Date objects, seats and a stock filter, page by page', async () => {
  const start = new Date('2027-03-20T00:00:00Z');
  const end = new Date('2027-03-27T00:00:00Z');
  const want = s.listings
    .filter((l) => l.state === 'published' && (l.stock === null || l.stock >= 1))
    .filter((l) => modelMatches(l, { mode: 'day-full', start, end, seats: 1, minDuration: 0 }))
    .sort(order)
    .map((l) => l.id);
  assert.ok(want.length > 4);
  const first = await sdk.listings.query({ start, end, availability: 'day-full', seats: 1, minStock: 1, stockMode: 'match-undefined', perPage: 4 });
  assert.deepEqual(ids(first.data), want.slice(0, 4));
  assert.equal(first.data.meta?.totalItems, want.length);
  const second = await sdk.listings.query({ start, end, availability: 'day-full', seats: 1, minStock: 1, stockMode: 'match-undefined', perPage: 4, page: 2 });
  assert.deepEqual(ids(second.data), want.slice(4, 8));
});

test('time-partial as the web template sends it: one page, paginationUnsupported', async () => {
  // The template: start = UTC start of day − 14 h, end + 12 h, minDuration in minutes.
  const start = new Date('2027-03-26T10:00:00Z');
  const end = new Date('2027-03-29T12:00:00Z');
  const res = await sdk.listings.query({ start, end, availability: 'time-partial', minDuration: 60, perPage: 24 });
  const want = s.listings
    .filter((l) => l.state === 'published' && modelMatches(l, { mode: 'time-partial', start, end, seats: 1, minDuration: 60 }))
    .sort(order)
    .map((l) => l.id)
    .slice(0, 24);
  assert.deepEqual(ids(res.data), want);
  assert.equal(res.data.meta?.paginationUnsupported, true);
  assert.equal(res.data.meta?.totalItems, null);
});

test('bad input reaches the SDK as a 400 with the catalogue code', async () => {
  await assert.rejects(
    sdk.listings.query({ start: new Date('2027-03-10T00:00:00Z'), end: new Date('2027-03-09T00:00:00Z') }),
    (e: SdkError) => e.status === 400 && e.data?.errors?.[0]?.code === 'validation-invalid-value',
  );
});

test('the integration SDK filters by availability and stock over all states', async () => {
  const isdk = group(integrationSdk(server.baseUrl, s.m.integrationApp.clientId, s.m.integrationApp.clientSecret), 'listings');
  const start = new Date('2027-04-01T00:00:00Z');
  const end = new Date('2027-04-04T00:00:00Z');
  const res = await isdk.query!({ start, end, availability: 'day-full', minStock: 2, perPage: 100 });
  const want = s.listings
    .filter((l) => l.stock !== null && l.stock >= 2 && modelMatches(l, { mode: 'day-full', start, end, seats: 1, minDuration: 0 }))
    .sort(order)
    .map((l) => l.id);
  assert.deepEqual(ids(res.data), want);
});
