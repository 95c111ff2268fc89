/**
 * The Authentication API over HTTP: every grant the SDKs use and every error path, with the
 * principal hook checked through `marketplace/show` and `events/query`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { issueLoginAsCode } from '../../src/domain/identity/index.ts';
import { revokeApplication } from '../../src/domain/marketplaces/index.ts';

interface TokenBody {
  access_token?: string;
  refresh_token?: string;
  token_type?: string;
  scope?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

let server: TestServer;
let clock: FakeClock;
let m: TestMarketplace;
let other: TestMarketplace;
let alice: TestUser;

async function token(form: Record<string, string>): Promise<{ status: number; body: TokenBody }> {
  const res = await fetch(`${server.baseUrl}/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  });
  const body = (await res.json()) as TokenBody;
  return { status: res.status, body };
}

async function get(path: string, accessToken: string): Promise<{ status: number; code: string | undefined }> {
  const res = await fetch(`${server.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
  });
  const body = (await res.json()) as { errors?: { code: string }[] };
  return { status: res.status, code: body.errors?.[0]?.code };
}

const showMarketplace = (t: string) => get('/v1/api/marketplace/show', t);
const queryEvents = (t: string) => get('/v1/integration_api/events/query', t);

const login = (user: TestUser, mp = m) =>
  token({ grant_type: 'password', client_id: mp.marketplaceApp.clientId, username: user.email, password: user.password, scope: 'user' });

before(async () => {
  clock = new FakeClock(new Date('2026-06-01T12:00:00Z'));
  server = await startTestServer({ clock, env: { BAZAAR_ACCESS_TOKEN_TTL: '300' } });
  m = await createTestMarketplace(server.handle.db);
  other = await createTestMarketplace(server.handle.db);
  alice = await createTestUser(server.handle.db, m.marketplace.id);
});
after(async () => server.close());

describe('client_credentials', () => {
  test('a Marketplace API app gets an anonymous public-read token without a secret and no refresh token', async () => {
    const { status, body } = await token({ grant_type: 'client_credentials', client_id: m.marketplaceApp.clientId, scope: 'public-read' });
    assert.equal(status, 200);
    assert.equal(body.token_type, 'bearer');
    assert.equal(body.scope, 'public-read');
    assert.equal(body.refresh_token, undefined);
    assert.equal(body.expires_in, 300);
    assert.equal((await showMarketplace(body.access_token ?? '')).status, 200);
  });

  test('an Integration app needs its secret and gets an integ token with a refresh token', async () => {
    const ok = await token({ grant_type: 'client_credentials', client_id: m.integrationApp.clientId, client_secret: m.integrationApp.clientSecret, scope: 'integ' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.scope, 'integ');
    assert.ok(ok.body.refresh_token);
    assert.equal((await queryEvents(ok.body.access_token ?? '')).status, 200);
    const wrong = await token({ grant_type: 'client_credentials', client_id: m.integrationApp.clientId, client_secret: 'wrong', scope: 'integ' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error, 'invalid_client');
    const none = await token({ grant_type: 'client_credentials', client_id: m.integrationApp.clientId, scope: 'integ' });
    assert.equal(none.status, 401);
  });

  test('apps cannot take each other’s scopes', async () => {
    const mpInteg = await token({ grant_type: 'client_credentials', client_id: m.marketplaceApp.clientId, client_secret: m.marketplaceApp.clientSecret, scope: 'integ' });
    assert.ok(mpInteg.status === 400 || mpInteg.status === 401, `status ${mpInteg.status}`);
    assert.equal(mpInteg.body.access_token, undefined);
    const integAnon = await token({ grant_type: 'client_credentials', client_id: m.integrationApp.clientId, scope: 'public-read' });
    assert.equal(integAnon.body.access_token, undefined);
  });

  test('unknown and revoked clients are 401 invalid_client', async () => {
    const unknown = await token({ grant_type: 'client_credentials', client_id: randomUUID(), scope: 'public-read' });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.error, 'invalid_client');
    const doomed = await createTestMarketplace(server.handle.db);
    const before = await token({ grant_type: 'client_credentials', client_id: doomed.marketplaceApp.clientId, scope: 'public-read' });
    await revokeApplication(server.handle.db, doomed.marketplaceApp.clientId, clock.now());
    const afterRevoke = await token({ grant_type: 'client_credentials', client_id: doomed.marketplaceApp.clientId, scope: 'public-read' });
    assert.equal(afterRevoke.status, 401);
    // Tokens issued before the revocation stop working too.
    assert.equal((await showMarketplace(before.body.access_token ?? '')).status, 401);
  });
});

describe('password and refresh_token', () => {
  test('login gives a user token; a wrong password or unknown user is 401 invalid_grant', async () => {
    const ok = await login(alice);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.scope, 'user');
    assert.ok(ok.body.refresh_token);
    const bad = await login({ ...alice, password: 'not-the-password' });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error, 'invalid_grant');
    const nobody = await login({ ...alice, email: 'nobody@example.com' });
    assert.equal(nobody.status, 401);
    // A user of marketplace m cannot log in through another marketplace's app.
    const elsewhere = await login(alice, other);
    assert.equal(elsewhere.status, 401);
  });

  test('refresh tokens rotate; reusing a used one revokes the whole login', async () => {
    const first = await login(alice);
    const r1 = first.body.refresh_token ?? '';
    const second = await token({ grant_type: 'refresh_token', client_id: m.marketplaceApp.clientId, refresh_token: r1 });
    assert.equal(second.status, 200);
    assert.equal(second.body.scope, 'user');
    assert.ok(second.body.refresh_token && second.body.refresh_token !== r1);
    const third = await token({ grant_type: 'refresh_token', client_id: m.marketplaceApp.clientId, refresh_token: second.body.refresh_token ?? '' });
    assert.equal(third.status, 200);
    assert.equal((await showMarketplace(third.body.access_token ?? '')).status, 200);
    // Past the concurrent-refresh grace period, presenting r1 again is a replay.
    clock.advance(60_000);
    const replay = await token({ grant_type: 'refresh_token', client_id: m.marketplaceApp.clientId, refresh_token: r1 });
    assert.equal(replay.status, 401);
    assert.equal(replay.body.error, 'invalid_grant');
    // The family is dead: the newest access and refresh tokens no longer work.
    const hook = await showMarketplace(third.body.access_token ?? '');
    assert.deepEqual(hook, { status: 401, code: 'auth-invalid-access-token' });
    const dead = await token({ grant_type: 'refresh_token', client_id: m.marketplaceApp.clientId, refresh_token: third.body.refresh_token ?? '' });
    assert.equal(dead.status, 401);
  });

  test('a refresh token only works with the client id it was issued to', async () => {
    const first = await login(alice);
    const res = await token({ grant_type: 'refresh_token', client_id: other.marketplaceApp.clientId, refresh_token: first.body.refresh_token ?? '' });
    assert.equal(res.status, 401);
  });

  test('an expired access token is 401 auth-invalid-access-token', async () => {
    const { body } = await login(alice);
    assert.equal((await showMarketplace(body.access_token ?? '')).status, 200);
    clock.advance(301_000);
    assert.deepEqual(await showMarketplace(body.access_token ?? ''), { status: 401, code: 'auth-invalid-access-token' });
  });
});

describe('the principal hook', () => {
  test('no token, a garbled token and a forged token are 401; a wrong-surface token is 403', async () => {
    const res = await fetch(`${server.baseUrl}/v1/api/marketplace/show`, { headers: { accept: 'application/json' } });
    assert.equal(res.status, 401);
    const body = (await res.json()) as { errors: { code: string }[] };
    assert.equal(body.errors[0]?.code, 'auth-missing-access-token');
    assert.equal((await showMarketplace('garbage')).status, 401);
    const { body: user } = await login(alice);
    const [h, p] = (user.access_token ?? '').split('.');
    const forged = `${h}.${p}.${randomBytes(32).toString('base64url')}`;
    assert.deepEqual(await showMarketplace(forged), { status: 401, code: 'auth-invalid-access-token' });
    assert.equal((await queryEvents(user.access_token ?? '')).status, 403);
    const integ = await token({ grant_type: 'client_credentials', client_id: m.integrationApp.clientId, client_secret: m.integrationApp.clientSecret, scope: 'integ' });
    assert.equal((await showMarketplace(integ.body.access_token ?? '')).status, 403);
  });

  test('a token only ever sees its own marketplace', async () => {
    const res = await fetch(`${server.baseUrl}/v1/api/marketplace/show`, {
      headers: { authorization: `Bearer ${(await login(alice)).body.access_token}`, accept: 'application/json' },
    });
    const body = (await res.json()) as { data: { id: string } };
    assert.equal(body.data.id, m.marketplace.id);
  });
});

describe('token_exchange', () => {
  test('a user token becomes trusted:user with the same app’s secret, refreshable as trusted', async () => {
    const { body: user } = await login(alice);
    const ok = await token({ grant_type: 'token_exchange', client_id: m.marketplaceApp.clientId, client_secret: m.marketplaceApp.clientSecret, subject_token: user.access_token ?? '' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.scope, 'trusted:user');
    if (ok.body.refresh_token) {
      const refreshed = await token({ grant_type: 'refresh_token', client_id: m.marketplaceApp.clientId, refresh_token: ok.body.refresh_token });
      assert.equal(refreshed.body.scope, 'trusted:user');
    }
  });

  test('another app’s secret, a wrong secret, an anonymous or an expired subject token are refused', async () => {
    const { body: user } = await login(alice);
    const otherSecret = await token({ grant_type: 'token_exchange', client_id: m.marketplaceApp.clientId, client_secret: other.marketplaceApp.clientSecret, subject_token: user.access_token ?? '' });
    assert.equal(otherSecret.status, 401);
    const anon = await token({ grant_type: 'client_credentials', client_id: m.marketplaceApp.clientId, scope: 'public-read' });
    const anonExchange = await token({ grant_type: 'token_exchange', client_id: m.marketplaceApp.clientId, client_secret: m.marketplaceApp.clientSecret, subject_token: anon.body.access_token ?? '' });
    assert.notEqual(anonExchange.status, 200);
    clock.advance(301_000);
    // Expired subject: 401, so the SDK refreshes the user token and retries.
    const expired = await token({ grant_type: 'token_exchange', client_id: m.marketplaceApp.clientId, client_secret: m.marketplaceApp.clientSecret, subject_token: user.access_token ?? '' });
    assert.equal(expired.status, 401);
  });
});

describe('authorization_code (login-as) with PKCE', () => {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = 'https://marketplace.example.com/api/login-as';

  const code = () =>
    server.handle.db.transaction().execute((trx) =>
      issueLoginAsCode(trx, { marketplaceId: m.marketplace.id, userEmail: alice.email, clientId: m.marketplaceApp.clientId, redirectUri, codeChallenge: challenge }, clock),
    );

  test('a code with the right verifier gives a 30-minute user token with no refresh token, once', async () => {
    const { code: c } = await code();
    const ok = await token({ grant_type: 'authorization_code', client_id: m.marketplaceApp.clientId, code: c, redirect_uri: redirectUri, code_verifier: verifier });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.scope, 'user');
    assert.equal(ok.body.refresh_token, undefined);
    assert.equal(ok.body.expires_in, 1800);
    const again = await token({ grant_type: 'authorization_code', client_id: m.marketplaceApp.clientId, code: c, redirect_uri: redirectUri, code_verifier: verifier });
    assert.equal(again.status, 401);
  });

  test('a wrong verifier or redirect URI is refused', async () => {
    const { code: c1 } = await code();
    const badVerifier = await token({ grant_type: 'authorization_code', client_id: m.marketplaceApp.clientId, code: c1, redirect_uri: redirectUri, code_verifier: randomBytes(32).toString('base64url') });
    assert.equal(badVerifier.status, 401);
    assert.equal(badVerifier.body.error, 'invalid_grant');
    const { code: c2 } = await code();
    const badRedirect = await token({ grant_type: 'authorization_code', client_id: m.marketplaceApp.clientId, code: c2, redirect_uri: 'https://evil.example.com/', code_verifier: verifier });
    assert.equal(badRedirect.status, 401);
  });
});

describe('malformed requests and revoke', () => {
  test('missing fields, unknown grants and non-form bodies are 400 invalid_request / unsupported_grant_type', async () => {
    assert.deepEqual((await token({ client_id: m.marketplaceApp.clientId })).body.error, 'invalid_request');
    const unsupported = await token({ grant_type: 'implicit', client_id: m.marketplaceApp.clientId });
    assert.equal(unsupported.status, 400);
    assert.equal(unsupported.body.error, 'unsupported_grant_type');
    const res = await fetch(`${server.baseUrl}/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    assert.equal(res.status, 400);
  });

  test('revoke kills the login; an invalid access token on revoke is 401', async () => {
    const { body } = await login(alice);
    const revoke = (access: string) =>
      fetch(`${server.baseUrl}/v1/auth/revoke`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: body.refresh_token ?? '' }).toString(),
      });
    assert.equal((await revoke('garbage')).status, 401);
    const ok = await revoke(body.access_token ?? '');
    assert.equal(ok.status, 200);
    assert.equal((await showMarketplace(body.access_token ?? '')).status, 401);
    const refresh = await token({ grant_type: 'refresh_token', client_id: m.marketplaceApp.clientId, refresh_token: body.refresh_token ?? '' });
    assert.equal(refresh.status, 401);
  });

  test('refresh tokens are stored hashed', async () => {
    const { body } = await login(alice);
    const rows = await server.handle.db.selectFrom('refresh_tokens').select('token_hash').where('marketplace_id', '=', m.marketplace.id).execute();
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.token_hash !== body.refresh_token && !r.token_hash.includes(body.refresh_token ?? '')));
  });
});
