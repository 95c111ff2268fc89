/**
 * `images/upload` on both APIs and variant delivery (`/v1/images/:urlKey/:segment`), over HTTP
 * with app.inject: real images made with sharp, limits, permissions, custom variants.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser } from '../support/users.ts';
import { anonymousToken, integrationToken } from '../surfaces/tokens.ts';
import { decodeTransitBody } from '../../src/http/wire/index.ts';
import { grantToken, identityContextLoader } from '../../src/domain/identity/index.ts';
import { MAX_UPLOAD_BYTES, PREDEFINED_VARIANTS } from '../../src/domain/images/index.ts';

let server: TestServer;
let mp: TestMarketplace;
let userToken: string;
let userId: string;
let integToken: string;
let anonToken: string;

const userTokenFor = async (email: string, password: string): Promise<string> => {
  const ctx = await identityContextLoader({ db: server.handle.db, config: server.config, clock: server.clock })();
  const result = await server.handle.db.transaction().execute((trx) =>
    grantToken(trx, ctx, { grantType: 'password', clientId: mp.marketplaceApp.clientId, clientSecret: undefined, username: email, password, scope: 'user' }),
  );
  if (!result.ok) throw result.error;
  return result.token.accessToken;
};

before(async () => {
  server = await startTestServer({ listen: false });
  mp = await createTestMarketplace(server.handle.db);
  const u = await createTestUser(server.handle.db, mp.marketplace.id);
  userId = u.user.id;
  userToken = await userTokenFor(u.email, u.password);
  integToken = await integrationToken(server, mp);
  anonToken = await anonymousToken(server, mp);
});
after(async () => server.close());

const png = (width: number, height: number, alpha = false): Promise<Buffer> =>
  sharp({ create: { width, height, channels: alpha ? 4 : 3, background: alpha ? { r: 10, g: 200, b: 30, alpha: 0.5 } : { r: 200, g: 30, b: 10 } } })
    .png()
    .toBuffer();
const jpeg = (width: number, height: number): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: { r: 20, g: 40, b: 220 } } }).jpeg().toBuffer();

/** A multipart body exactly as fetch/FormData would send it. */
async function form(field: string, bytes: Buffer, filename = 'photo.bin', type = 'application/octet-stream') {
  const fd = new FormData();
  fd.append(field, new Blob([bytes], { type }), filename);
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  return { payload: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type') ?? '' };
}

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, unknown>;
}

async function upload(api: 'api' | 'integration_api', token: string | null, bytes: Buffer, query = '', opts: { field?: string; accept?: string } = {}): Promise<Reply> {
  const { payload, contentType } = await form(opts.field ?? 'image', bytes);
  const res = await server.app.inject({
    method: 'POST',
    url: `/v1/${api}/images/upload${query}`,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), accept: opts.accept ?? 'application/json', 'content-type': contentType },
    payload,
  });
  const text = res.body;
  const body = res.headers['content-type']?.toString().startsWith('application/transit+json') ? decodeTransitBody(text) : JSON.parse(text);
  return { status: res.statusCode, body: body as Record<string, unknown>, headers: res.headers };
}

const errorCode = (r: Reply): string | undefined => (r.body.errors as { code: string }[] | undefined)?.[0]?.code;
type Variant = { name: string; width: number; height: number; url: string };
const dataOf = (r: Reply) => r.body.data as { id: string; type: string; attributes?: { variants: Record<string, Variant> } };

const imageCount = async (): Promise<number> => {
  const row = await server.handle.db
    .selectFrom('images')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('marketplace_id', '=', mp.marketplace.id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

const fetchVariant = async (url: string) => {
  const path = new URL(url).pathname;
  const res = await server.app.inject({ method: 'GET', url: path });
  return res;
};

describe('Marketplace API images/upload', () => {
  test('a user uploads a PNG: {id, type} by default, the image is theirs', async () => {
    const r = await upload('api', userToken, await png(64, 48));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const data = dataOf(r);
    assert.equal(data.type, 'image');
    assert.equal(data.attributes, undefined);
    const row = await server.handle.db.selectFrom('images').selectAll().where('id', '=', data.id).executeTakeFirstOrThrow();
    assert.equal(row.owner_user_id, userId);
    assert.equal(row.application_id, mp.marketplaceApp.application.id);
  });

  test('expand=true returns every predefined variant; transit response decodes', async () => {
    const r = await upload('api', userToken, await jpeg(1000, 500), '?expand=true', { accept: 'application/transit+json' });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^application\/transit\+json/);
    const variants = dataOf(r).attributes?.variants ?? {};
    assert.deepEqual(Object.keys(variants).sort(), Object.keys(PREDEFINED_VARIANTS).sort());
    assert.deepEqual({ ...variants['scaled-small'], url: undefined }, { name: 'scaled-small', width: 320, height: 160, url: undefined });
    assert.deepEqual([variants['square-small']?.width, variants['square-small']?.height], [240, 240]);
  });

  test('fields.image + imageVariant.* select predefined and custom variants', async () => {
    const q = '?expand=true&fields.image=variants.square-small,variants.thumb,variants.unused&imageVariant.thumb=w:100;h:50;fit:crop&imageVariant.other=w:10;h:10;fit:scale';
    const r = await upload('api', userToken, await png(400, 400), q);
    assert.equal(r.status, 200);
    const variants = dataOf(r).attributes?.variants ?? {};
    assert.deepEqual(Object.keys(variants).sort(), ['square-small', 'thumb']);
    assert.deepEqual([variants.thumb?.width, variants.thumb?.height], [100, 50]);
    const res = await fetchVariant(variants.thumb?.url ?? '');
    assert.equal(res.statusCode, 200);
    const meta = await sharp(res.rawPayload).metadata();
    assert.deepEqual([meta.width, meta.height, meta.format], [100, 50, 'jpeg']);
  });

  test('a custom variant over 3072 px → 400', async () => {
    const before = await imageCount();
    const r = await upload('api', userToken, await png(10, 10), '?expand=true&fields.image=variants.huge&imageVariant.huge=w:3073;h:100;fit:scale');
    assert.equal(r.status, 400);
    assert.equal(errorCode(r), 'validation-invalid-value');
    assert.equal(await imageCount(), before);
  });

  test('WebP and GIF are accepted', async () => {
    const webp = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#00ff00' } }).webp().toBuffer();
    const gif = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#0000ff' } }).gif().toBuffer();
    for (const bytes of [webp, gif]) {
      const r = await upload('api', userToken, bytes, '?expand=true&fields.image=variants.default');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual([dataOf(r).attributes?.variants.default?.width, dataOf(r).attributes?.variants.default?.height], [30, 20]);
    }
  });

  test('a text file → 409 image-invalid-content and nothing is stored', async () => {
    const before = await imageCount();
    const r = await upload('api', userToken, Buffer.from('hello, this is not an image\n'.repeat(20)));
    assert.equal(r.status, 409);
    assert.equal(errorCode(r), 'image-invalid-content');
    assert.equal(await imageCount(), before);
  });

  test('anonymous → 403 forbidden; no token → 401', async () => {
    const bytes = await png(8, 8);
    const anon = await upload('api', anonToken, bytes);
    assert.equal(anon.status, 403);
    assert.equal(errorCode(anon), 'forbidden');
    const none = await upload('api', null, bytes);
    assert.equal(none.status, 401);
  });

  test('over 20 MB → 413 request-upload-over-limit (declared length and streamed)', async () => {
    const before = await imageCount();
    const big = Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0xab);
    const r = await upload('api', userToken, big);
    assert.equal(r.status, 413);
    assert.equal(errorCode(r), 'request-upload-over-limit');
    // Without Content-Length (chunked): the stream limit catches it.
    const { payload, contentType } = await form('image', big);
    const { Readable } = await import('node:stream');
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/api/images/upload',
      headers: { authorization: `Bearer ${userToken}`, accept: 'application/json', 'content-type': contentType },
      payload: Readable.from([payload.subarray(0, 1024 * 1024), payload.subarray(1024 * 1024)]),
    });
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(JSON.parse(res.body).errors[0].code, 'request-upload-over-limit');
    assert.equal(await imageCount(), before);
  });

  test('a wrong field name, a missing file and a non-multipart body → 400', async () => {
    const wrong = await upload('api', userToken, await png(8, 8), '', { field: 'file' });
    assert.equal(wrong.status, 400);
    assert.equal(errorCode(wrong), 'validation-disallowed-key');
    const json = await server.app.inject({
      method: 'POST',
      url: '/v1/api/images/upload',
      headers: { authorization: `Bearer ${userToken}`, accept: 'application/json', 'content-type': 'application/json' },
      payload: '{}',
    });
    assert.equal(json.statusCode, 400);
    const text = await server.app.inject({
      method: 'POST',
      url: '/v1/api/images/upload',
      headers: { authorization: `Bearer ${userToken}`, accept: 'application/json', 'content-type': 'text/plain' },
      payload: 'x',
    });
    assert.equal(text.statusCode, 400);
    assert.equal(JSON.parse(text.body).errors[0].code, 'unsupported-content-type');
  });

  test('multipart is still refused on other endpoints', async () => {
    const { payload, contentType } = await form('image', await png(8, 8));
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/api/own_listings/create',
      headers: { authorization: `Bearer ${userToken}`, accept: 'application/json', 'content-type': contentType },
      payload,
    });
    assert.equal(res.statusCode, 400);
    assert.equal(JSON.parse(res.body).errors[0].code, 'unsupported-content-type');
  });
});

describe('Integration API images/upload', () => {
  test('an integration app uploads: owner null, variants on expand', async () => {
    const r = await upload('integration_api', integToken, await png(300, 200, true), '?expand=true&fields.image=variants.scaled-small');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const data = dataOf(r);
    const row = await server.handle.db.selectFrom('images').selectAll().where('id', '=', data.id).executeTakeFirstOrThrow();
    assert.equal(row.owner_user_id, null);
    const v = data.attributes?.variants['scaled-small'];
    assert.deepEqual([v?.width, v?.height], [300, 200]);
    const res = await fetchVariant(v?.url ?? '');
    assert.equal(res.headers['content-type'], 'image/png');
    const meta = await sharp(res.rawPayload).metadata();
    assert.deepEqual([meta.width, meta.height, meta.hasAlpha], [300, 200, true]);
  });

  test('a user token on the Integration API → 403; a text file → 409', async () => {
    const r = await upload('integration_api', userToken, await png(8, 8));
    assert.equal(r.status, 403);
    const t = await upload('integration_api', integToken, Buffer.from('plain text'));
    assert.equal(t.status, 409);
    assert.equal(errorCode(t), 'image-invalid-content');
  });
});

describe('variant delivery', () => {
  test('serves the rendered size with immutable caching, then from the cache', async () => {
    const r = await upload('api', userToken, await jpeg(800, 600), '?expand=true&fields.image=variants.landscape-crop,variants.scaled-medium');
    const variants = dataOf(r).attributes?.variants ?? {};
    for (const v of Object.values(variants)) {
      for (let i = 0; i < 2; i++) {
        const res = await fetchVariant(v.url);
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
        assert.equal(res.headers['content-type'], 'image/jpeg');
        assert.equal(res.headers['access-control-allow-origin'], '*');
        const meta = await sharp(res.rawPayload).metadata();
        assert.deepEqual([meta.width, meta.height], [v.width, v.height], v.name);
      }
    }
    assert.deepEqual([variants['scaled-medium']?.width, variants['scaled-medium']?.height], [750, 563]);
    assert.ok(variants['landscape-crop']?.url.startsWith(server.config.publicUrl));
  });

  test('unknown keys, malformed segments and bad signatures → 404', async () => {
    const r = await upload('api', userToken, await png(50, 50), '?expand=true&fields.image=variants.square-small');
    const url = new URL(dataOf(r).attributes?.variants['square-small']?.url ?? '');
    const [, , , urlKey, segment = ''] = url.pathname.split('/');
    const forged = segment.replace(/^240x240/, '241x240');
    const badSig = segment.replace(/-([A-Za-z0-9_-]{22})\./, (_m, sig: string) => `-${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}.`);
    for (const path of [
      `/v1/images/${urlKey}/${forged}`,
      `/v1/images/${urlKey}/${badSig}`,
      `/v1/images/unknownkey0000000000000000/${segment}`,
      `/v1/images/${urlKey}/not-a-segment`,
      `/v1/images/${urlKey}`,
    ]) {
      const res = await server.app.inject({ method: 'GET', url: path });
      assert.equal(res.statusCode, 404, path);
    }
  });
});
