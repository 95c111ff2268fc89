/**
 * The Auth API over HTTP: every grant of catalogue §2.2 and its error paths (OAuth2 dialect,
 * 401 for credential problems, 400 for malformed or not-allowed requests).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../src/lib/clock.ts';
import { revokeApplication } from '../../src/domain/marketplaces/index.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { buildProbe, field, jsonOf, postForm, principalIn, tokenRequest, type Probe } from './support.ts';

const clock = new FakeClock();
let server: TestServer;
let probe: Probe;
let mp: TestMarketplace;
let alice: TestUser;

before(async () => {
  server = await startTestServer({ clock });
  probe = await buildProbe({ config: server.config, db: server.handle.db, clock });
  mp = await createTestMarketplace(server.handle.db);
  alice = await createTestUser(server.handle.db, mp.marketplace.id);
});
after(async () => {
  await probe.app.close();
  await server.close();
});

const token = (form: Record<string, string>) => tokenRequest(server.baseUrl, form);
const anonymous = () => token({ grant_type: 'client_credentials', client_id: mp.marketplaceApp.clientId, scope: 'public-read' });
const login = (user: TestUser = alice, clientId = mp.marketplaceApp.clientId) =>
  token({ grant_type: 'password', client_id: clientId, username: user.email, password: user.password, scope: 'user' });

describe('client_credentials', () => {
  test('a Marketplace API app gets an anonymous public-read token without refresh token', async () => {
    const res = await anonymous();
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'bearer');
    assert.equal(res.body.scope, 'public-read');
    assert.equal(typeof res.body.expires_in, 'number');
    assert.equal(res.body.refresh_token, undefined);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const who = await probe.call('marketplace/whoami', { token: field(res, 'access_token') });
    assert.equal(who.status, 200);
    assert.deepEqual(principalIn(who.body), {
      kind: 'anonymous',
      marketplaceId: mp.marketplace.id,
      applicationId: mp.marketplaceApp.application.id,
      clientId: mp.marketplaceApp.clientId,
    });
  });

  test('an Integration API app gets an integ token with a refresh token, only with its secret', async () => {
    const ok = await token({
      grant_type: 'client_credentials',
      client_id: mp.integrationApp.clientId,
      client_secret: mp.integrationApp.clientSecret,
      scope: 'integ',
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.scope, 'integ');
    assert.equal(typeof ok.body.refresh_token, 'string');
    const who = await probe.call('integration/whoami', { token: field(ok, 'access_token') });
    assert.equal(who.status, 200);
    assert.equal(principalIn(who.body).kind, 'integration');

    const noSecret = await token({ grant_type: 'client_credentials', client_id: mp.integrationApp.clientId, scope: 'integ' });
    assert.equal(noSecret.status, 401);
    assert.equal(noSecret.body.error, 'invalid_client');
    const wrongSecret = await token({
      grant_type: 'client_credentials',
      client_id: mp.integrationApp.clientId,
      client_secret: `${mp.integrationApp.clientSecret}x`,
      scope: 'integ',
    });
    assert.equal(wrongSecret.status, 401);
    assert.equal(wrongSecret.body.error, 'invalid_client');
    assert.equal(typeof wrongSecret.body.error_description, 'string');
  });

  test('an app cannot get the other kind of app’s scope', async () => {
    const mpInteg = await token({
      grant_type: 'client_credentials',
      client_id: mp.marketplaceApp.clientId,
      client_secret: mp.marketplaceApp.clientSecret,
      scope: 'integ',
    });
    assert.equal(mpInteg.status, 400);
    assert.equal(mpInteg.body.error, 'invalid_scope');
    const integAnon = await token({
      grant_type: 'client_credentials',
      client_id: mp.integrationApp.clientId,
      client_secret: mp.integrationApp.clientSecret,
      scope: 'public-read',
    });
    assert.equal(integAnon.status, 400);
    assert.equal(integAnon.body.error, 'invalid_scope');
    const integUser = await token({
      grant_type: 'password',
      client_id: mp.integrationApp.clientId,
      username: alice.email,
      password: alice.password,
      scope: 'user',
    });
    assert.equal(integUser.status, 400);
    assert.equal(integUser.body.error, 'unauthorized_client');
  });

  test('an unknown client is invalid_client (401)', async () => {
    const res = await token({ grant_type: 'client_credentials', client_id: '00000000-0000-4000-8000-000000000000', scope: 'public-read' });
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_client');
  });
});

describe('password', () => {
  test('valid credentials give a user token with a refresh token; the email is case-insensitive', async () => {
    const res = await token({
      grant_type: 'password',
      client_id: mp.marketplaceApp.clientId,
      username: alice.email.toUpperCase(),
      password: alice.password,
      scope: 'user',
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.scope, 'user');
    assert.equal(typeof res.body.refresh_token, 'string');
    // Compact enough for the SDK's 4 KB token cookie.
    assert.ok(JSON.stringify(res.body).length < 1024);
    const who = await probe.call('marketplace/me', { token: field(res, 'access_token') });
    assert.equal(who.status, 200);
    assert.deepEqual(principalIn(who.body), {
      kind: 'user',
      marketplaceId: mp.marketplace.id,
      applicationId: mp.marketplaceApp.application.id,
      clientId: mp.marketplaceApp.clientId,
      userId: alice.user.id,
      trusted: false,
      loginAs: false,
    });
  });

  test('a wrong password or unknown email is invalid_grant (401)', async () => {
    const wrong = await login({ ...alice, password: `${alice.password}!` });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error, 'invalid_grant');
    const unknown = await login({ ...alice, email: 'nobody@example.com' });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.error, 'invalid_grant');
  });

  test('a user of marketplace A cannot log in through marketplace B’s app', async () => {
    const other = await createTestMarketplace(server.handle.db);
    const res = await login(alice, other.marketplaceApp.clientId);
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_grant');
  });

  test('another scope than user is invalid_scope', async () => {
    const res = await token({
      grant_type: 'password',
      client_id: mp.marketplaceApp.clientId,
      username: alice.email,
      password: alice.password,
      scope: 'trusted:user',
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_scope');
  });
});

describe('refresh_token', () => {
  test('a refresh token of marketplace A is refused with marketplace B’s app', async () => {
    const session = await login();
    const other = await createTestMarketplace(server.handle.db);
    const res = await token({ grant_type: 'refresh_token', client_id: other.marketplaceApp.clientId, refresh_token: field(session, 'refresh_token') });
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_grant');
    // Still usable with its own app.
    const own = await token({ grant_type: 'refresh_token', client_id: mp.marketplaceApp.clientId, refresh_token: field(session, 'refresh_token') });
    assert.equal(own.status, 200);
  });

  test('an unknown refresh token is invalid_grant (401)', async () => {
    const res = await token({ grant_type: 'refresh_token', client_id: mp.marketplaceApp.clientId, refresh_token: 'not-a-token' });
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_grant');
  });
});

describe('token_exchange', () => {
  const exchange = (subject: string, clientId = mp.marketplaceApp.clientId, secret = mp.marketplaceApp.clientSecret) =>
    token({ grant_type: 'token_exchange', client_id: clientId, client_secret: secret, subject_token: subject });

  test('a user token and the client secret give a trusted:user token whose refresh keeps trusted:user', async () => {
    const session = await login();
    const trusted = await exchange(field(session, 'access_token'));
    assert.equal(trusted.status, 200);
    assert.equal(trusted.body.scope, 'trusted:user');
    const who = await probe.call('marketplace/trusted', { token: field(trusted, 'access_token') });
    assert.equal(who.status, 200);
    assert.equal(principalIn(who.body).trusted, true);
    assert.equal(principalIn(who.body).userId, alice.user.id);
    const refreshed = await token({ grant_type: 'refresh_token', client_id: mp.marketplaceApp.clientId, refresh_token: field(trusted, 'refresh_token') });
    assert.equal(refreshed.status, 200);
    assert.equal(refreshed.body.scope, 'trusted:user');
    assert.equal(typeof refreshed.body.refresh_token, 'string');
    // A plain user token is not trusted.
    const plain = await probe.call('marketplace/trusted', { token: field(session, 'access_token') });
    assert.equal(plain.status, 403);
  });

  test('another app’s secret is invalid_client; another app’s subject token is invalid_grant', async () => {
    const session = await login();
    const other = await createTestMarketplace(server.handle.db);
    const mixed = await exchange(field(session, 'access_token'), mp.marketplaceApp.clientId, other.marketplaceApp.clientSecret);
    assert.equal(mixed.status, 401);
    assert.equal(mixed.body.error, 'invalid_client');
    const foreign = await exchange(field(session, 'access_token'), other.marketplaceApp.clientId, other.marketplaceApp.clientSecret);
    assert.equal(foreign.status, 401);
    assert.equal(foreign.body.error, 'invalid_grant');
  });

  test('an anonymous subject token is refused; an expired one is 401 so the SDK refreshes and retries', async () => {
    const anon = await exchange(field(await anonymous(), 'access_token'));
    assert.equal(anon.status, 401);
    assert.equal(anon.body.error, 'invalid_grant');
    const session = await login();
    clock.advance((server.config.accessTokenTtlSeconds + 1) * 1000);
    const expired = await exchange(field(session, 'access_token'));
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error, 'invalid_grant');
  });
});

describe('revoke', () => {
  test('logout revokes the refresh token’s family: its refresh and access tokens stop working', async () => {
    const session = await login();
    const access = field(session, 'access_token');
    const res = await postForm(server.baseUrl, 'revoke', { token: field(session, 'refresh_token') }, { authorization: `Bearer ${access}` });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { action: 'revoked' });
    const refresh = await token({ grant_type: 'refresh_token', client_id: mp.marketplaceApp.clientId, refresh_token: field(session, 'refresh_token') });
    assert.equal(refresh.status, 401);
    const who = await probe.call('marketplace/whoami', { token: access });
    assert.equal(who.status, 401);
    assert.equal(who.code, 'auth-invalid-access-token');
    const row = await server.handle.db
      .selectFrom('token_families')
      .innerJoin('refresh_tokens', 'refresh_tokens.family_id', 'token_families.id')
      .select(['token_families.revoked_at', 'token_families.revoked_reason'])
      .where('token_families.user_id', '=', alice.user.id)
      .where('token_families.revoked_reason', '=', 'revoked')
      .executeTakeFirst();
    assert.ok(row?.revoked_at);
  });

  test('an invalid or missing access token is 401; a missing token parameter is 400', async () => {
    const session = await login();
    const bad = await postForm(server.baseUrl, 'revoke', { token: field(session, 'refresh_token') }, { authorization: 'Bearer nope' });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error, 'invalid_token');
    const none = await postForm(server.baseUrl, 'revoke', { token: field(session, 'refresh_token') });
    assert.equal(none.status, 401);
    const noParam = await postForm(server.baseUrl, 'revoke', {}, { authorization: `Bearer ${field(session, 'access_token')}` });
    assert.equal(noParam.status, 400);
    assert.equal(noParam.body.error, 'invalid_request');
  });
});

describe('revoked application', () => {
  test('a revoked app gets no tokens and its issued tokens stop working', async () => {
    const local = await createTestMarketplace(server.handle.db);
    const user = await createTestUser(server.handle.db, local.marketplace.id);
    const session = await login(user, local.marketplaceApp.clientId);
    assert.equal(session.status, 200);
    const anon = await token({ grant_type: 'client_credentials', client_id: local.marketplaceApp.clientId, scope: 'public-read' });
    await revokeApplication(server.handle.db, local.marketplaceApp.clientId, clock.now());
    for (const t of [field(session, 'access_token'), field(anon, 'access_token')]) {
      const who = await probe.call('marketplace/whoami', { token: t });
      assert.equal(who.status, 401);
      assert.equal(who.code, 'auth-invalid-access-token');
    }
    const again = await token({ grant_type: 'client_credentials', client_id: local.marketplaceApp.clientId, scope: 'public-read' });
    assert.equal(again.status, 401);
    assert.equal(again.body.error, 'invalid_client');
    const refresh = await token({ grant_type: 'refresh_token', client_id: local.marketplaceApp.clientId, refresh_token: field(session, 'refresh_token') });
    assert.equal(refresh.status, 401);
  });
});

describe('malformed requests', () => {
  test('missing or unknown grant types, missing and repeated parameters are 400', async () => {
    const none = await token({ client_id: mp.marketplaceApp.clientId });
    assert.equal(none.status, 400);
    assert.equal(none.body.error, 'invalid_request');
    const unknown = await token({ grant_type: 'implicit', client_id: mp.marketplaceApp.clientId });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error, 'unsupported_grant_type');
    const noUser = await token({ grant_type: 'password', client_id: mp.marketplaceApp.clientId, password: 'x' });
    assert.equal(noUser.status, 400);
    assert.equal(noUser.body.error, 'invalid_request');
    const repeated = await fetch(`${server.baseUrl}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${mp.marketplaceApp.clientId}&scope=public-read&scope=integ`,
    });
    assert.equal(repeated.status, 400);
    assert.equal((await jsonOf(repeated)).error, 'invalid_request');
    const text = await fetch(`${server.baseUrl}/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    assert.equal(text.status, 400);
    assert.equal((await jsonOf(text)).error, 'invalid_request');
  });

  test('JSON bodies work too', async () => {
    const res = await fetch(`${server.baseUrl}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: mp.marketplaceApp.clientId, scope: 'public-read' }),
    });
    assert.equal(res.status, 200);
    assert.equal((await jsonOf(res)).scope, 'public-read');
  });

  test('browsers get CORS headers and preflights', async () => {
    const preflight = await fetch(`${server.baseUrl}/v1/auth/token`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.ok(preflight.status === 204 || preflight.status === 200);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    const res = await fetch(`${server.baseUrl}/v1/auth/token`, {
      method: 'POST',
      headers: { origin: 'https://shop.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: mp.marketplaceApp.clientId, scope: 'public-read' }),
    });
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
  });
});
