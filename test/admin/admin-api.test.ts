import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createAdminKey } from '../../src/domain/admin/index.ts';
import { createUser } from '../../src/domain/users/index.ts';
import { authenticateClient } from '../../src/domain/marketplaces/index.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace } from '../support/factories.ts';

let server: TestServer;
let adminKey: string;

before(async () => {
  server = await startTestServer();
  adminKey = (await server.handle.db.transaction().execute((trx) => createAdminKey(trx, { name: 'test' }))).key;
});
after(async () => server.close());

interface Reply {
  status: number;
  body: unknown;
  headers: Headers;
}

async function call(method: string, path: string, body?: unknown, key: string | null = adminKey): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.baseUrl}/v1/admin${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text), headers: res.headers };
}

/** The `data` of a success body, typed loosely for assertions. */
const data = (r: Reply): Record<string, unknown> & Record<number, Record<string, unknown>> => {
  assert.ok(typeof r.body === 'object' && r.body !== null && 'data' in r.body, `no data in ${JSON.stringify(r.body)}`);
  return r.body.data as Record<string, unknown> & Record<number, Record<string, unknown>>;
};

const firstError = (r: Reply): { status: number; code: string; title: string; source?: { path: unknown[] } } => {
  const body = r.body as { errors: { status: number; code: string; title: string; source?: { path: unknown[] } }[] };
  const e = body.errors[0];
  assert.ok(e, `no errors in ${JSON.stringify(r.body)}`);
  return e;
};

const slug = () => `a-${randomUUID().slice(0, 8)}`;

describe('admin key', () => {
  test('a missing key is 401 with a Bearer challenge', async () => {
    const r = await call('GET', '/marketplaces', undefined, null);
    assert.equal(r.status, 401);
    assert.equal(firstError(r).code, 'auth-missing-access-token');
    assert.match(r.headers.get('www-authenticate') ?? '', /^Bearer/);
  });

  test('a wrong key is 401', async () => {
    const r = await call('GET', '/marketplaces', undefined, `bzk_${randomBytes(16).toString('hex')}`);
    assert.equal(r.status, 401);
    assert.equal(firstError(r).code, 'auth-invalid-access-token');
  });

  test('a non-Bearer Authorization header is 401', async () => {
    const res = await fetch(`${server.baseUrl}/v1/admin/marketplaces`, { headers: { authorization: `Basic ${adminKey}` } });
    assert.equal(res.status, 401);
  });

  test('keys are stored as their SHA-256 only', async () => {
    const rows = await server.handle.db.selectFrom('admin_keys').select('key_hash').execute();
    const hash = createHash('sha256').update(adminKey).digest('hex');
    assert.ok(rows.some((r) => r.key_hash === hash));
    assert.ok(rows.every((r) => !r.key_hash.includes(adminKey)));
  });

  test('the Admin API answers no CORS preflight', async () => {
    const res = await fetch(`${server.baseUrl}/v1/admin/apps`, {
      method: 'OPTIONS',
      headers: { origin: 'http://example.com', 'access-control-request-method': 'POST' },
    });
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  test('unknown admin paths are 404 in the same JSON dialect', async () => {
    const r = await call('GET', '/nothing-here');
    assert.equal(r.status, 404);
    assert.equal(firstError(r).code, 'not-found');
  });
});

describe('marketplaces', () => {
  test('create then list', async () => {
    const s = slug();
    const created = await call('POST', '/marketplaces', { slug: s, name: 'Shop' });
    assert.equal(created.status, 201);
    assert.equal(data(created).slug, s);
    assert.equal(data(created).name, 'Shop');
    const list = await call('GET', '/marketplaces');
    assert.equal(list.status, 200);
    const items = (list.body as { data: { slug: string }[] }).data;
    assert.ok(items.some((m) => m.slug === s));
  });

  test('a taken slug is 409', async () => {
    const s = slug();
    await call('POST', '/marketplaces', { slug: s, name: 'One' });
    const r = await call('POST', '/marketplaces', { slug: s, name: 'Two' });
    assert.equal(r.status, 409);
    assert.equal(firstError(r).code, 'marketplace-slug-taken');
  });

  test('validation errors are 400 with a clear title', async () => {
    const bad = await call('POST', '/marketplaces', { slug: 'Bad Slug', name: 'x' });
    assert.equal(bad.status, 400);
    assert.equal(firstError(bad).code, 'validation-invalid-value');

    const missing = await call('POST', '/marketplaces', { slug: slug() });
    assert.equal(missing.status, 400);
    assert.equal(firstError(missing).code, 'validation-missing-key');
    assert.match(firstError(missing).title, /name/);

    const extra = await call('POST', '/marketplaces', { slug: slug(), name: 'x', colour: 'red' });
    assert.equal(extra.status, 400);
    assert.equal(firstError(extra).code, 'validation-disallowed-key');
    assert.match(firstError(extra).title, /colour/);

    const notJson = await fetch(`${server.baseUrl}/v1/admin/marketplaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    assert.equal(notJson.status, 400);
  });
});

describe('apps', () => {
  test('create returns the secret once; the app authenticates with it', async () => {
    const { marketplace } = await createTestMarketplace(server.handle.db);
    const r = await call('POST', '/apps', { marketplace: marketplace.slug, kind: 'integration', name: 'ops' });
    assert.equal(r.status, 201);
    const app = data(r);
    assert.equal(typeof app.clientId, 'string');
    assert.equal(typeof app.clientSecret, 'string');
    assert.equal(app.kind, 'integration');
    assert.equal(app.marketplace, marketplace.slug);
    assert.equal(app.revokedAt, null);
    const found = await authenticateClient(server.handle.db, String(app.clientId), String(app.clientSecret));
    assert.equal(found?.clientId, app.clientId);

    const list = await call('GET', `/apps?marketplace=${marketplace.slug}`);
    assert.equal(list.status, 200);
    const items = (list.body as { data: Record<string, unknown>[] }).data;
    assert.equal(items.length, 3); // the factory's two apps and this one
    assert.ok(items.every((a) => a.marketplace === marketplace.slug && !('clientSecret' in a)));
  });

  test('list without a filter spans marketplaces; an unknown marketplace is 404', async () => {
    const a = await createTestMarketplace(server.handle.db);
    const b = await createTestMarketplace(server.handle.db);
    const all = (await call('GET', '/apps')).body as { data: { marketplace: string }[] };
    assert.ok(all.data.some((x) => x.marketplace === a.marketplace.slug));
    assert.ok(all.data.some((x) => x.marketplace === b.marketplace.slug));
    const missing = await call('GET', '/apps?marketplace=no-such-marketplace');
    assert.equal(missing.status, 404);
  });

  test('create validates kind, marketplace and keys', async () => {
    const { marketplace } = await createTestMarketplace(server.handle.db);
    const kind = await call('POST', '/apps', { marketplace: marketplace.slug, kind: 'admin', name: 'x' });
    assert.equal(kind.status, 400);
    assert.equal(firstError(kind).code, 'validation-invalid-value');
    assert.match(firstError(kind).title, /kind.*"marketplace", "integration"/);
    const unknown = await call('POST', '/apps', { marketplace: 'no-such-marketplace', kind: 'marketplace', name: 'x' });
    assert.equal(unknown.status, 404);
    const noName = await call('POST', '/apps', { marketplace: marketplace.slug, kind: 'marketplace' });
    assert.equal(firstError(noName).code, 'validation-missing-key');
  });

  test('revoke: the client id stops working; revoking again is 404', async () => {
    const t = await createTestMarketplace(server.handle.db);
    const clientId = t.integrationApp.clientId;
    const r = await call('POST', '/apps/revoke', { clientId });
    assert.equal(r.status, 200);
    assert.equal(data(r).clientId, clientId);
    assert.equal(typeof data(r).revokedAt, 'string');
    assert.equal(await authenticateClient(server.handle.db, clientId, t.integrationApp.clientSecret), undefined);
    const again = await call('POST', '/apps/revoke', { clientId });
    assert.equal(again.status, 404);
    const missing = await call('POST', '/apps/revoke', {});
    assert.equal(firstError(missing).code, 'validation-missing-key');
  });
});

describe('login-as', () => {
  const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');

  test('issues a code for a user of the marketplace', async () => {
    const t = await createTestMarketplace(server.handle.db);
    const email = `u-${randomUUID().slice(0, 8)}@example.com`;
    await server.handle.db.transaction().execute((trx) =>
      createUser(trx, { marketplaceId: t.marketplace.id, email, password: 'secret-password', firstName: 'A', lastName: 'B' }),
    );
    const r = await call('POST', '/login-as', {
      marketplace: t.marketplace.slug,
      userEmail: email,
      clientId: t.marketplaceApp.clientId,
      redirectUri: 'http://localhost:3000/api/login-as',
      codeChallenge: challenge,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(typeof data(r).code, 'string');
    assert.ok(Date.parse(String(data(r).expiresAt)) > Date.now());
  });

  test('unknown user or marketplace, and a malformed challenge, are refused', async () => {
    const t = await createTestMarketplace(server.handle.db);
    const body = {
      marketplace: t.marketplace.slug,
      userEmail: 'nobody@example.com',
      clientId: t.marketplaceApp.clientId,
      redirectUri: 'http://localhost:3000/api/login-as',
      codeChallenge: challenge,
    };
    assert.equal((await call('POST', '/login-as', body)).status, 404);
    assert.equal((await call('POST', '/login-as', { ...body, marketplace: 'no-such-marketplace' })).status, 404);
    const badChallenge = await call('POST', '/login-as', { ...body, codeChallenge: 'short' });
    assert.equal(badChallenge.status, 400);
    assert.deepEqual(firstError(badChallenge).source?.path, ['codeChallenge']);
  });
});

describe('assets', () => {
  test('push publishes a version; bad paths are 400', async () => {
    const t = await createTestMarketplace(server.handle.db);
    const r = await call('POST', '/assets', {
      marketplace: t.marketplace.slug,
      files: { '/content/translations.json': { hello: 'Hei' }, '/general/access-control.json': { marketplace: { private: false } } },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(typeof data(r).version, 'string');
    assert.equal(data(r).fileCount, 2);
    const bad = await call('POST', '/assets', { marketplace: t.marketplace.slug, files: { '/../x.json': {} } });
    assert.equal(bad.status, 400);
    const empty = await call('POST', '/assets', { marketplace: t.marketplace.slug, files: {} });
    assert.equal(empty.status, 400);
  });
});
