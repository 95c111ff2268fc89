/**
 * `images.upload` through the real SDKs against a listening server: the Marketplace SDK sends
 * FormData with a Blob in field `image` (Node's global FormData/Blob), the Integration SDK the
 * `form-data` package reading a file path; both ask for transit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser } from '../support/users.ts';
import { group, integrationSdk, marketplaceSdk, sharetribeSdk, type SdkError, type SdkResource } from '../support/sdk.ts';

let server: TestServer;
let mp: TestMarketplace;
let dir: string;

before(async () => {
  server = await startTestServer();
  mp = await createTestMarketplace(server.handle.db);
  dir = mkdtempSync(join(tmpdir(), 'bazaar-sdk-images-'));
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

type Variants = Record<string, { name: string; width: number; height: number; url: string }>;
const variantsOf = (r: SdkResource): Variants => r.attributes.variants as Variants;

test('Marketplace SDK: images.upload with a Blob, custom variant via objectQueryString', async () => {
  const { email, password } = await createTestUser(server.handle.db, mp.marketplace.id);
  const sdk = marketplaceSdk(server.baseUrl, mp.marketplaceApp.clientId);
  await sdk.login({ username: email, password });
  const bytes = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#336699' } }).jpeg().toBuffer();
  const res = await group(sdk, 'images').upload!(
    { image: new Blob([bytes], { type: 'image/jpeg' }) },
    {
      expand: true,
      'fields.image': ['variants.square-small', 'variants.card'],
      'imageVariant.card': sharetribeSdk.util.objectQueryString({ w: 400, h: 300, fit: 'crop' }),
    },
  );
  assert.equal(res.status, 200);
  const data = res.data.data as SdkResource;
  assert.equal(data.type, 'image');
  assert.match(data.id.uuid, /^[0-9a-f-]{36}$/);
  const variants = variantsOf(data);
  assert.deepEqual(Object.keys(variants).sort(), ['card', 'square-small']);
  assert.deepEqual([variants.card?.width, variants.card?.height], [400, 300]);
  // The server's public URL is configured before it picks its port: fetch the same path on the listening port.
  const fetched = await fetch(`${server.baseUrl}${new URL(variants.card?.url ?? '').pathname}`);
  assert.equal(fetched.status, 200);
  assert.equal(fetched.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const meta = await sharp(Buffer.from(await fetched.arrayBuffer())).metadata();
  assert.deepEqual([meta.width, meta.height], [400, 300]);
});

test('Marketplace SDK: anonymous upload is rejected with 403 in transit', async () => {
  const sdk = marketplaceSdk(server.baseUrl, mp.marketplaceApp.clientId);
  const bytes = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).png().toBuffer();
  await assert.rejects(
    group(sdk, 'images').upload!({ image: new Blob([bytes]) }),
    (e: SdkError) => e.status === 403 && e.data?.errors?.[0]?.code === 'forbidden',
  );
});

test('Integration SDK: images.upload with a file path', async () => {
  const path = join(dir, 'photo.png');
  writeFileSync(path, await sharp({ create: { width: 120, height: 80, channels: 3, background: '#993366' } }).png().toBuffer());
  const sdk = integrationSdk(server.baseUrl, mp.integrationApp.clientId, mp.integrationApp.clientSecret);
  const res = await group(sdk, 'images').upload!({ image: path }, { expand: true, 'fields.image': ['variants.default'] });
  assert.equal(res.status, 200);
  const data = res.data.data as SdkResource;
  assert.deepEqual(Object.keys(variantsOf(data)), ['default']);
  assert.deepEqual([variantsOf(data).default?.width, variantsOf(data).default?.height], [120, 80]);
  const row = await server.handle.db.selectFrom('images').selectAll().where('id', '=', data.id.uuid).executeTakeFirstOrThrow();
  assert.equal(row.owner_user_id, null);
});

test('Integration SDK: a text file is rejected with 409 image-invalid-content', async () => {
  const path = join(dir, 'notes.txt');
  writeFileSync(path, 'not an image');
  const sdk = integrationSdk(server.baseUrl, mp.integrationApp.clientId, mp.integrationApp.clientSecret);
  await assert.rejects(
    group(sdk, 'images').upload!({ image: path }),
    (e: SdkError) => e.status === 409 && e.data?.errors?.[0]?.code === 'image-invalid-content',
  );
});
