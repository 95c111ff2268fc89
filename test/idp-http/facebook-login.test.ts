/**
 * Facebook social login over HTTP through a stand-in FacebookGraph (no outside network here), and
 * an unreachable IdP: 500 without leaking the token.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { IdpUnavailableError, JwksCache, addIdentityProvider, type FacebookGraph } from '../../src/domain/idp/index.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';

const APP_ID = '424242';
let down = false;
/** Tokens `fb-<user id>` are valid for APP_ID; `fb-down` when the Graph API is down. */
const graph: FacebookGraph = {
  inspectToken: async ({ accessToken }) => {
    if (down) throw new IdpUnavailableError('graph down');
    const userId = accessToken.startsWith('fb-') ? accessToken.slice(3) : undefined;
    return { isValid: userId !== undefined, appId: APP_ID, userId, expiresAt: undefined };
  },
  fetchProfile: async ({ accessToken }) => {
    const id = accessToken.slice(3);
    return { id, email: `${id}@fb.example`, firstName: 'Fay', lastName: 'Book', name: 'Fay Book' };
  },
};

let server: TestServer;
let mp: TestMarketplace;

before(async () => {
  server = await startTestServer({ listen: false, idp: { clock: systemClock, jwks: new JwksCache(), facebook: graph } });
  mp = await createTestMarketplace(server.handle.db);
  await server.handle.db
    .transaction()
    .execute((trx) => addIdentityProvider(trx, { marketplaceId: mp.marketplace.id, idpId: 'facebook', type: 'facebook', clientIds: [APP_ID], appSecret: 'app-secret' }));
});
after(async () => server.close());

async function anonToken(): Promise<string> {
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/auth/token',
    payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: mp.marketplaceApp.clientId, scope: 'public-read' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  return res.json<{ access_token: string }>().access_token;
}

const createWithIdp = async (idpToken: string) =>
  server.app.inject({
    method: 'POST',
    url: '/v1/api/current_user/create_with_idp?expand=true',
    headers: { authorization: `Bearer ${await anonToken()}`, accept: 'application/json' },
    payload: { idpId: 'facebook', idpClientId: APP_ID, idpToken },
  });

const authWithIdp = (idpToken: string) =>
  server.app.inject({
    method: 'POST',
    url: '/v1/auth/auth_with_idp',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ client_id: mp.marketplaceApp.clientId, client_secret: mp.marketplaceApp.clientSecret, idp_id: 'facebook', idp_client_id: APP_ID, idp_token: idpToken }).toString(),
  });

test('facebook: sign up with the Graph profile, then log in', async () => {
  const token = `fb-${randomUUID().slice(0, 8)}`;
  const created = await createWithIdp(token);
  assert.equal(created.statusCode, 200, created.body);
  const attrs = created.json<{ data: { attributes: { email: string; emailVerified: boolean; profile: { firstName: string } } } }>().data.attributes;
  assert.equal(attrs.email, `${token.slice(3)}@fb.example`);
  assert.equal(attrs.emailVerified, true);
  assert.equal(attrs.profile.firstName, 'Fay');
  const login = await authWithIdp(token);
  assert.equal(login.statusCode, 200, login.body);
  assert.equal(login.json<{ scope: string }>().scope, 'user');
  const bad = await authWithIdp('not-facebook');
  assert.equal(bad.statusCode, 401);
  assert.equal(bad.json<{ error: string }>().error, 'invalid_grant');
  const wrongApp = await createWithIdp('not-facebook');
  assert.equal(wrongApp.statusCode, 403);
});

test('an unreachable IdP is an opaque 500 on both APIs, without the token', async () => {
  down = true;
  try {
    const login = await authWithIdp('fb-secret-token-value');
    assert.equal(login.statusCode, 500);
    assert.equal(login.json<{ error: string }>().error, 'server_error');
    assert.ok(!login.body.includes('secret-token-value'));
    const created = await createWithIdp('fb-secret-token-value');
    assert.equal(created.statusCode, 500);
    assert.ok(!created.body.includes('secret-token-value'));
  } finally {
    down = false;
  }
});
