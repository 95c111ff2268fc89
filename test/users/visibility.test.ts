/**
 * Visibility matrix: for each endpoint and caller (anonymous, another user, the user, a trusted
 * token, an Integration app), exactly the allowed attributes; nothing private or protected leaks,
 * in `data` or `included`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { anonToken, api, freshMarketplace, freshUser, integToken, startUsersServer, trustedToken, userToken, type ApiResource, type UsersWorld } from './helpers.ts';
import type { TestMarketplace } from '../support/factories.ts';
import type { TestUser } from '../support/users.ts';

let w: UsersWorld;
let m: TestMarketplace;
let target: TestUser;
const tokens: Record<string, string> = {};

const PUBLIC_KEYS = ['banned', 'createdAt', 'deleted', 'profile'];
const PUBLIC_PROFILE = ['abbreviatedName', 'bio', 'displayName', 'metadata', 'publicData'];
const FULL_KEYS = ['banned', 'createdAt', 'deleted', 'email', 'emailVerified', 'identityProviders', 'pendingEmail', 'permissions', 'profile', 'state', 'stripeChargesEnabled', 'stripeConnected', 'stripePayoutsEnabled'];
const FULL_PROFILE = ['abbreviatedName', 'bio', 'displayName', 'firstName', 'lastName', 'metadata', 'privateData', 'protectedData', 'publicData'];

before(async () => {
  w = await startUsersServer();
  m = await freshMarketplace(w);
  target = await freshUser(w, m, { firstName: 'Secret', lastName: 'Surname' });
  const other = await freshUser(w, m);
  const integ = api(w.server, 'integration_api', await integToken(w.server, m));
  const r = await integ.post('users/update_profile', {
    id: target.user.id,
    publicData: { shown: 'PUBLIC-VALUE' },
    protectedData: { hidden: 'PROTECTED-SECRET' },
    privateData: { hidden: 'PRIVATE-SECRET' },
    metadata: { meta: 'META-VALUE' },
  });
  assert.equal(r.status, 200);
  tokens.anonymous = await anonToken(w.server, m);
  tokens.other = await userToken(w.server, m, other);
  tokens.self = await userToken(w.server, m, target);
  tokens.trusted = await trustedToken(w.server, m, target);
  tokens.integration = await integToken(w.server, m);
});
after(async () => w.server.close());

const SECRETS = ['PROTECTED-SECRET', 'PRIVATE-SECRET', 'Surname', '@example.com'];

const assertPublic = (r: ApiResource | undefined) => {
  assert.equal(r?.type, 'user');
  assert.deepEqual(Object.keys(r?.attributes ?? {}).sort(), PUBLIC_KEYS);
  assert.deepEqual(Object.keys(r?.attributes?.profile ?? {}).sort(), PUBLIC_PROFILE);
  assert.deepEqual(r?.attributes?.profile?.publicData, { shown: 'PUBLIC-VALUE' });
  assert.deepEqual(r?.attributes?.profile?.metadata, { meta: 'META-VALUE' });
};
const assertFull = (r: ApiResource | undefined, type: string) => {
  assert.equal(r?.type, type);
  assert.deepEqual(Object.keys(r?.attributes ?? {}).sort(), FULL_KEYS);
  assert.deepEqual(Object.keys(r?.attributes?.profile ?? {}).sort(), FULL_PROFILE);
  assert.deepEqual(r?.attributes?.profile?.protectedData, { hidden: 'PROTECTED-SECRET' });
  assert.deepEqual(r?.attributes?.profile?.privateData, { hidden: 'PRIVATE-SECRET' });
  assert.equal(r?.attributes?.email, target.email);
};

test('Marketplace users/show: everyone (the user included) sees only the public view, data and included', async () => {
  for (const who of ['anonymous', 'other', 'self', 'trusted']) {
    const r = await api(w.server, 'api', tokens[who]).get(`users/show?id=${target.user.id}&include=profileImage,marketplace`);
    assert.equal(r.status, 200, who);
    assertPublic(r.body.data);
    const text = JSON.stringify(r.body);
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${who} sees ${secret}`);
  }
  assert.equal((await api(w.server, 'api', tokens.integration).get(`users/show?id=${target.user.id}`)).status, 403);
});

test('current_user/show: the user (plain or trusted token) sees everything; others see only themselves; anonymous is refused', async () => {
  for (const who of ['self', 'trusted']) {
    const r = await api(w.server, 'api', tokens[who]).get('current_user/show?include=effectivePermissionSet,profileImage,marketplace');
    assert.equal(r.status, 200);
    assertFull(r.body.data, 'currentUser');
  }
  const other = await api(w.server, 'api', tokens.other).get('current_user/show');
  assert.notEqual(other.body.data?.id, target.user.id);
  assert.ok(!JSON.stringify(other.body).includes('PROTECTED-SECRET'));
  assert.equal((await api(w.server, 'api', tokens.anonymous).get('current_user/show')).status, 403);
  assert.equal((await api(w.server, 'api', tokens.integration).get('current_user/show')).status, 403);
});

test('Integration users/show and users/query: everything incl. metadata; Marketplace tokens refused', async () => {
  const integ = api(w.server, 'integration_api', tokens.integration);
  assertFull((await integ.get(`users/show?id=${target.user.id}&include=profileImage,effectivePermissionSet`)).body.data, 'user');
  const q = await integ.get('users/query?perPage=100');
  assertFull(q.body.data?.find((u) => u.id === target.user.id), 'user');
  for (const who of ['anonymous', 'other', 'self', 'trusted']) {
    assert.equal((await api(w.server, 'integration_api', tokens[who]).get(`users/show?id=${target.user.id}`)).status, 403, who);
  }
});

test('another user included through a relationship is public only (listing author)', async () => {
  // users/show of the other user from the target's own session: still public
  const r = await api(w.server, 'api', tokens.self).get(`users/show?id=${target.user.id}`);
  assertPublic(r.body.data);
});

test('banned and pending users: others see the flag only / no profile content', async () => {
  await w.server.handle.db.updateTable('users').set({ state: 'banned' }).where('id', '=', target.user.id).execute();
  try {
    const r = await api(w.server, 'api', tokens.anonymous).get(`users/show?id=${target.user.id}&include=profileImage`);
    assert.deepEqual(r.body.data?.attributes, { banned: true, deleted: false });
    assert.deepEqual(r.body.data?.relationships, { profileImage: { data: null } });
    const integ = await api(w.server, 'integration_api', tokens.integration).get(`users/show?id=${target.user.id}`);
    assert.equal(integ.body.data?.attributes?.state, 'banned');
    await w.server.handle.db.updateTable('users').set({ state: 'pendingApproval' }).where('id', '=', target.user.id).execute();
    const p = await api(w.server, 'api', tokens.anonymous).get(`users/show?id=${target.user.id}`);
    assert.deepEqual(p.body.data?.attributes?.profile?.publicData, {});
    assert.ok(!JSON.stringify(p.body).includes('PUBLIC-VALUE'));
  } finally {
    await w.server.handle.db.updateTable('users').set({ state: 'active' }).where('id', '=', target.user.id).execute();
  }
});
