/**
 * Contract: the real SDKs' authentication behaviour against a listening Bazaar — anonymous token
 * on first call, login / authInfo / logout, silent refresh after expiry, token exchange, login-as,
 * and the Integration SDK's client-credentials token with refresh.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { group, integrationSdk, integrationSdkModule, marketplaceSdk, sharetribeSdk, type SdkResource } from '../support/sdk.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { issueLoginAsCode } from '../../src/domain/identity/index.ts';

let server: TestServer;
let clock: FakeClock;
let m: TestMarketplace;
let alice: TestUser;

interface StoredToken {
  access_token: string;
  refresh_token?: string;
  scope: string;
}
const isStoredToken = (t: unknown): t is StoredToken =>
  typeof t === 'object' && t !== null && 'access_token' in t && typeof t.access_token === 'string';

before(async () => {
  clock = new FakeClock(new Date('2026-06-01T12:00:00Z'));
  server = await startTestServer({ clock, env: { BAZAAR_ACCESS_TOKEN_TTL: '120' } });
  m = await createTestMarketplace(server.handle.db, 'Auth contract');
  alice = await createTestUser(server.handle.db, m.marketplace.id);
});
after(async () => server.close());

const marketplaceName = async (sdk: ReturnType<typeof marketplaceSdk>) => {
  const res = await group(sdk, 'marketplace').show!();
  const data = res.data.data;
  assert.ok(!Array.isArray(data));
  assert.ok(data.id instanceof sharetribeSdk.types.UUID);
  return (data as SdkResource).attributes.name;
};

test('the first call fetches an anonymous token; login, authInfo and logout behave as the SDK expects', async () => {
  const store = sharetribeSdk.tokenStore.memoryStore();
  const sdk = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId, { tokenStore: store });
  assert.deepEqual(await sdk.authInfo(), {});
  assert.equal(await marketplaceName(sdk), 'Auth contract');
  const anon = await sdk.authInfo();
  assert.equal(anon.isAnonymous, true);
  assert.deepEqual(anon.scopes, ['public-read']);

  await sdk.login({ username: alice.email, password: alice.password });
  const info = await sdk.authInfo();
  assert.equal(info.isAnonymous, false);
  assert.deepEqual(info.scopes, ['user']);
  assert.equal(await marketplaceName(sdk), 'Auth contract');
  const loggedIn = store.getToken();
  assert.ok(isStoredToken(loggedIn) && loggedIn.refresh_token);

  await sdk.logout();
  assert.deepEqual(await sdk.authInfo(), {});
  // The login's refresh token is dead server-side.
  const family = await server.handle.db
    .selectFrom('token_families')
    .select(['revoked_at'])
    .where('user_id', '=', alice.user.id)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  assert.ok(family.revoked_at);
});

test('a wrong password rejects with a 401 and keeps the anonymous session', async () => {
  const sdk = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId);
  await assert.rejects(sdk.login({ username: alice.email, password: 'wrong-password' }), (e: { status?: number }) => e.status === 401);
});

test('after the access token expires the SDK refreshes without the caller noticing, and the refresh token rotates', async () => {
  const store = sharetribeSdk.tokenStore.memoryStore();
  const sdk = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId, { tokenStore: store });
  await sdk.login({ username: alice.email, password: alice.password });
  const before = store.getToken();
  assert.ok(isStoredToken(before));
  clock.advance(121_000);
  assert.equal(await marketplaceName(sdk), 'Auth contract');
  const afterRefresh = store.getToken();
  assert.ok(isStoredToken(afterRefresh));
  assert.notEqual(afterRefresh.access_token, before.access_token);
  assert.notEqual(afterRefresh.refresh_token, before.refresh_token);
  assert.equal((await sdk.authInfo()).isAnonymous, false);
});

test('exchangeToken returns a trusted:user token that works as that user', async () => {
  const sdk = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId, { clientSecret: m.marketplaceApp.clientSecret });
  await sdk.login({ username: alice.email, password: alice.password });
  const res = await sdk.exchangeToken();
  assert.equal(res.data.scope, 'trusted:user');
  // As the web template does: a fresh SDK instance whose memory store holds the trusted token.
  const trustedStore = sharetribeSdk.tokenStore.memoryStore();
  trustedStore.setToken(res.data);
  const trusted = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId, { tokenStore: trustedStore });
  assert.deepEqual((await trusted.authInfo()).scopes, ['trusted:user']);
  assert.equal(await marketplaceName(trusted), 'Auth contract');
});

test('exchangeToken after the user token expired refreshes it first and still succeeds', async () => {
  const sdk = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId, { clientSecret: m.marketplaceApp.clientSecret });
  await sdk.login({ username: alice.email, password: alice.password });
  clock.advance(121_000);
  const res = await sdk.exchangeToken();
  assert.equal(res.data.scope, 'trusted:user');
});

test('loginAs with a PKCE code logs the operator in as the user', async () => {
  const verifier = randomBytes(32).toString('base64url');
  const redirectUri = 'http://127.0.0.1:3000/api/login-as';
  const { code } = await server.handle.db.transaction().execute((trx) =>
    issueLoginAsCode(
      trx,
      {
        marketplaceId: m.marketplace.id,
        userEmail: alice.email,
        clientId: m.marketplaceApp.clientId,
        redirectUri,
        codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
      },
      clock,
    ),
  );
  const sdk = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId);
  await sdk.loginAs({ code, redirect_uri: redirectUri, code_verifier: verifier });
  const info = await sdk.authInfo();
  assert.equal(info.isLoggedInAs, true);
  assert.equal(info.isAnonymous, false);
  assert.equal(await marketplaceName(sdk), 'Auth contract');
});

test('the Integration SDK authenticates with its secret and refreshes after expiry', async () => {
  const store = integrationSdkModule.tokenStore.memoryStore();
  const sdk = integrationSdk(server.baseUrl, m.integrationApp.clientId, m.integrationApp.clientSecret, store);
  const res = await group(sdk, 'marketplace').show!();
  assert.equal(res.status, 200);
  const first = store.getToken();
  assert.ok(isStoredToken(first) && first.scope === 'integ' && first.refresh_token);
  assert.equal((await sdk.authInfo()).grantType, 'refresh_token');
  clock.advance(121_000);
  assert.equal((await group(sdk, 'events').query!({})).status, 200);
  const second = store.getToken();
  assert.ok(isStoredToken(second) && second.refresh_token !== first.refresh_token);
});

test('an Integration SDK with a wrong secret fails with 401', async () => {
  const sdk = integrationSdk(server.baseUrl, m.integrationApp.clientId, 'wrong-secret');
  await assert.rejects(group(sdk, 'marketplace').show!(), (e: { status?: number }) => e.status === 401);
});
