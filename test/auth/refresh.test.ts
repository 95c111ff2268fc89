/**
 * Refresh-token rotation, reuse detection and lifetimes, moved through a FakeClock; plus the
 * principal hook's answers for missing, garbled, expired and wrong-surface tokens.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { FakeClock } from '../../src/lib/clock.ts';
import { sha256 } from '../../src/lib/secrets.ts';
import { REFRESH_REUSE_GRACE_SECONDS } from '../../src/domain/identity/index.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { buildProbe, field, principalIn, tokenRequest, type Probe } from './support.ts';

const ACCESS_TTL = 60;
const REFRESH_TTL = 3600;
const clock = new FakeClock();
let server: TestServer;
let probe: Probe;
let mp: TestMarketplace;
let alice: TestUser;

before(async () => {
  server = await startTestServer({
    clock,
    env: { BAZAAR_ACCESS_TOKEN_TTL: String(ACCESS_TTL), BAZAAR_REFRESH_TOKEN_TTL: String(REFRESH_TTL) },
  });
  probe = await buildProbe({ config: server.config, db: server.handle.db, clock });
  mp = await createTestMarketplace(server.handle.db);
  alice = await createTestUser(server.handle.db, mp.marketplace.id);
});
after(async () => {
  await probe.app.close();
  await server.close();
});

const token = (form: Record<string, string>) => tokenRequest(server.baseUrl, form);
const login = () =>
  token({ grant_type: 'password', client_id: mp.marketplaceApp.clientId, username: alice.email, password: alice.password, scope: 'user' });
const refresh = (refreshToken: string, clientId = mp.marketplaceApp.clientId) =>
  token({ grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken });
const familyOf = (refreshToken: string) =>
  server.handle.db
    .selectFrom('refresh_tokens')
    .innerJoin('token_families', 'token_families.id', 'refresh_tokens.family_id')
    .select(['token_families.id', 'token_families.revoked_reason', 'refresh_tokens.used_at'])
    .where('refresh_tokens.token_hash', '=', sha256(refreshToken))
    .executeTakeFirstOrThrow();

describe('rotation', () => {
  test('a refresh rotates the refresh token within the family and keeps the scope', async () => {
    const session = await login();
    const first = field(session, 'refresh_token');
    const next = await refresh(first);
    assert.equal(next.status, 200);
    assert.equal(next.body.scope, 'user');
    assert.equal(next.body.token_type, 'bearer');
    assert.notEqual(field(next, 'refresh_token'), first);
    assert.equal((await familyOf(first)).id, (await familyOf(field(next, 'refresh_token'))).id);
    assert.ok((await familyOf(first)).used_at);
    // The stored value is a hash, never the token.
    const raw = await server.handle.db.selectFrom('refresh_tokens').select('token_hash').where('token_hash', '=', first).executeTakeFirst();
    assert.equal(raw, undefined);
  });

  test('reusing a used refresh token after the grace window revokes the whole family', async () => {
    const session = await login();
    const first = field(session, 'refresh_token');
    const next = await refresh(first);
    assert.equal(next.status, 200);
    clock.advance((REFRESH_REUSE_GRACE_SECONDS + 1) * 1000);
    const replay = await refresh(first);
    assert.equal(replay.status, 401);
    assert.equal(replay.body.error, 'invalid_grant');
    assert.equal((await familyOf(first)).revoked_reason, 'refresh-token-reuse');
    // The legitimate successor is dead too: its access token and its refresh token.
    const who = await probe.call('marketplace/whoami', { token: field(next, 'access_token') });
    assert.equal(who.status, 401);
    assert.equal(who.code, 'auth-invalid-access-token');
    assert.equal((await refresh(field(next, 'refresh_token'))).status, 401);
  });

  test('concurrent refreshes with one token (parallel 401s in the SDK) both succeed within the grace window', async () => {
    const session = await login();
    const first = field(session, 'refresh_token');
    const [a, b] = await Promise.all([refresh(first), refresh(first)]);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    assert.notEqual(field(a, 'refresh_token'), field(b, 'refresh_token'));
    assert.equal((await familyOf(first)).revoked_reason, null);
  });

  test('an expired refresh token is invalid_grant', async () => {
    const session = await login();
    clock.advance((REFRESH_TTL + 1) * 1000);
    const res = await refresh(field(session, 'refresh_token'));
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_grant');
  });

  test('integration tokens refresh without the client secret and keep scope integ', async () => {
    const integ = await token({
      grant_type: 'client_credentials',
      client_id: mp.integrationApp.clientId,
      client_secret: mp.integrationApp.clientSecret,
      scope: 'integ',
    });
    const next = await refresh(field(integ, 'refresh_token'), mp.integrationApp.clientId);
    assert.equal(next.status, 200);
    assert.equal(next.body.scope, 'integ');
    assert.equal(typeof next.body.refresh_token, 'string');
    const who = await probe.call('integration/whoami', { token: field(next, 'access_token') });
    assert.equal(who.status, 200);
  });
});

describe('the principal hook', () => {
  test('an access token expires with the clock; refreshing gives a working one', async () => {
    const session = await login();
    assert.equal((await probe.call('marketplace/whoami', { token: field(session, 'access_token') })).status, 200);
    clock.advance((ACCESS_TTL + 1) * 1000);
    const expired = await probe.call('marketplace/whoami', { token: field(session, 'access_token') });
    assert.equal(expired.status, 401);
    assert.equal(expired.code, 'auth-invalid-access-token');
    const next = await refresh(field(session, 'refresh_token'));
    const who = await probe.call('marketplace/whoami', { token: field(next, 'access_token') });
    assert.equal(who.status, 200);
    assert.equal(principalIn(who.body).userId, alice.user.id);
  });

  test('a missing or garbled Authorization header is 401 auth-missing-access-token', async () => {
    for (const auth of [null, { header: 'Basic abc' }, { header: 'Bearer' }, { header: 'Bearer a b' }]) {
      const res = await probe.call('marketplace/whoami', auth);
      assert.equal(res.status, 401, JSON.stringify(auth));
      assert.equal(res.code, 'auth-missing-access-token');
    }
  });

  test('a token signed with another key or carrying junk is 401 auth-invalid-access-token', async () => {
    const forged = await new SignJWT({ mp: mp.marketplace.id, app: mp.marketplaceApp.application.id, cid: mp.marketplaceApp.clientId, scope: 'public-read' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(Math.floor(clock.now().getTime() / 1000) + 60)
      .sign(new Uint8Array(32));
    for (const t of [forged, 'abc.def.ghi', 'x']) {
      const res = await probe.call('marketplace/whoami', { token: t });
      assert.equal(res.status, 401);
      assert.equal(res.code, 'auth-invalid-access-token');
    }
  });

  test('a token for the other API is 403; an anonymous token on a user route is 403', async () => {
    const anon = await token({ grant_type: 'client_credentials', client_id: mp.marketplaceApp.clientId, scope: 'public-read' });
    const user = await login();
    const integ = await token({
      grant_type: 'client_credentials',
      client_id: mp.integrationApp.clientId,
      client_secret: mp.integrationApp.clientSecret,
      scope: 'integ',
    });
    for (const t of [anon, user]) {
      const res = await probe.call('integration/whoami', { token: field(t, 'access_token') });
      assert.equal(res.status, 403);
      assert.equal(res.code, 'forbidden');
    }
    const onMarketplace = await probe.call('marketplace/whoami', { token: field(integ, 'access_token') });
    assert.equal(onMarketplace.status, 403);
    assert.equal(onMarketplace.code, 'forbidden');
    const anonOnUserRoute = await probe.call('marketplace/me', { token: field(anon, 'access_token') });
    assert.equal(anonOnUserRoute.status, 403);
    assert.equal(anonOnUserRoute.code, 'forbidden');
  });
});
