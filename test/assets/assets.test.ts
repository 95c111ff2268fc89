import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { publishAssetVersion, readAssets } from '../../src/domain/assets/index.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { revokeApplication } from '../../src/domain/marketplaces/index.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer({ listen: false });
});
after(async () => server.close());

const publish = (m: TestMarketplace, files: Record<string, unknown>) =>
  server.handle.db.transaction().execute((trx) => publishAssetVersion(trx, { marketplaceId: m.marketplace.id, files }));

const get = (url: string, headers: Record<string, string> = {}) =>
  server.app.inject({ method: 'GET', url, headers: { accept: 'application/json', ...headers } });

const translations = { 'TopBar.logo': 'Sauna rental', nested: { a: [1, 2] } };

test('publishing moves latest; reads by alias and by version with cache headers', async () => {
  const m = await createTestMarketplace(server.handle.db);
  const base = `/v1/assets/pub/${m.marketplaceApp.clientId}`;
  const v1 = await publish(m, { '/content/translations.json': translations, '/design/branding.json': { color: 'red' } });
  const byAlias = await get(`${base}/a/latest/content/translations.json`);
  assert.equal(byAlias.statusCode, 200);
  assert.match(String(byAlias.headers['content-type']), /^application\/json/);
  assert.deepEqual(byAlias.json(), { data: translations, included: [], meta: { version: v1.version } });
  assert.equal(byAlias.headers['cache-control'], 'public, max-age=10');
  assert.match(String(byAlias.headers.etag), /^"[0-9a-f]+"$/);

  const byVersion = await get(`${base}/v/${v1.version}/content/translations.json`);
  assert.equal(byVersion.statusCode, 200);
  assert.deepEqual(byVersion.json(), byAlias.json());
  assert.equal(byVersion.headers['cache-control'], 'public, max-age=31536000, immutable');

  const v2 = await publish(m, { '/content/translations.json': { changed: true } });
  assert.notEqual(v2.version, v1.version);
  assert.deepEqual((await get(`${base}/a/latest/content/translations.json`)).json(), {
    data: { changed: true },
    included: [],
    meta: { version: v2.version },
  });
  // The old version stays readable; files not in the new version are gone from latest.
  assert.equal((await get(`${base}/v/${v1.version}/design/branding.json`)).statusCode, 200);
  assert.equal((await get(`${base}/a/latest/design/branding.json`)).statusCode, 404);
});

test('multi-asset reads resolve ?assets= relative to the URL path', async () => {
  const m = await createTestMarketplace(server.handle.db);
  const base = `/v1/assets/pub/${m.marketplaceApp.clientId}`;
  const { version } = await publish(m, {
    '/content/translations.json': translations,
    '/content/pages/landing-page.json': { sections: [] },
    '/design/branding.json': { color: 'red' },
  });
  const res = await get(`${base}/a/latest/content/?assets=pages%2Flanding-page.json,translations.json`);
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), {
    data: [
      { id: '/content/pages/landing-page.json', type: 'jsonAsset', attributes: { assetPath: '/content/pages/landing-page.json', data: { sections: [] } } },
      { id: '/content/translations.json', type: 'jsonAsset', attributes: { assetPath: '/content/translations.json', data: translations } },
    ],
    included: [],
    meta: { version },
  });
  const rootPrefix = await get(`${base}/v/${version}/?assets=content%2Ftranslations.json,design%2Fbranding.json`);
  assert.equal(rootPrefix.statusCode, 200);
  assert.equal(rootPrefix.json<{ data: unknown[] }>().data.length, 2);
  assert.equal((await get(`${base}/a/latest/content/?assets=translations.json,missing.json`)).statusCode, 404);
});

test('ETag and If-None-Match answer 304', async () => {
  const m = await createTestMarketplace(server.handle.db);
  const url = `/v1/assets/pub/${m.marketplaceApp.clientId}/a/latest/content/translations.json`;
  await publish(m, { '/content/translations.json': translations });
  const first = await get(url);
  const etag = String(first.headers.etag);
  const again = await get(url, { 'if-none-match': etag });
  assert.equal(again.statusCode, 304);
  assert.equal(again.body, '');
  assert.equal(again.headers.etag, etag);
  assert.equal((await get(url, { 'if-none-match': `"other", W/${etag}` })).statusCode, 304);
  assert.equal((await get(url, { 'if-none-match': '"other"' })).statusCode, 200);
  await publish(m, { '/content/translations.json': { v: 2 } });
  const changed = await get(url, { 'if-none-match': etag });
  assert.equal(changed.statusCode, 200);
  assert.notEqual(changed.headers.etag, etag);
});

test('unknown client, alias, version or path → 404 JSON; traversal is rejected', async () => {
  const m = await createTestMarketplace(server.handle.db);
  const { version } = await publish(m, { '/content/translations.json': translations });
  const base = `/v1/assets/pub/${m.marketplaceApp.clientId}`;
  const notFound = [
    `/v1/assets/pub/${randomUUID()}/a/latest/content/translations.json`,
    `/v1/assets/pub/${m.integrationApp.clientId}/a/latest/content/translations.json`,
    `${base}/a/release-prod/content/translations.json`,
    `${base}/v/nope/content/translations.json`,
    `${base}/v/${version}/content/nope.json`,
    `${base}/x/latest/content/translations.json`,
  ];
  for (const url of notFound) {
    const res = await get(url);
    assert.equal(res.statusCode, 404, url);
    const body = res.json<{ errors: { id: string; status: number; code: string; title: string }[] }>();
    assert.equal(body.errors[0]?.code, 'not-found', url);
    assert.equal(body.errors[0]?.status, 404);
    assert.equal(typeof body.errors[0]?.id, 'string');
    assert.match(String(res.headers['content-type']), /^application\/json/);
  }
  // (A literal `..` is resolved by the client before sending; encoded forms reach the server.)
  for (const url of [`${base}/a/latest/content/?assets=..%2F..%2Fx.json`, `${base}/a/latest/content/%2E%2E/x.json`, `${base}/a/latest/%2E%2E%2Fx.json`]) {
    const res = await get(url);
    assert.ok(res.statusCode === 400 || res.statusCode === 404, `${url} → ${res.statusCode}`);
    assert.ok(res.json<{ errors: unknown[] }>().errors.length === 1);
  }
  // A revoked client id no longer serves assets.
  await revokeApplication(server.handle.db, m.marketplaceApp.clientId, new Date());
  assert.equal((await get(`${base}/a/latest/content/translations.json`)).statusCode, 404);
});

test('publishAssetVersion rejects empty sets, non-.json and bad paths', async () => {
  const m = await createTestMarketplace(server.handle.db);
  for (const files of [{}, { '/a.txt': {} }, { '/a/../b.json': {} }, { '//b.json': {} }, { '/a\\b.json': {} }, { '/a.json': {}, 'a.json': {} }]) {
    await assert.rejects(publish(m, files), (e: unknown) => e instanceof DomainError && e.kind === 'bad-request', JSON.stringify(files));
  }
  const { version } = await publish(m, { 'no/leading/slash.json': [1] });
  const set = await readAssets(server.handle.db, { clientId: m.marketplaceApp.clientId, version, paths: ['/no/leading/slash.json'] });
  assert.deepEqual(set.assets.map((a) => a.path), ['/no/leading/slash.json']);
});
