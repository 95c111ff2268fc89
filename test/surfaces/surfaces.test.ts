import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace } from '../support/factories.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { DEV_PARITY_BUCKETS, TokenBuckets } from '../../src/http/plugins/rate-limit.ts';
import { anonymousToken, bearer, integrationToken } from './tokens.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer({ listen: false });
});
after(async () => server.close());

test('marketplace/show on both APIs, with sparse fields', async () => {
  const m = await createTestMarketplace(server.handle.db, 'Saunatime');
  const expected = { data: { id: m.marketplace.id, type: 'marketplace', attributes: { name: 'Saunatime', description: null } }, included: [], meta: {} };
  const mp = await server.app.inject({ method: 'GET', url: '/v1/api/marketplace/show', headers: bearer(await anonymousToken(server, m)) });
  assert.equal(mp.statusCode, 200);
  assert.deepEqual(mp.json(), expected);
  const ia = await server.app.inject({ method: 'GET', url: '/v1/integration_api/marketplace/show', headers: bearer(await integrationToken(server, m)) });
  assert.deepEqual(ia.json(), expected);
  const sparse = await server.app.inject({
    method: 'GET',
    url: '/v1/api/marketplace/show?fields.marketplace=name',
    headers: bearer(await anonymousToken(server, m)),
  });
  assert.deepEqual(sparse.json<{ data: { attributes: unknown } }>().data.attributes, { name: 'Saunatime' });
  const bad = await server.app.inject({ method: 'GET', url: '/v1/api/marketplace/show?bogus=1', headers: bearer(await anonymousToken(server, m)) });
  assert.equal(bad.statusCode, 400);
  // Tokens are bound to their API.
  const wrong = await server.app.inject({ method: 'GET', url: '/v1/api/marketplace/show', headers: bearer(await integrationToken(server, m)) });
  assert.equal(wrong.statusCode, 403);
  const missing = await server.app.inject({ method: 'GET', url: '/v1/api/marketplace/show', headers: { accept: 'application/json' } });
  assert.equal(missing.statusCode, 401);
  const unknown = await server.app.inject({ method: 'GET', url: '/v1/api/nope/show', headers: bearer(await anonymousToken(server, m)) });
  assert.equal(unknown.statusCode, 404);
});

const preflight = (url: string) =>
  server.app.inject({
    method: 'OPTIONS',
    url,
    headers: {
      origin: 'https://shop.example.com',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type,x-transit-verbose',
    },
  });

test('CORS preflights are answered on the Marketplace and Asset APIs, not on the Integration API', async () => {
  for (const url of ['/v1/api/marketplace/show', '/v1/assets/pub/x/a/latest/content/translations.json']) {
    const res = await preflight(url);
    assert.equal(res.statusCode, 204, url);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.match(String(res.headers['access-control-allow-methods']), /GET.*POST/);
    assert.match(String(res.headers['access-control-allow-headers']), /Authorization.*Content-Type.*Accept.*X-Transit-Verbose/);
  }
  const ia = await preflight('/v1/integration_api/marketplace/show');
  assert.equal(ia.headers['access-control-allow-origin'], undefined);
  assert.notEqual(ia.statusCode, 204);
  // Error responses carry the CORS header too, so browsers can read them.
  const denied = await server.app.inject({ method: 'GET', url: '/v1/api/marketplace/show', headers: { origin: 'https://shop.example.com' } });
  assert.equal(denied.statusCode, 401);
  assert.equal(denied.headers['access-control-allow-origin'], '*');
});

test('token buckets refill on the clock and report the wait', () => {
  const clock = new FakeClock(new Date('2024-01-01T00:00:00Z'));
  const buckets = new TokenBuckets(clock);
  const spec = { name: 't', capacity: 3, refillPerSecond: 0.5 };
  for (let i = 0; i < 3; i++) assert.deepEqual(buckets.take('k', [spec]), { ok: true });
  assert.deepEqual(buckets.take('k', [spec]), { ok: false, retryAfterMs: 2000 });
  assert.deepEqual(buckets.take('other', [spec]), { ok: true });
  clock.advance(2000);
  assert.deepEqual(buckets.take('k', [spec]), { ok: true });
  // All or nothing across buckets.
  const big = { name: 'big', capacity: 10, refillPerSecond: 1 };
  assert.equal(buckets.take('k', [big, spec]).ok, false);
  clock.advance(2000);
  assert.equal(buckets.take('k', [big, spec]).ok, true);
  assert.equal(DEV_PARITY_BUCKETS.query.capacity, 200);
});

test('dev-parity: 429 too-many-requests with Retry-After once the burst is spent, per client', async () => {
  const clock = new FakeClock(new Date('2024-01-01T00:00:00Z'));
  const limited = await startTestServer({ listen: false, clock, env: { BAZAAR_RATE_LIMIT: 'dev-parity' }, handle: server.handle });
  try {
    const m = await createTestMarketplace(limited.handle.db);
    const other = await createTestMarketplace(limited.handle.db);
    const headers = bearer(await integrationToken(limited, m));
    const show = (h: Record<string, string>) => limited.app.inject({ method: 'GET', url: '/v1/integration_api/marketplace/show', headers: h });
    for (let i = 0; i < DEV_PARITY_BUCKETS.query.capacity; i++) assert.equal((await show(headers)).statusCode, 200, `request ${i}`);
    const refused = await show(headers);
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.headers['retry-after'], '1');
    assert.equal(refused.json<{ errors: { code: string; status: number }[] }>().errors[0]?.code, 'too-many-requests');
    // Another application is counted separately.
    assert.equal((await show(bearer(await integrationToken(limited, other)))).statusCode, 200);
    clock.advance(1000);
    assert.equal((await show(headers)).statusCode, 200);
    assert.equal((await show(headers)).statusCode, 429);
  } finally {
    await limited.close();
  }
});
