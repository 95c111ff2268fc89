/**
 * Login-as: codes from issueLoginAsCode (what the Admin API calls) redeemed through the
 * authorization_code grant with PKCE S256.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { FakeClock } from '../../src/lib/clock.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { issueLoginAsCode, s256Challenge, type IssueLoginAsCodeInput } from '../../src/domain/identity/index.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { buildProbe, field, principalIn, tokenRequest, type Probe } from './support.ts';

const REDIRECT = 'https://shop.example/api/login-as';
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

const newVerifier = () => randomBytes(32).toString('base64url');

async function issue(overrides: Partial<IssueLoginAsCodeInput> = {}): Promise<{ code: string; verifier: string }> {
  const verifier = newVerifier();
  const { code } = await server.handle.db.transaction().execute((trx) =>
    issueLoginAsCode(
      trx,
      {
        marketplaceId: mp.marketplace.id,
        userEmail: alice.email,
        clientId: mp.marketplaceApp.clientId,
        redirectUri: REDIRECT,
        codeChallenge: s256Challenge(verifier),
        ...overrides,
      },
      clock,
    ),
  );
  return { code, verifier };
}

const redeem = (code: string, verifier: string, extra: Record<string, string> = {}) =>
  tokenRequest(server.baseUrl, {
    grant_type: 'authorization_code',
    client_id: mp.marketplaceApp.clientId,
    code,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
    ...extra,
  });

describe('authorization_code', () => {
  test('a code and its verifier give a 30-minute login-as user token without refresh token, once', async () => {
    const { code, verifier } = await issue();
    const res = await redeem(code, verifier);
    assert.equal(res.status, 200);
    assert.equal(res.body.scope, 'user');
    assert.equal(res.body.expires_in, 30 * 60);
    assert.equal(res.body.refresh_token, undefined);
    const who = await probe.call('marketplace/me', { token: field(res, 'access_token') });
    assert.equal(who.status, 200);
    assert.equal(principalIn(who.body).loginAs, true);
    assert.equal(principalIn(who.body).userId, alice.user.id);
    const again = await redeem(code, verifier);
    assert.equal(again.status, 401);
    assert.equal(again.body.error, 'invalid_grant');
  });

  test('a wrong verifier is invalid_grant and burns the code', async () => {
    const { code, verifier } = await issue();
    const wrong = await redeem(code, newVerifier());
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error, 'invalid_grant');
    assert.equal((await redeem(code, verifier)).status, 401);
  });

  test('a wrong redirect URI, another client or an expired code is invalid_grant', async () => {
    const a = await issue();
    assert.equal((await redeem(a.code, a.verifier, { redirect_uri: 'https://evil.example/cb' })).status, 401);
    const other = await createTestMarketplace(server.handle.db);
    const b = await issue();
    const foreign = await redeem(b.code, b.verifier, { client_id: other.marketplaceApp.clientId });
    assert.equal(foreign.status, 401);
    assert.equal(foreign.body.error, 'invalid_grant');
    const c = await issue();
    clock.advance(6 * 60 * 1000);
    assert.equal((await redeem(c.code, c.verifier)).status, 401);
  });

  test('the login-as token expires after 30 minutes', async () => {
    const { code, verifier } = await issue();
    const res = await redeem(code, verifier);
    clock.advance(30 * 60 * 1000 + 1000);
    const who = await probe.call('marketplace/whoami', { token: field(res, 'access_token') });
    assert.equal(who.status, 401);
  });
});

describe('issueLoginAsCode', () => {
  const rejects = (overrides: Partial<IssueLoginAsCodeInput>, kind: string) =>
    assert.rejects(issue(overrides), (e: unknown) => e instanceof DomainError && e.kind === kind);

  test('refuses unknown users, integration clients, bad redirect URIs and challenges', async () => {
    await rejects({ userEmail: 'nobody@example.com' }, 'not-found');
    await rejects({ clientId: mp.integrationApp.clientId }, 'bad-request');
    await rejects({ redirectUri: 'not a url' }, 'bad-request');
    await rejects({ codeChallenge: 'short' }, 'bad-request');
    const other = await createTestMarketplace(server.handle.db);
    await rejects({ clientId: other.marketplaceApp.clientId }, 'bad-request');
  });

  test('stores the code hashed', async () => {
    const { code } = await issue();
    const rows = await server.handle.db.selectFrom('auth_codes').select('code_hash').where('user_id', '=', alice.user.id).execute();
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.code_hash !== code));
  });
});
