/**
 * Social login over HTTP with a local OIDC IdP (RSA-signed ID tokens, a real JWKS endpoint):
 * `current_user/create_with_idp`, then `POST /v1/auth/auth_with_idp`, their rejections, and the
 * same through the real SDK (`currentUser.createWithIdp`, `loginWithIdp`, `authInfo`).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { generateKeyPair } from 'jose';
import { addIdentityProvider } from '../../src/domain/idp/index.ts';
import { configureAccessSettings } from '../../src/domain/access/index.ts';
import { createUser } from '../../src/domain/users/index.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { group, marketplaceSdk } from '../support/sdk.ts';
import { startLocalIdp, type LocalIdp } from '../idp/oidc-fixture.ts';

const IDP_ID = 'acme-sso';
const WEB = 'web-client';

let server: TestServer;
let idp: LocalIdp;

before(async () => {
  [server, idp] = await Promise.all([startTestServer(), startLocalIdp()]);
});
after(async () => {
  await server.close();
  await idp.close();
});

/** A marketplace accepting the local IdP. */
async function marketplaceWithIdp(settings: Record<string, boolean> = {}): Promise<TestMarketplace> {
  const mp = await createTestMarketplace(server.handle.db);
  await server.handle.db.transaction().execute(async (trx) => {
    await addIdentityProvider(trx, { marketplaceId: mp.marketplace.id, idpId: IDP_ID, type: 'oidc', issuer: idp.issuer, jwksUrl: idp.jwksUrl, clientIds: [WEB] });
    if (Object.keys(settings).length > 0) await configureAccessSettings(trx, { marketplaceSlug: mp.marketplace.slug, changes: settings });
  });
  return mp;
}

/** An ID token for a fresh IdP account (override any claim). */
const idToken = (claims: Record<string, unknown> = {}, opts: Parameters<LocalIdp['sign']>[1] = {}) =>
  idp.sign({ aud: WEB, sub: `sub-${randomUUID()}`, email: `idp-${randomUUID().slice(0, 8)}@example.com`, email_verified: true, given_name: 'Ida', family_name: 'Payne', ...claims }, opts);

interface ApiReply {
  status: number;
  body: { data?: { id: string; type: string; attributes?: Record<string, unknown> }; errors?: { code: string; status: number }[] };
}

async function anonToken(mp: TestMarketplace): Promise<string> {
  const res = await fetch(`${server.baseUrl}/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: mp.marketplaceApp.clientId, scope: 'public-read' }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function createWithIdp(mp: TestMarketplace, body: Record<string, unknown>): Promise<ApiReply> {
  const res = await fetch(`${server.baseUrl}/v1/api/current_user/create_with_idp?expand=true`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await anonToken(mp)}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ idpId: IDP_ID, idpClientId: WEB, ...body }),
  });
  return { status: res.status, body: (await res.json()) as ApiReply['body'] };
}

async function authWithIdp(mp: TestMarketplace, form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.baseUrl}/v1/auth/auth_with_idp`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ client_id: mp.marketplaceApp.clientId, client_secret: mp.marketplaceApp.clientSecret, idp_id: IDP_ID, idp_client_id: WEB, ...form }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function currentUser(accessToken: string): Promise<ApiReply> {
  const res = await fetch(`${server.baseUrl}/v1/api/current_user/show?include=effectivePermissionSet`, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
  return { status: res.status, body: (await res.json()) as ApiReply['body'] };
}

describe('create_with_idp then auth_with_idp', () => {
  test('signs up with the IdP profile, verified email, linked identity; then logs in with a refreshable user token', async () => {
    const mp = await marketplaceWithIdp();
    const sub = `sub-${randomUUID()}`;
    const email = `ida-${randomUUID().slice(0, 8)}@example.com`;
    const token = await idToken({ sub, email });
    const created = await createWithIdp(mp, { idpToken: token, publicData: { role: 'buyer' }, displayName: 'Ida P.' });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const attrs = created.body.data?.attributes ?? {};
    assert.equal(created.body.data?.type, 'currentUser');
    assert.equal(attrs.email, email);
    assert.equal(attrs.emailVerified, true);
    assert.equal(attrs.state, 'active');
    assert.deepEqual(attrs.identityProviders, [{ idpId: IDP_ID, userId: sub }]);
    const profile = attrs.profile;
    assert.ok(typeof profile === 'object' && profile !== null);
    assert.deepEqual(
      Object.fromEntries(Object.entries(profile).filter(([k]) => ['firstName', 'lastName', 'displayName', 'publicData'].includes(k))),
      { firstName: 'Ida', lastName: 'Payne', displayName: 'Ida P.', publicData: { role: 'buyer' } },
    );

    const login = await authWithIdp(mp, { idp_token: token });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    assert.equal(login.body.token_type, 'bearer');
    assert.equal(login.body.scope, 'user');
    assert.equal(typeof login.body.refresh_token, 'string');
    assert.equal(typeof login.body.expires_in, 'number');
    const me = await currentUser(String(login.body.access_token));
    assert.equal(me.status, 200);
    assert.equal(me.body.data?.id, created.body.data?.id);

    // The same IdP account again: 409, never a second user.
    const again = await createWithIdp(mp, { idpToken: await idToken({ sub, email: `other-${randomUUID().slice(0, 6)}@example.com` }) });
    assert.equal(again.status, 409);
    assert.equal(again.body.errors?.[0]?.code, 'idp-identity-taken');
    // Another IdP account with the taken email: 409 email-taken.
    const emailTaken = await createWithIdp(mp, { idpToken: await idToken({ email }) });
    assert.equal(emailTaken.status, 409);
    assert.equal(emailTaken.body.errors?.[0]?.code, 'email-taken');
  });

  test('emailVerified only when the IdP verified the address used', async () => {
    const mp = await marketplaceWithIdp();
    const other = await createWithIdp(mp, { idpToken: await idToken(), email: `mine-${randomUUID().slice(0, 8)}@example.com` });
    assert.equal(other.status, 200, JSON.stringify(other.body));
    assert.equal(other.body.data?.attributes?.emailVerified, false);
    const unverified = await createWithIdp(mp, { idpToken: await idToken({ email_verified: false }) });
    assert.equal(unverified.body.data?.attributes?.emailVerified, false);
    const sameCase = `Case-${randomUUID().slice(0, 8)}@Example.com`;
    const same = await createWithIdp(mp, { idpToken: await idToken({ email: sameCase.toLowerCase() }), email: sameCase });
    assert.equal(same.body.data?.attributes?.emailVerified, true);
    const noEmail = await createWithIdp(mp, { idpToken: await idToken({ email: undefined }) });
    assert.equal(noEmail.status, 400);
    assert.equal(noEmail.body.errors?.[0]?.code, 'validation-missing-key');
  });

  test('new IdP users follow the marketplace access settings', async () => {
    const mp = await marketplaceWithIdp({ usersNeedApproval: true, postingNeedsPermission: true });
    const token = await idToken();
    const created = await createWithIdp(mp, { idpToken: token });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.data?.attributes?.state, 'pendingApproval');
    assert.deepEqual(created.body.data?.attributes?.permissions, { postListings: 'permission/deny', initiateTransactions: 'permission/allow', read: 'permission/allow' });
    // A pending user can still log in.
    assert.equal((await authWithIdp(mp, { idp_token: token })).status, 200);
  });

  test('create_with_idp refusals are 403/400, never 401', async () => {
    const mp = await marketplaceWithIdp();
    const badAudience = await createWithIdp(mp, { idpToken: await idToken({ aud: 'someone-else' }) });
    assert.deepEqual([badAudience.status, badAudience.body.errors?.[0]?.code], [403, 'idp-token-invalid']);
    const garbage = await createWithIdp(mp, { idpToken: 'not-a-jwt' });
    assert.deepEqual([garbage.status, garbage.body.errors?.[0]?.code], [403, 'idp-token-invalid']);
    const unknownIdp = await createWithIdp(mp, { idpId: 'nope', idpToken: await idToken() });
    assert.deepEqual([unknownIdp.status, unknownIdp.body.errors?.[0]?.code], [400, 'idp-not-found']);
    const missing = await createWithIdp(mp, {});
    assert.equal(missing.status, 400);
  });
});

describe('auth_with_idp rejections', () => {
  test('wrong audience, wrong issuer, expired, unknown key, unlinked account → 401 invalid_grant', async () => {
    const mp = await marketplaceWithIdp();
    const sub = `sub-${randomUUID()}`;
    assert.equal((await createWithIdp(mp, { idpToken: await idToken({ sub }) })).status, 200);
    const { privateKey: strangerKey } = await generateKeyPair('RS256');
    const cases: [string, Promise<string>][] = [
      ['wrong audience', idToken({ sub, aud: 'another-client' })],
      ['wrong issuer', idToken({ sub, iss: 'https://evil.example' })],
      ['expired', idToken({ sub }, { now: new Date(Date.now() - 3600_000), expiresInSeconds: 600 })],
      ['unknown key', idToken({ sub }, { kid: 'stranger', key: strangerKey })],
      ['known kid, wrong key', idToken({ sub }, { key: strangerKey })],
      ['unlinked account', idToken()],
    ];
    for (const [name, token] of cases) {
      const res = await authWithIdp(mp, { idp_token: await token });
      assert.equal(res.status, 401, name);
      assert.equal(res.body.error, 'invalid_grant', name);
      assert.ok(!JSON.stringify(res.body).includes(await token), 'the token is never echoed');
    }
    // The right token still works afterwards.
    assert.equal((await authWithIdp(mp, { idp_token: await idToken({ sub }) })).status, 200);
  });

  test('client and request errors', async () => {
    const mp = await marketplaceWithIdp();
    const token = await idToken();
    const unknownIdp = await authWithIdp(mp, { idp_id: 'nope', idp_token: token });
    assert.deepEqual([unknownIdp.status, unknownIdp.body.error], [400, 'invalid_request']);
    const badSecret = await authWithIdp(mp, { client_secret: 'wrong', idp_token: token });
    assert.deepEqual([badSecret.status, badSecret.body.error], [401, 'invalid_client']);
    const badClient = await authWithIdp(mp, { client_id: randomUUID(), idp_token: token });
    assert.deepEqual([badClient.status, badClient.body.error], [401, 'invalid_client']);
    const noSecret = await authWithIdp(mp, { client_secret: '', idp_token: token });
    assert.deepEqual([noSecret.status, noSecret.body.error], [400, 'invalid_request']);
    const noToken = await authWithIdp(mp, {});
    assert.deepEqual([noToken.status, noToken.body.error], [400, 'invalid_request']);
    const integ = await authWithIdp(mp, { client_id: mp.integrationApp.clientId, client_secret: mp.integrationApp.clientSecret, idp_token: token });
    assert.deepEqual([integ.status, integ.body.error], [400, 'unauthorized_client']);
  });

  test('an existing verified account is linked by its verified email', async () => {
    const mp = await marketplaceWithIdp();
    const email = `known-${randomUUID().slice(0, 8)}@example.com`;
    const user = await server.handle.db
      .transaction()
      .execute((trx) => createUser(trx, { marketplaceId: mp.marketplace.id, email, password: `pw-${randomUUID()}`, firstName: 'Kim', lastName: 'Ng', emailVerified: true }));
    const login = await authWithIdp(mp, { idp_token: await idToken({ email }) });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const me = await currentUser(String(login.body.access_token));
    assert.equal(me.body.data?.id, user.id);
    const unverified = await authWithIdp(mp, { idp_token: await idToken({ email, email_verified: false }) });
    assert.deepEqual([unverified.status, unverified.body.error], [401, 'invalid_grant']);
  });
});

describe('through the real SDK', () => {
  test('currentUser.createWithIdp, then loginWithIdp; authInfo shows a logged-in user', async () => {
    const mp = await marketplaceWithIdp();
    const sdk = marketplaceSdk(server.baseUrl, mp.marketplaceApp.clientId, { clientSecret: mp.marketplaceApp.clientSecret });
    const token = await idToken({ given_name: 'Sam', family_name: 'Diaz' });
    const created = await group(sdk, 'currentUser').createWithIdp?.({ idpId: IDP_ID, idpClientId: WEB, idpToken: token }, { expand: true });
    assert.ok(created);
    assert.equal(created.status, 200);
    const data = created.data.data;
    assert.ok(!Array.isArray(data));
    assert.equal(data.type, 'currentUser');
    assert.equal(data.attributes.emailVerified, true);
    assert.equal((await sdk.authInfo()).isAnonymous, true, 'creating a user does not log in');

    const login = await sdk.loginWithIdp({ idpId: IDP_ID, idpClientId: WEB, idpToken: token });
    assert.equal(login.status, 200);
    const info = await sdk.authInfo();
    assert.equal(info.isAnonymous, false);
    assert.deepEqual(info.scopes, ['user']);
    const me = await group(sdk, 'currentUser').show?.({ include: ['effectivePermissionSet'] });
    assert.ok(me && !Array.isArray(me.data.data));
    assert.equal(me.data.data.id.uuid, data.id.uuid);
    assert.equal(me.data.included?.[0]?.type, 'permissionSet');

    // A bad IdP token through the SDK: the call fails with 401 and the SDK keeps the user logged in.
    await assert.rejects(sdk.loginWithIdp({ idpId: IDP_ID, idpClientId: WEB, idpToken: await idToken({ aud: 'x' }) }), (e: { status?: number }) => e.status === 401);
    assert.equal((await sdk.authInfo()).isAnonymous, false);
  });
});
