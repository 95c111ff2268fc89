/** Contract: listing search and sitemap data through the real SDKs against a listening server. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startTestServer, type TestServer } from '../support/app.ts';
import { group, integrationSdk, type SdkDocument } from '../support/sdk.ts';
import { anonymousToken } from '../surfaces/tokens.ts';
import { publishAssetVersion } from '../../src/domain/assets/index.ts';
import { isPublic, modelOrder, seedListings, words, type ModelListing, type Seeded } from './seed.ts';

interface Store {
  setToken(token: unknown): void;
}
interface Sdk {
  listings: { query(p: Record<string, unknown>): Promise<{ data: SdkDocument }> };
  sitemapData: { queryListings(p?: Record<string, unknown>): Promise<{ data: SdkDocument }>; queryAssets(p: Record<string, unknown>): Promise<{ data: SdkDocument }> };
}
interface Types {
  LatLng: new (lat: number, lng: number) => unknown;
  LatLngBounds: new (ne: unknown, sw: unknown) => unknown;
}
const sdkModule: { createInstance(c: Record<string, unknown>): Sdk; tokenStore: { memoryStore(): Store }; types: Types } =
  createRequire(import.meta.url)('sharetribe-flex-sdk');
const { LatLng, LatLngBounds } = sdkModule.types;

let server: TestServer;
let s: Seeded;
let sdk: Sdk;

before(async () => {
  server = await startTestServer();
  s = await seedListings(server.handle.db, 300, 7);
  await server.handle.db.transaction().execute((trx) =>
    publishAssetVersion(trx, {
      marketplaceId: s.m.marketplace.id,
      files: { '/content/pages/about.json': {}, '/content/pages/landing-page.json': {}, '/content/translations.json': {} },
    }),
  );
  const tokenStore = sdkModule.tokenStore.memoryStore();
  tokenStore.setToken({ access_token: await anonymousToken(server, s.m), token_type: 'bearer', expires_in: 3600, scope: 'public-read' });
  sdk = sdkModule.createInstance({ clientId: s.m.marketplaceApp.clientId, baseUrl: server.baseUrl, tokenStore });
});
after(async () => server.close());

const idOf = (r: { id: { uuid: string } }): string => r.id.uuid;

test('listings.query with bounds, price, pub_category, -price, includes, perPage (SDK types)', async () => {
  const res = await sdk.listings.query({
    bounds: new LatLngBounds(new LatLng(70, 120), new LatLng(-70, -120)),
    price: '100,5000',
    pub_category: 'a,b',
    sort: '-price',
    include: ['author', 'images'],
    perPage: 5,
  });
  const want = s.listings
    .filter((l) => isPublic(l) && l.lat !== null && l.lng !== null && Math.abs(l.lat) <= 70 && Math.abs(l.lng) <= 120)
    .filter((l) => l.price !== null && l.price >= 100 && l.price < 5000 && ['a', 'b'].includes(String(l.publicData.category)))
    .sort(modelOrder([{ value: (l) => l.price, dir: 'asc' }]));
  const data = Array.isArray(res.data.data) ? res.data.data : [res.data.data];
  assert.deepEqual(data.map(idOf), want.slice(0, 5).map((l) => l.id));
  assert.equal(res.data.meta?.totalItems, want.length);
  const authors = new Set(want.slice(0, 5).map((l) => l.authorId));
  assert.deepEqual(new Set((res.data.included ?? []).filter((r) => r.type === 'user').map(idOf)), authors);
  assert.deepEqual(data[0]?.relationships?.images, { data: [] });
});

test('listings.query with keywords, and with origin (LatLng)', async () => {
  const byKeyword = await sdk.listings.query({ keywords: 'piano', perPage: 100 });
  const matches = (l: ModelListing) => [l.title, l.description, l.publicData.notes].some((t) => words(typeof t === 'string' ? t : '').includes('piano'));
  const got = (Array.isArray(byKeyword.data.data) ? byKeyword.data.data : []).map(idOf);
  assert.deepEqual([...got].sort(), s.listings.filter((l) => isPublic(l) && matches(l)).map((l) => l.id).sort());
  const near = await sdk.listings.query({ origin: new LatLng(0, 0), perPage: 3 });
  assert.equal((Array.isArray(near.data.data) ? near.data.data : []).length, 3);
  // The full brief call (keywords with origin) is what the catalogue forbids: a 400.
  await assert.rejects(
    sdk.listings.query({ keywords: 'piano', origin: new LatLng(0, 0), bounds: new LatLngBounds(new LatLng(1, 1), new LatLng(0, 0)), price: '100,500', pub_category: 'a,b', sort: '-price', include: ['author', 'images'], perPage: 5 }),
    (e: { status?: number; data?: { errors?: { code: string }[] } }) => e.status === 400 && e.data?.errors?.[0]?.code === 'validation-invalid-params',
  );
});

test('integration listings.query with states', async () => {
  const isdk = integrationSdk(server.baseUrl, s.m.integrationApp.clientId, s.m.integrationApp.clientSecret);
  const res = await group(isdk, 'listings').query!({ states: ['draft', 'published'], perPage: 100 });
  const want = s.listings.filter((l) => !l.deleted && (l.state === 'draft' || l.state === 'published')).sort(modelOrder([]));
  assert.equal(res.data.meta?.totalItems, want.length);
  assert.deepEqual((Array.isArray(res.data.data) ? res.data.data : []).map(idOf), want.slice(0, 100).map((l) => l.id));
});

test('sitemapData.queryListings: refs of published listings, newest first; queryAssets', async () => {
  const res = await sdk.sitemapData.queryListings();
  const data = Array.isArray(res.data.data) ? res.data.data : [];
  assert.deepEqual(data.map(idOf), s.listings.filter(isPublic).sort(modelOrder([])).map((l) => l.id));
  assert.equal(data[0]?.type, 'listing');
  assert.equal(data[0]?.attributes, undefined);
  const assets = await sdk.sitemapData.queryAssets({ pathPrefix: '/content/pages/' });
  const list = Array.isArray(assets.data.data) ? assets.data.data : [];
  assert.deepEqual(list.map((a) => a.attributes.assetPath), ['/content/pages/about.json', '/content/pages/landing-page.json']);
  assert.equal(list[0]?.type, 'asset');
});
