/** Identity providers over the Admin API and the `bazaar idp add|list|remove` CLI. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAdminKey } from '../../src/domain/admin/index.ts';
import { main } from '../../src/cli/index.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace } from '../support/factories.ts';

let server: TestServer;
let adminKey: string;

before(async () => {
  server = await startTestServer();
  adminKey = (await server.handle.db.transaction().execute((trx) => createAdminKey(trx, { name: 'idp-test' }))).key;
});
after(async () => server.close());

interface Reply {
  status: number;
  body: { data?: unknown; errors?: { code: string; source?: { path: unknown[] } }[] };
}

async function admin(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply> {
  const res = await fetch(`${server.baseUrl}/v1/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Reply['body'] };
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) }, env: { BAZAAR_URL: server.baseUrl, BAZAAR_ADMIN_KEY: adminKey } });
  return { code, out, err };
}

const codeOf = (r: Reply): string | undefined => r.body.errors?.[0]?.code;

describe('Admin API', () => {
  test('add, list, remove; secrets never shown; errors', async () => {
    const slug = (await createTestMarketplace(server.handle.db)).marketplace.slug;
    const acme = await admin('POST', '/idps', {
      marketplace: slug,
      idpId: 'acme',
      type: 'oidc',
      issuer: 'https://login.acme.example',
      jwksUrl: 'https://login.acme.example/jwks.json',
      clientIds: ['web', 'ios'],
    });
    assert.equal(acme.status, 201, JSON.stringify(acme.body));
    assert.deepEqual({ ...(acme.body.data as object), createdAt: undefined }, {
      marketplace: slug,
      idpId: 'acme',
      type: 'oidc',
      issuer: 'https://login.acme.example',
      jwksUrl: 'https://login.acme.example/jwks.json',
      clientIds: ['web', 'ios'],
      createdAt: undefined,
    });
    const fb = await admin('POST', '/idps', { marketplace: slug, idpId: 'facebook', type: 'facebook', clientIds: ['12345'], appSecret: 'fb-app-secret' });
    assert.equal(fb.status, 201);
    const google = await admin('POST', '/idps', { marketplace: slug, idpId: 'google', type: 'google', clientIds: ['g.apps.googleusercontent.com'] });
    assert.equal(google.status, 201);

    const list = await admin('GET', `/idps?marketplace=${slug}`);
    assert.equal(list.status, 200);
    assert.ok(Array.isArray(list.body.data));
    assert.deepEqual(list.body.data.map((p: { idpId: string }) => p.idpId), ['acme', 'facebook', 'google']);
    assert.ok(!JSON.stringify(list.body).includes('fb-app-secret'));

    assert.equal(codeOf(await admin('POST', '/idps', { marketplace: slug, idpId: 'acme', type: 'oidc', issuer: 'https://x.example', jwksUrl: 'https://x.example/j', clientIds: ['w'] })), 'idp-already-exists');
    const missingIssuer = await admin('POST', '/idps', { marketplace: slug, idpId: 'other', type: 'oidc', clientIds: ['w'] });
    assert.equal(missingIssuer.status, 400);
    assert.equal(codeOf(missingIssuer), 'validation-missing-key');
    assert.equal((await admin('POST', '/idps', { marketplace: slug, idpId: 'other', type: 'saml', clientIds: ['w'] })).status, 400);
    assert.equal((await admin('POST', '/idps', { marketplace: slug, idpId: 'other', type: 'google', clientIds: [] })).status, 400);
    assert.equal((await admin('POST', '/idps', { marketplace: 'no-such-mp', idpId: 'google', type: 'google', clientIds: ['g'] })).status, 404);
    assert.equal((await admin('GET', '/idps?marketplace=no-such-mp')).status, 404);

    const removed = await admin('POST', '/idps/remove', { marketplace: slug, idpId: 'acme' });
    assert.equal(removed.status, 200);
    assert.deepEqual(removed.body.data, { marketplace: slug, idpId: 'acme', removed: true });
    const again = await admin('POST', '/idps/remove', { marketplace: slug, idpId: 'acme' });
    assert.equal(again.status, 400);
    assert.equal(codeOf(again), 'idp-not-found');
  });
});

describe('bazaar idp', () => {
  test('add (repeated --client-id), list, remove', async () => {
    const slug = (await createTestMarketplace(server.handle.db)).marketplace.slug;
    const add = await cli([
      'idp', 'add', '--marketplace', slug, '--idp-id', 'acme-sso', '--type', 'oidc',
      '--issuer', 'https://sso.acme.example', '--jwks-url', 'https://sso.acme.example/keys',
      '--client-id', 'web', '--client-id', 'mobile',
    ]);
    assert.equal(add.code, 0, add.err);
    assert.match(add.out, /Added identity provider "acme-sso" \(oidc\).*web, mobile/);
    const fb = await cli(['idp', 'add', '--marketplace', slug, '--idp-id', 'facebook', '--type', 'facebook', '--client-id', '999', '--app-secret', 'cli-secret', '--json']);
    assert.equal(fb.code, 0, fb.err);
    assert.equal(JSON.parse(fb.out).type, 'facebook');
    assert.ok(!fb.out.includes('cli-secret'));

    const list = await cli(['idp', 'list', '--marketplace', slug]);
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, /acme-sso\s+oidc\s+web,mobile\s+https:\/\/sso\.acme\.example/);
    assert.match(list.out, /facebook\s+facebook\s+999/);
    const json = await cli(['idp', 'list', '--marketplace', slug, '--json']);
    assert.deepEqual(JSON.parse(json.out).map((p: { idpId: string }) => p.idpId), ['acme-sso', 'facebook']);

    const dup = await cli(['idp', 'add', '--marketplace', slug, '--idp-id', 'facebook', '--type', 'facebook', '--client-id', '999', '--app-secret', 's']);
    assert.equal(dup.code, 1);
    assert.match(dup.err, /idp-already-exists/);
    const badType = await cli(['idp', 'add', '--marketplace', slug, '--idp-id', 'x', '--type', 'saml', '--client-id', 'a']);
    assert.equal(badType.code, 2);
    const noClient = await cli(['idp', 'add', '--marketplace', slug, '--idp-id', 'google', '--type', 'google']);
    assert.equal(noClient.code, 2);
    assert.match(noClient.err, /--client-id/);

    const rm = await cli(['idp', 'remove', '--marketplace', slug, '--idp-id', 'acme-sso']);
    assert.equal(rm.code, 0, rm.err);
    assert.match(rm.out, /Removed identity provider "acme-sso"/);
    const rmAgain = await cli(['idp', 'remove', '--marketplace', slug, '--idp-id', 'acme-sso']);
    assert.equal(rmAgain.code, 1);
    assert.match(rmAgain.err, /idp-not-found/);
    const after = await cli(['idp', 'list', '--marketplace', slug]);
    assert.doesNotMatch(after.out, /acme-sso/);
    const help = await cli(['idp', 'add', '--help']);
    assert.match(help.out, /--client-id ID/);
  });
});
