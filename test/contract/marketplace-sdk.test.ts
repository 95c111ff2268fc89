/** Contract: the real `sharetribe-flex-sdk` against a listening Bazaar (Marketplace API + Asset Delivery). */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { anonymousToken } from '../surfaces/tokens.ts';
import { publishAssetVersion } from '../../src/domain/assets/index.ts';

interface SdkResponse<T> {
  status: number;
  data: T;
}
interface Store {
  setToken(token: unknown): void;
}
interface MarketplaceSdk {
  marketplace: { show(params?: Record<string, unknown>): Promise<SdkResponse<{ data: { id: unknown; type: string; attributes: Record<string, unknown> } }>> };
  assetByAlias(p: { path: string; alias: string }): Promise<SdkResponse<{ data: unknown; meta: { version: string } }>>;
  assetByVersion(p: { path: string; version: string }): Promise<SdkResponse<{ data: unknown; meta: { version: string } }>>;
  assetsByAlias(p: { paths: string[]; alias: string }): Promise<SdkResponse<{ data: { type: string; attributes: { assetPath: string; data: unknown } }[]; meta: { version: string } }>>;
  assetsByVersion(p: { paths: string[]; version: string }): Promise<SdkResponse<{ data: { attributes: { assetPath: string } }[] }>>;
}
interface SdkModule {
  createInstance(config: Record<string, unknown>): MarketplaceSdk;
  tokenStore: { memoryStore(): Store };
  types: { UUID: new (uuid: string) => { uuid: string } };
}
const sdkModule: SdkModule = createRequire(import.meta.url)('sharetribe-flex-sdk');

let server: TestServer;
let m: TestMarketplace;
let sdk: MarketplaceSdk;
let version: string;

const translations = { 'TopBar.logo': 'Sauna', list: [1, 2, 3] };

before(async () => {
  server = await startTestServer();
  m = await createTestMarketplace(server.handle.db, 'Contract marketplace');
  ({ version } = await server.handle.db.transaction().execute((trx) =>
    publishAssetVersion(trx, {
      marketplaceId: m.marketplace.id,
      files: {
        '/content/translations.json': translations,
        '/content/pages/landing-page.json': { sections: ['hero'] },
        '/design/branding.json': { marketplaceColor: '#7c3aed' },
      },
    }),
  ));
  const tokenStore = sdkModule.tokenStore.memoryStore();
  tokenStore.setToken({ access_token: await anonymousToken(server, m), token_type: 'bearer', expires_in: 3600, scope: 'public-read' });
  sdk = sdkModule.createInstance({ clientId: m.marketplaceApp.clientId, baseUrl: server.baseUrl, assetCdnBaseUrl: server.baseUrl, tokenStore });
});
after(async () => server.close());

test('marketplace.show decodes to SDK types', async () => {
  const res = await sdk.marketplace.show();
  assert.equal(res.status, 200);
  assert.ok(res.data.data.id instanceof sdkModule.types.UUID);
  assert.deepEqual(res.data.data.id, new sdkModule.types.UUID(m.marketplace.id));
  assert.equal(res.data.data.type, 'marketplace');
  assert.deepEqual(res.data.data.attributes, { name: 'Contract marketplace', description: null });
  const sparse = await sdk.marketplace.show({ 'fields.marketplace': ['name'] });
  assert.deepEqual(sparse.data.data.attributes, { name: 'Contract marketplace' });
});

test('assetByAlias and assetByVersion read one asset', async () => {
  const byAlias = await sdk.assetByAlias({ path: 'content/translations.json', alias: 'latest' });
  assert.deepEqual(byAlias.data.data, translations);
  assert.equal(byAlias.data.meta.version, version);
  const byVersion = await sdk.assetByVersion({ path: '/design/branding.json', version });
  assert.deepEqual(byVersion.data.data, { marketplaceColor: '#7c3aed' });
});

test('assetsByAlias and assetsByVersion read several assets', async () => {
  const res = await sdk.assetsByAlias({ paths: ['/content/translations.json', '/content/pages/landing-page.json'], alias: 'latest' });
  assert.equal(res.data.meta.version, version);
  const byPath = new Map(res.data.data.map((a) => [a.attributes.assetPath, a]));
  assert.deepEqual(byPath.get('/content/translations.json')?.attributes.data, translations);
  assert.deepEqual(byPath.get('/content/pages/landing-page.json')?.attributes.data, { sections: ['hero'] });
  assert.ok(res.data.data.every((a) => a.type === 'jsonAsset'));
  // No common prefix: the SDK requests `/v/{version}/?assets=…`.
  const mixed = await sdk.assetsByVersion({ paths: ['/design/branding.json', '/content/translations.json'], version });
  assert.deepEqual(mixed.data.data.map((a) => a.attributes.assetPath).sort(), ['/content/translations.json', '/design/branding.json']);
});

test('a missing asset rejects with status 404 and the error envelope', async () => {
  await assert.rejects(sdk.assetByAlias({ path: 'content/nope.json', alias: 'latest' }), (e: unknown) => {
    const err = e as { status?: number; data?: { errors?: { code: string }[] } };
    return err.status === 404 && err.data?.errors?.[0]?.code === 'not-found';
  });
});
