/**
 * Access control against a database and over HTTP: the loaded guards, `marketplace config` over the
 * Admin API and the `bazaar` CLI, and the private-marketplace read guard on the Marketplace API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createAdminKey } from '../../src/domain/admin/index.ts';
import {
  authorizeRead,
  authorizeUser,
  configureAccessSettings,
  initialAccessOf,
  showAccessSettings,
  type UserAction,
} from '../../src/domain/access/index.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { createUser, updateUserPermissions, type PermissionName, type User } from '../../src/domain/users/index.ts';
import type { Principal } from '../../src/domain/identity/index.ts';
import { main } from '../../src/cli/index.ts';
import { findMarketplaceById } from '../../src/domain/marketplaces/index.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';

let server: TestServer;
let adminKey: string;

before(async () => {
  server = await startTestServer();
  adminKey = (await server.handle.db.transaction().execute((trx) => createAdminKey(trx, { name: 'access-test' }))).key;
});
after(async () => server.close());

const db = () => server.handle.db;

interface TestAccount {
  user: User;
  email: string;
  password: string;
}

/** A user in a given state, optionally with user-level denies. */
async function account(mp: TestMarketplace, opts: { state?: 'active' | 'pendingApproval'; deny?: PermissionName[] } = {}): Promise<TestAccount> {
  const email = `u-${randomUUID().slice(0, 10)}@example.com`;
  const password = `pw-${randomUUID()}`;
  const marketplaceId = mp.marketplace.id;
  let user = await db().transaction().execute((trx) => createUser(trx, { marketplaceId, email, password, firstName: 'Ann', lastName: 'Lee', state: opts.state ?? 'active' }));
  if (opts.deny?.length) {
    const permissions = Object.fromEntries(opts.deny.map((p) => [p, 'permission/deny' as const]));
    user = await db()
      .transaction()
      .execute((trx) => updateUserPermissions(trx, { marketplaceId, actor: { kind: 'operator', clientId: '', requestId: null }, id: user.id, permissions, now: new Date() }));
  }
  return { user, email, password };
}

const configure = (mp: TestMarketplace, changes: Record<string, boolean>) =>
  db().transaction().execute((trx) => configureAccessSettings(trx, { marketplaceSlug: mp.marketplace.slug, changes }));

const rejectsForbidden = async (p: Promise<unknown>, code: string) =>
  assert.rejects(p, (e: unknown) => e instanceof DomainError && e.kind === 'forbidden' && e.code === code);

const principal = (mp: TestMarketplace, userId?: string): Principal => {
  const base = { marketplaceId: mp.marketplace.id, applicationId: mp.marketplaceApp.application.id, clientId: mp.marketplaceApp.clientId };
  return userId === undefined ? { kind: 'anonymous', ...base } : { kind: 'user', ...base, userId, trusted: false, loginAs: false };
};

describe('use cases on the database', () => {
  test('configure keeps other settings and returns all access settings; unknown marketplace → not-found', async () => {
    const mp = await createTestMarketplace(db());
    const before = await showAccessSettings(db(), { marketplaceSlug: mp.marketplace.slug });
    assert.equal(before.privateMarketplace, false);
    const after = await configure(mp, { privateMarketplace: true, postingNeedsPermission: true });
    assert.equal(after.privateMarketplace, true);
    assert.equal(after.postingNeedsPermission, true);
    assert.equal(after.usersNeedApproval, false);
    const again = await configure(mp, { privateMarketplace: false });
    assert.equal(again.privateMarketplace, false);
    assert.equal(again.postingNeedsPermission, true, 'untouched settings stay');
    await assert.rejects(showAccessSettings(db(), { marketplaceSlug: 'no-such-mp' }), (e: unknown) => e instanceof DomainError && e.kind === 'not-found');
  });

  test('initial access of new users', async () => {
    const mp = await createTestMarketplace(db());
    assert.deepEqual(await initialAccessOf(db(), mp.marketplace.id), {
      state: 'active',
      permissions: { postListings: 'permission/allow', initiateTransactions: 'permission/allow', read: 'permission/allow' },
    });
    await configure(mp, { usersNeedApproval: true, postingNeedsPermission: true });
    const access = await initialAccessOf(db(), mp.marketplace.id);
    assert.equal(access.state, 'pendingApproval');
    assert.equal(access.permissions.postListings, 'permission/deny');
  });

  test('authorizeRead: anonymous, pending, denied and approved callers on a private marketplace', async () => {
    const mp = await createTestMarketplace(db());
    const active = await account(mp);
    const pending = await account(mp, { state: 'pendingApproval' });
    const noRead = await account(mp, { deny: ['read'] });
    await authorizeRead(db(), principal(mp));
    await authorizeRead(db(), principal(mp, noRead.user.id));
    await configure(mp, { privateMarketplace: true });
    await rejectsForbidden(authorizeRead(db(), principal(mp)), 'permission-denied-read');
    await rejectsForbidden(authorizeRead(db(), principal(mp, pending.user.id)), 'user-pending-approval');
    await rejectsForbidden(authorizeRead(db(), principal(mp, noRead.user.id)), 'permission-denied-read');
    await rejectsForbidden(authorizeRead(db(), principal(mp, randomUUID())), 'permission-denied-read');
    await authorizeRead(db(), principal(mp, active.user.id));
    await authorizeRead(db(), { kind: 'integration', marketplaceId: mp.marketplace.id, applicationId: mp.integrationApp.application.id, clientId: mp.integrationApp.clientId });
  });

  test('authorizeUser: every action and code', async () => {
    const mp = await createTestMarketplace(db());
    const active = await account(mp);
    const pending = await account(mp, { state: 'pendingApproval' });
    const denied = await account(mp, { deny: ['postListings', 'initiateTransactions'] });
    const may = (u: TestAccount, action: UserAction) => authorizeUser(db(), { marketplaceId: mp.marketplace.id, userId: u.user.id, action });
    // Toggles off: the stored denies do not count.
    assert.equal((await may(denied, 'postListings')).id, denied.user.id);
    await may(denied, 'initiateTransactions');
    await configure(mp, { postingNeedsPermission: true, transactionsNeedPermission: true });
    await rejectsForbidden(may(denied, 'postListings'), 'permission-denied-post-listings');
    await rejectsForbidden(may(denied, 'initiateTransactions'), 'permission-denied-initiate-transactions');
    await may(denied, 'manageListings');
    await may(denied, 'transitionTransactions');
    for (const action of ['postListings', 'manageListings', 'initiateTransactions', 'transitionTransactions'] as const) {
      await rejectsForbidden(may(pending, action), 'permission-denied-pending-approval');
      await may(active, action);
    }
    await rejectsForbidden(authorizeUser(db(), { marketplaceId: mp.marketplace.id, userId: randomUUID(), action: 'postListings' }), 'forbidden');
  });
});

// ---- HTTP ----

async function admin(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: { data?: Record<string, unknown>; errors?: { code: string }[] } }> {
  const res = await fetch(`${server.baseUrl}/v1/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown> } };
}

async function token(mp: TestMarketplace, who?: TestAccount): Promise<string> {
  const form: Record<string, string> = who
    ? { grant_type: 'password', client_id: mp.marketplaceApp.clientId, username: who.email, password: who.password, scope: 'user' }
    : { grant_type: 'client_credentials', client_id: mp.marketplaceApp.clientId, scope: 'public-read' };
  const res = await fetch(`${server.baseUrl}/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  const body = (await res.json()) as { access_token?: string };
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.ok(body.access_token);
  return body.access_token;
}

async function get(path: string, accessToken: string): Promise<{ status: number; code: string | undefined }> {
  const res = await fetch(`${server.baseUrl}/v1/api/${path}`, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
  const body = (await res.json()) as { errors?: { code: string; status: number }[] };
  if (res.status >= 400) assert.equal(body.errors?.[0]?.status, res.status);
  return { status: res.status, code: body.errors?.[0]?.code };
}

/** Runs the real CLI in-process against the test server. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) }, env: { BAZAAR_URL: server.baseUrl, BAZAAR_ADMIN_KEY: adminKey } });
  return { code, out, err };
}

describe('Admin API and CLI: marketplace config', () => {
  test('show, change some, show all; validation and unknown marketplace', async () => {
    const mp = await createTestMarketplace(db());
    const slug = mp.marketplace.slug;
    const shown = await admin('GET', `/marketplace-config?marketplace=${slug}`);
    assert.equal(shown.status, 200);
    assert.deepEqual(shown.body.data, {
      marketplace: slug,
      privateMarketplace: false,
      usersNeedApproval: false,
      postingNeedsPermission: false,
      transactionsNeedPermission: false,
      listingsNeedApproval: false,
      disabledEmails: [],
      payments: 'none',
      stripeSecretKeyHint: null,
      stripeSecretKeyEncrypted: false,
      stripeWebhookSecretSet: false,
    });
    const changed = await admin('POST', '/marketplace-config', { marketplace: slug, usersNeedApproval: true });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.data?.usersNeedApproval, true);
    assert.equal(changed.body.data?.privateMarketplace, false);

    const bad = await admin('POST', '/marketplace-config', { marketplace: slug, privateMarketplace: 'yes' });
    assert.equal(bad.status, 400);
    const unknownKey = await admin('POST', '/marketplace-config', { marketplace: slug, everythingFree: true });
    assert.equal(unknownKey.status, 400);
    assert.equal(unknownKey.body.errors?.[0]?.code, 'validation-disallowed-key');
    assert.equal((await admin('GET', '/marketplace-config?marketplace=no-such-mp')).status, 404);
    const noKey = await fetch(`${server.baseUrl}/v1/admin/marketplace-config?marketplace=${slug}`);
    assert.equal(noKey.status, 401);
  });

  test('bazaar marketplace config prints the resulting settings', async () => {
    const mp = await createTestMarketplace(db());
    const slug = mp.marketplace.slug;
    const set = await cli(['marketplace', 'config', '--marketplace', slug, '--private-marketplace', 'true', '--users-need-approval', 'true', '--posting-needs-permission', 'true']);
    assert.equal(set.code, 0, set.err);
    assert.match(set.out, /private-marketplace\s+true/);
    assert.match(set.out, /users-need-approval\s+true/);
    assert.match(set.out, /posting-needs-permission\s+true/);
    assert.match(set.out, /transactions-need-permission\s+false/);
    const off = await cli(['marketplace', 'config', '--marketplace', slug, '--users-need-approval', 'false', '--json']);
    assert.equal(off.code, 0, off.err);
    assert.deepEqual(JSON.parse(off.out), {
      marketplace: slug,
      privateMarketplace: true,
      usersNeedApproval: false,
      postingNeedsPermission: true,
      transactionsNeedPermission: false,
      listingsNeedApproval: false,
      disabledEmails: [],
      payments: 'none',
      stripeSecretKeyHint: null,
      stripeSecretKeyEncrypted: false,
      stripeWebhookSecretSet: false,
    });
    const show = await cli(['marketplace', 'config', '--marketplace', slug]);
    assert.match(show.out, /private-marketplace\s+true/);
    assert.match(show.out, /users-need-approval\s+false/);
    const usage = await cli(['marketplace', 'config', '--marketplace', slug, '--private-marketplace', 'maybe']);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /must be one of true, false/);
    const missing = await cli(['marketplace', 'config', '--marketplace', 'no-such-mp']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /not-found/);
  });

  test('built-in emails turned off through the Admin API and the CLI; only the kinds an operator may turn off', async () => {
    const mp = await createTestMarketplace(db());
    const slug = mp.marketplace.slug;
    const stored = async () => (await findMarketplaceById(db(), mp.marketplace.id))?.settings.disabledEmails;
    const set = await admin('POST', '/marketplace-config', { marketplace: slug, disabledEmails: ['user-joined', 'new-message'] });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(set.body.data?.disabledEmails, ['new-message', 'user-joined']);
    // The setting the senders read (emailEnabled), other settings kept.
    assert.deepEqual(await stored(), ['new-message', 'user-joined']);
    assert.equal((await admin('POST', '/marketplace-config', { marketplace: slug, privateMarketplace: true })).body.data?.privateMarketplace, true);
    assert.deepEqual(await stored(), ['new-message', 'user-joined']);

    // Emails the operator may not turn off (password reset, email changed), unknown names, repeats: 400, nothing stored.
    for (const disabledEmails of [['reset-password'], ['new-message', 'nonsense'], ['new-message', 'new-message'], 'new-message']) {
      const bad = await admin('POST', '/marketplace-config', { marketplace: slug, disabledEmails, privateMarketplace: false });
      assert.equal(bad.status, 400, JSON.stringify(disabledEmails));
    }
    assert.deepEqual(await stored(), ['new-message', 'user-joined']);
    assert.equal((await admin('GET', `/marketplace-config?marketplace=${slug}`)).body.data?.privateMarketplace, true);

    const viaCli = await cli(['marketplace', 'config', '--marketplace', slug, '--disabled-emails', 'user-approved, listing-approved']);
    assert.equal(viaCli.code, 0, viaCli.err);
    assert.match(viaCli.out, /disabled-emails\s+listing-approved,user-approved/);
    assert.deepEqual(await stored(), ['listing-approved', 'user-approved']);
    const none = await cli(['marketplace', 'config', '--marketplace', slug, '--disabled-emails', '']);
    assert.equal(none.code, 0, none.err);
    assert.match(none.out, /disabled-emails\s+\(none\)/);
    assert.deepEqual(await stored(), []);
    const refused = await cli(['marketplace', 'config', '--marketplace', slug, '--disabled-emails', 'reset-password']);
    assert.equal(refused.code, 1);
    assert.deepEqual(await stored(), []);
 
    // Operators changing different settings at once keep each other's changes (the row is locked).
    const changes = [{ usersNeedApproval: true }, { disabledEmails: ['verify-email'] }, { listingsNeedApproval: true }, { postingNeedsPermission: true }];
    const results = await Promise.all(changes.map((c) => admin('POST', '/marketplace-config', { marketplace: slug, ...c })));
    assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 200]);
    const all = (await admin('GET', `/marketplace-config?marketplace=${slug}`)).body.data;
    assert.deepEqual(
      [all?.usersNeedApproval, all?.disabledEmails, all?.listingsNeedApproval, all?.postingNeedsPermission],
      [true, ['verify-email'], true, true],
    );
  });
});

describe('Marketplace API: private marketplace', () => {
  test('marketplace/show and users/show: anonymous 403, pending 403, read-denied 403, approved 200; public again → 200', async () => {
    const mp = await createTestMarketplace(db());
    const active = await account(mp);
    const pending = await account(mp, { state: 'pendingApproval' });
    const noRead = await account(mp, { deny: ['read'] });
    const anon = await token(mp);
    const [activeToken, pendingToken, noReadToken] = await Promise.all([token(mp, active), token(mp, pending), token(mp, noRead)]);
    const userPath = `users/show?id=${active.user.id}`;

    for (const path of ['marketplace/show', userPath]) {
      assert.equal((await get(path, anon)).status, 200, `${path} is public by default`);
      assert.equal((await get(path, noReadToken)).status, 200, 'read deny counts only on private marketplaces');
    }
    assert.equal((await cli(['marketplace', 'config', '--marketplace', mp.marketplace.slug, '--private-marketplace', 'true'])).code, 0);
    for (const path of ['marketplace/show', userPath]) {
      assert.deepEqual(await get(path, anon), { status: 403, code: 'permission-denied-read' }, path);
      assert.deepEqual(await get(path, pendingToken), { status: 403, code: 'user-pending-approval' }, path);
      assert.deepEqual(await get(path, noReadToken), { status: 403, code: 'permission-denied-read' }, path);
      assert.equal((await get(path, activeToken)).status, 200, path);
    }
    // Not a read endpoint: a pending user still sees themself.
    assert.equal((await get('current_user/show', pendingToken)).status, 200);
    await configure(mp, { privateMarketplace: false });
    assert.equal((await get('marketplace/show', anon)).status, 200);
  });
});

describe('access control applied by sign-up and listings over HTTP', () => {
  const anonToken = async (mp: TestMarketplace): Promise<string> => {
    const res = await fetch(`${server.baseUrl}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: mp.marketplaceApp.clientId, scope: 'public-read' }).toString(),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const userToken = async (mp: TestMarketplace, email: string, password: string): Promise<string> => {
    const res = await fetch(`${server.baseUrl}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: mp.marketplaceApp.clientId, username: email, password, scope: 'user' }).toString(),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const post = async (path: string, token: string, body: unknown) => {
    const res = await fetch(`${server.baseUrl}/v1/api/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { errors?: { code: string }[] } };
  };

  test('sign-up starts users the way the marketplace settings say', async () => {
    const mp = await createTestMarketplace(db());
    await configure(mp, { usersNeedApproval: true, postingNeedsPermission: true });
    const email = `new-${randomUUID().slice(0, 8)}@example.com`;
    const created = await post('current_user/create', await anonToken(mp), { email, password: 'long-enough-pw', firstName: 'Neo', lastName: 'User' });
    assert.equal(created.status, 200);
    const row = await db().selectFrom('users').select(['state', 'permissions']).where('marketplace_id', '=', mp.marketplace.id).where('email', '=', email).executeTakeFirstOrThrow();
    assert.equal(row.state, 'pendingApproval');
    assert.equal(row.permissions.postListings, 'permission/deny');
  });

  test('own_listings/create honours posting permission and approval', async () => {
    const mp = await createTestMarketplace(db());
    await configure(mp, { postingNeedsPermission: true });
    const denied = await account(mp, { deny: ['postListings'] });
    const res = await post('own_listings/create', await userToken(mp, denied.email, denied.password), { title: 'Cabin' });
    assert.equal(res.status, 403);
    assert.equal(res.body.errors?.[0]?.code, 'permission-denied-post-listings');
    const pending = await account(mp, { state: 'pendingApproval' });
    const pendingRes = await post('own_listings/create', await userToken(mp, pending.email, pending.password), { title: 'Cabin' });
    assert.equal(pendingRes.status, 403);
    assert.equal(pendingRes.body.errors?.[0]?.code, 'permission-denied-pending-approval');
    const allowed = await account(mp);
    assert.equal((await post('own_listings/create', await userToken(mp, allowed.email, allowed.password), { title: 'Cabin' })).status, 200);
  });
});
