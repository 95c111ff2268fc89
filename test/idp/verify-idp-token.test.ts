import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { SignJWT, generateKeyPair, type JWTVerifyGetKey } from 'jose';
import { openTestDb } from '../support/db.ts';
import { createTestMarketplace } from '../support/factories.ts';
import { DomainError } from '../../src/domain/errors.ts';
import {
  GOOGLE_JWKS_URL,
  IdpUnavailableError,
  JwksCache,
  addIdentityProvider,
  verifyIdpToken,
  type FacebookGraph,
  type IdpDeps,
} from '../../src/domain/idp/index.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import type { DbHandle } from '../../src/store/db.ts';
import { segment, startLocalIdp, type LocalIdp } from './oidc-fixture.ts';

const WEB = 'web-client.example';
const MOBILE = 'mobile-client.example';

const noFacebook: FacebookGraph = {
  inspectToken: () => Promise.reject(new Error('not a facebook test')),
  fetchProfile: () => Promise.reject(new Error('not a facebook test')),
};

let handle: DbHandle;
let idp: LocalIdp;
let marketplaceId: string;
const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));
const deps = (): IdpDeps => ({ clock, jwks: new JwksCache(), facebook: noFacebook });
/** Shared across tests that check caching. */
const sharedDeps = deps();

before(async () => {
  [handle, idp] = await Promise.all([openTestDb(), startLocalIdp()]);
  ({ marketplace: { id: marketplaceId } } = await createTestMarketplace(handle.db));
  await handle.db.transaction().execute((trx) =>
    addIdentityProvider(trx, { marketplaceId, idpId: 'acme-sso', type: 'oidc', issuer: idp.issuer, jwksUrl: idp.jwksUrl, clientIds: [WEB, MOBILE] }),
  );
});
after(async () => {
  await idp.close();
  await handle.close();
});

const claims = { sub: 'acme|42', aud: WEB, email: 'ada@example.com', email_verified: true, given_name: 'Ada', family_name: 'Lovelace', name: 'Ada L' };

const verify = (idpToken: string, opts: { idpClientId?: string; idpId?: string; deps?: IdpDeps } = {}) =>
  verifyIdpToken(handle.db, opts.deps ?? sharedDeps, { marketplaceId, idpId: opts.idpId ?? 'acme-sso', idpClientId: opts.idpClientId ?? WEB, idpToken });

const rejectsWith = async (promise: Promise<unknown>, code: string, kind: string, message?: RegExp) => {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof DomainError, `expected a DomainError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.equal(e.kind, kind);
    if (message) assert.match(e.message, message);
    return true;
  });
};

const rejectsToken = (promise: Promise<unknown>, message?: RegExp) => rejectsWith(promise, 'idp-token-invalid', 'forbidden', message);

test('a good ID token gives the IdP account, names and verified email', async () => {
  const token = await idp.sign(claims, { now: clock.now() });
  assert.deepEqual(await verify(token), {
    idpId: 'acme-sso',
    subject: 'acme|42',
    email: 'ada@example.com',
    emailVerified: true,
    firstName: 'Ada',
    lastName: 'Lovelace',
    displayName: 'Ada L',
  });
});

test('email_verified false or absent leaves the email unverified; "true" as a string counts', async () => {
  const unverified = await verify(await idp.sign({ ...claims, email_verified: false }, { now: clock.now() }));
  assert.equal(unverified.emailVerified, false);
  const { email_verified: _, ...noFlag } = claims;
  assert.equal((await verify(await idp.sign(noFlag, { now: clock.now() }))).emailVerified, false);
  assert.equal((await verify(await idp.sign({ ...claims, email_verified: 'true' }, { now: clock.now() }))).emailVerified, true);
  const noEmail = await verify(await idp.sign({ sub: 'acme|43', aud: WEB }, { now: clock.now() }));
  assert.deepEqual(noEmail, { idpId: 'acme-sso', subject: 'acme|43', email: undefined, emailVerified: false });
});

test('every configured client id is accepted as the audience', async () => {
  const token = await idp.sign({ ...claims, aud: MOBILE }, { now: clock.now() });
  assert.equal((await verify(token, { idpClientId: MOBILE })).subject, 'acme|42');
});

test('wrong audience: token for another client', async () => {
  const token = await idp.sign({ ...claims, aud: MOBILE }, { now: clock.now() });
  await rejectsToken(verify(token, { idpClientId: WEB }), /claim aud/);
});

test('several audiences need azp = the client id', async () => {
  const without = await idp.sign({ ...claims, aud: [WEB, 'someone-else'] }, { now: clock.now() });
  await rejectsToken(verify(without), /azp/);
  const withAzp = await idp.sign({ ...claims, aud: [WEB, 'someone-else'], azp: WEB }, { now: clock.now() });
  assert.equal((await verify(withAzp)).subject, 'acme|42');
});

test('audience not among the configured client ids is refused before fetching keys', async () => {
  const d = deps();
  const before = idp.jwksRequests();
  const token = await idp.sign({ ...claims, aud: 'rogue-client' }, { now: clock.now() });
  await rejectsToken(verify(token, { idpClientId: 'rogue-client', deps: d }), /not a client id/);
  assert.equal(idp.jwksRequests(), before);
});

test('wrong issuer', async () => {
  const token = await idp.sign({ ...claims, iss: 'https://evil.example' }, { now: clock.now() });
  await rejectsToken(verify(token), /claim iss/);
});

test('expiry follows the injected clock (with 30 s tolerance)', async () => {
  const c = new FakeClock(clock.now());
  const d: IdpDeps = { clock: c, jwks: new JwksCache(), facebook: noFacebook };
  const token = await idp.sign(claims, { now: c.now(), expiresInSeconds: 600 });
  c.advance(600_000 + 20_000);
  assert.equal((await verify(token, { deps: d })).subject, 'acme|42');
  c.advance(11_000);
  await rejectsToken(verify(token, { deps: d }), /expired/);
});

test('a token issued in the future (iat beyond tolerance) is refused', async () => {
  const token = await idp.sign(claims, { now: new Date(clock.now().getTime() + 3_600_000) });
  await rejectsToken(verify(token), /claim iat/);
});

test('unknown kid', async () => {
  const token = await idp.sign(claims, { now: clock.now(), kid: 'rotated-away' });
  await rejectsToken(verify(token), /kid/);
});

test('unknown kids refetch the JWKS at most once per cooldown', async () => {
  const d = deps();
  const good = await idp.sign(claims, { now: clock.now() });
  await verify(good, { deps: d });
  const fetched = idp.jwksRequests();
  for (let i = 0; i < 5; i++) await rejectsToken(verify(await idp.sign(claims, { now: clock.now(), kid: `forged-${i}` }), { deps: d }));
  await verify(good, { deps: d });
  assert.equal(idp.jwksRequests(), fetched, 'still cooling down after the first fetch: no refetch');
});

test('the key set is fetched once and reused across verifications', async () => {
  const d = deps();
  const start = idp.jwksRequests();
  for (let i = 0; i < 3; i++) await verify(await idp.sign(claims, { now: clock.now() }), { deps: d });
  assert.equal(idp.jwksRequests() - start, 1);
});

test('HS256 tokens are refused', async () => {
  const now = Math.floor(clock.now().getTime() / 1000);
  const hs = await new SignJWT({ ...claims, iss: idp.issuer, iat: now, exp: now + 600 })
    .setProtectedHeader({ alg: 'HS256', kid: idp.kid })
    .sign(new TextEncoder().encode('a-shared-secret-of-enough-length-32+'));
  await rejectsToken(verify(hs), /algorithm/);
});

test('alg none is refused', async () => {
  const now = Math.floor(clock.now().getTime() / 1000);
  const none = `${segment({ alg: 'none', typ: 'JWT' })}.${segment({ ...claims, iss: idp.issuer, iat: now, exp: now + 600 })}.`;
  await rejectsToken(verify(none), /algorithm/);
});

test('a tampered payload fails the signature check', async () => {
  const token = await idp.sign(claims, { now: clock.now() });
  const [header, payload, signature] = token.split('.');
  assert.ok(header && payload && signature);
  const forged = { ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), sub: 'acme|1' };
  await rejectsToken(verify(`${header}.${segment(forged)}.${signature}`), /signature/);
  const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
  await rejectsToken(verify(`${header}.${payload}.${flipped}`), /signature/);
});

test('a token signed by another key under the known kid fails the signature check', async () => {
  const { privateKey } = await generateKeyPair('RS256');
  await rejectsToken(verify(await idp.sign(claims, { now: clock.now(), key: privateKey })), /signature/);
});

test('garbage, empty and oversized tokens are refused', async () => {
  await rejectsToken(verify('not-a-jwt'), /malformed/);
  await rejectsToken(verify(''), /empty/);
  await rejectsToken(verify('a'.repeat(20_000)), /oversized/);
});

test('error messages never contain the token', async () => {
  const token = await idp.sign({ ...claims, aud: MOBILE }, { now: clock.now() });
  await assert.rejects(verify(token), (e: unknown) => e instanceof Error && !e.message.includes(token) && !e.message.includes('ada@example.com'));
});

test('unknown idp id: bad-request idp-not-found; providers are per marketplace', async () => {
  const token = await idp.sign(claims, { now: clock.now() });
  await rejectsWith(verify(token, { idpId: 'nope' }), 'idp-not-found', 'bad-request');
  const other = await createTestMarketplace(handle.db);
  await rejectsWith(
    verifyIdpToken(handle.db, sharedDeps, { marketplaceId: other.marketplace.id, idpId: 'acme-sso', idpClientId: WEB, idpToken: token }),
    'idp-not-found',
    'bad-request',
  );
});

test('an unreachable JWKS is an IdpUnavailableError, not a token error', async () => {
  const { marketplace } = await createTestMarketplace(handle.db);
  await handle.db.transaction().execute((trx) =>
    addIdentityProvider(trx, { marketplaceId: marketplace.id, idpId: 'down', type: 'oidc', issuer: idp.issuer, jwksUrl: idp.brokenJwksUrl, clientIds: [WEB] }),
  );
  const token = await idp.sign(claims, { now: clock.now() });
  await assert.rejects(
    verifyIdpToken(handle.db, deps(), { marketplaceId: marketplace.id, idpId: 'down', idpClientId: WEB, idpToken: token }),
    (e: unknown) => e instanceof IdpUnavailableError && !e.message.includes(token),
  );
});

/** Serves Google's JWKS URL from the local IdP, so the google preset can be exercised offline. */
class LocalGoogleJwks extends JwksCache {
  override keySet(url: string): JWTVerifyGetKey {
    return super.keySet(url === GOOGLE_JWKS_URL ? idp.jwksUrl : url);
  }
}

test('google preset: Google issuer with or without scheme, RS256 from its JWKS', async () => {
  const { marketplace } = await createTestMarketplace(handle.db);
  await handle.db.transaction().execute((trx) => addIdentityProvider(trx, { marketplaceId: marketplace.id, idpId: 'google', type: 'google', clientIds: [WEB] }));
  const d: IdpDeps = { clock, jwks: new LocalGoogleJwks(), facebook: noFacebook };
  const input = (idpToken: string) => ({ marketplaceId: marketplace.id, idpId: 'google', idpClientId: WEB, idpToken });
  for (const iss of ['https://accounts.google.com', 'accounts.google.com']) {
    const identity = await verifyIdpToken(handle.db, d, input(await idp.sign({ ...claims, iss }, { now: clock.now() })));
    assert.equal(identity.idpId, 'google');
    assert.equal(identity.emailVerified, true);
  }
  await rejectsToken(verifyIdpToken(handle.db, d, input(await idp.sign(claims, { now: clock.now() }))), /claim iss/);
});

test('facebook: debug_token + /me through the FacebookGraph interface', async () => {
  const { marketplace } = await createTestMarketplace(handle.db);
  await handle.db.transaction().execute((trx) =>
    addIdentityProvider(trx, { marketplaceId: marketplace.id, idpId: 'facebook', type: 'facebook', clientIds: ['1234'], appSecret: 's3cret' }),
  );
  const seen: string[] = [];
  const graph = (over: { isValid?: boolean; appId?: string; expiresAt?: Date; profileId?: string; refused?: boolean } = {}): FacebookGraph => ({
    inspectToken: ({ appId, appSecret, accessToken }) => {
      seen.push(`${appId}|${appSecret}|${accessToken}`);
      return Promise.resolve({ isValid: over.isValid ?? true, appId: over.appId ?? appId, userId: '987', expiresAt: over.expiresAt });
    },
    fetchProfile: () =>
      Promise.resolve(over.refused ? undefined : { id: over.profileId ?? '987', email: 'fb@example.com', firstName: 'Fay', lastName: 'B', name: 'Fay B' }),
  });
  const run = (g: FacebookGraph, idpClientId = '1234') =>
    verifyIdpToken(handle.db, { clock, jwks: new JwksCache(), facebook: g }, { marketplaceId: marketplace.id, idpId: 'facebook', idpClientId, idpToken: 'EAAB-user-token' });
  assert.deepEqual(await run(graph()), {
    idpId: 'facebook',
    subject: '987',
    email: 'fb@example.com',
    emailVerified: true,
    firstName: 'Fay',
    lastName: 'B',
    displayName: 'Fay B',
  });
  assert.deepEqual(seen, ['1234|s3cret|EAAB-user-token']);
  await rejectsToken(run(graph({ isValid: false })), /invalid/);
  await rejectsToken(run(graph({ appId: '5555' })), /another Facebook app/);
  await rejectsToken(run(graph({ expiresAt: new Date(clock.now().getTime() - 1000) })), /expired/);
  await rejectsToken(run(graph({ profileId: '111' })), /owner/);
  await rejectsToken(run(graph({ refused: true })), /refused/);
  await rejectsToken(run(graph(), '9999'), /not a client id/);
});

test('facebook HTTP adapter against a local Graph stand-in (not Facebook itself)', async () => {
  const { createServer } = await import('node:http');
  const { createFacebookGraphHttp } = await import('../../src/domain/idp/index.ts');
  const requests: URL[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url);
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/v21.0/debug_token') {
      const valid = url.searchParams.get('input_token') === 'good';
      res.end(JSON.stringify({ data: valid ? { app_id: '1234', is_valid: true, user_id: '987', expires_at: 0 } : { is_valid: false, error: { code: 190 } } }));
    } else if (url.pathname === '/v21.0/me') {
      if (url.searchParams.get('access_token') !== 'good') {
        res.statusCode = 400;
        res.end(JSON.stringify({ error: { code: 190, type: 'OAuthException', message: 'Invalid OAuth access token.' } }));
      } else res.end(JSON.stringify({ id: '987', email: 'fb@example.com', first_name: 'Fay', last_name: 'B', name: 'Fay B' }));
    } else {
      res.statusCode = 500;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    const graph = createFacebookGraphHttp({ baseUrl: `http://127.0.0.1:${address.port}/v21.0/` });
    assert.deepEqual(await graph.inspectToken({ appId: '1234', appSecret: 's3cret', accessToken: 'good' }), {
      isValid: true,
      appId: '1234',
      userId: '987',
      expiresAt: undefined,
    });
    assert.equal((await graph.inspectToken({ appId: '1234', appSecret: 's3cret', accessToken: 'bad' })).isValid, false);
    assert.equal(requests[0]?.searchParams.get('access_token'), '1234|s3cret');
    assert.deepEqual(await graph.fetchProfile({ accessToken: 'good', appSecret: 's3cret' }), {
      id: '987',
      email: 'fb@example.com',
      firstName: 'Fay',
      lastName: 'B',
      name: 'Fay B',
    });
    const me = requests[2];
    assert.equal(me?.searchParams.get('appsecret_proof'), createHmac('sha256', 's3cret').update('good').digest('hex'));
    assert.equal(me?.searchParams.get('fields'), 'id,email,first_name,last_name,name');
    assert.equal(await graph.fetchProfile({ accessToken: 'bad', appSecret: 's3cret' }), undefined);
    const broken = createFacebookGraphHttp({ baseUrl: `http://127.0.0.1:${address.port}/down` });
    await assert.rejects(broken.inspectToken({ appId: '1234', appSecret: 's3cret', accessToken: 'good' }), (e: unknown) => {
      assert.ok(e instanceof IdpUnavailableError);
      assert.ok(!e.message.includes('s3cret') && !e.message.includes('good'));
      return true;
    });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
