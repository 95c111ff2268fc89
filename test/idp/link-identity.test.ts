import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb } from '../support/db.ts';
import { createTestMarketplace } from '../support/factories.ts';
import { DomainError } from '../../src/domain/errors.ts';
import {
  JwksCache,
  addIdentityProvider,
  deleteUserIdentities,
  findUserIdByIdentity,
  linkIdentity,
  listUserIdentities,
  resolveIdpLogin,
  type FacebookGraph,
  type IdpDeps,
  type LinkIdentityInput,
} from '../../src/domain/idp/index.ts';
import { createUser, type User } from '../../src/domain/users/index.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import type { DbHandle } from '../../src/store/db.ts';
import { startLocalIdp, type LocalIdp } from './oidc-fixture.ts';

const CLIENT = 'web-client';
const noFacebook: FacebookGraph = {
  inspectToken: () => Promise.reject(new Error('not a facebook test')),
  fetchProfile: () => Promise.reject(new Error('not a facebook test')),
};

let handle: DbHandle;
let idp: LocalIdp;
const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));
const deps: IdpDeps = { clock, jwks: new JwksCache(), facebook: noFacebook };

before(async () => {
  [handle, idp] = await Promise.all([openTestDb(), startLocalIdp()]);
});
after(async () => {
  await idp.close();
  await handle.close();
});

/** A marketplace with the local OIDC IdP configured as `acme`. */
const marketplaceWithIdp = async (): Promise<string> => {
  const { marketplace } = await createTestMarketplace(handle.db);
  await handle.db.transaction().execute((trx) =>
    addIdentityProvider(trx, { marketplaceId: marketplace.id, idpId: 'acme', type: 'oidc', issuer: idp.issuer, jwksUrl: idp.jwksUrl, clientIds: [CLIENT] }),
  );
  return marketplace.id;
};

const user = async (marketplaceId: string, email: string, opts: { verified?: boolean; banned?: boolean } = {}): Promise<User> => {
  const created = await handle.db
    .transaction()
    .execute((trx) => createUser(trx, { marketplaceId, email, password: 'correct horse', firstName: 'Ada', lastName: 'L' }));
  // Test setup only: the users module has no verify/ban use case yet.
  await handle.db
    .updateTable('users')
    .set({ email_verified: opts.verified ?? true, state: opts.banned ? 'banned' : 'active' })
    .where('id', '=', created.id)
    .execute();
  return created;
};

const link = (input: LinkIdentityInput) => handle.db.transaction().execute((trx) => linkIdentity(trx, input));

const login = async (marketplaceId: string, claims: Record<string, unknown>) => {
  const idpToken = await idp.sign({ aud: CLIENT, ...claims }, { now: clock.now() });
  return handle.db.transaction().execute((trx) => resolveIdpLogin(trx, deps, { marketplaceId, idpId: 'acme', idpClientId: CLIENT, idpToken }));
};

const rejectsWith = (promise: Promise<unknown>, code: string, kind: string) =>
  assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof DomainError, `expected a DomainError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.equal(e.kind, kind);
    return true;
  });

test('linkIdentity links an IdP account once; findUserIdByIdentity finds it', async () => {
  const m = await marketplaceWithIdp();
  const ada = await user(m, 'ada@example.com');
  const bob = await user(m, 'bob@example.com');
  const key = { marketplaceId: m, idpId: 'acme', subject: 'acme|1' };
  assert.equal(await findUserIdByIdentity(handle.db, key), undefined);

  const linked = await link({ ...key, userId: ada.id, email: 'ada@example.com' });
  assert.equal(linked.userId, ada.id);
  assert.equal(linked.subject, 'acme|1');
  assert.equal(await findUserIdByIdentity(handle.db, key), ada.id);

  // again for the same user: a no-op
  assert.equal((await link({ ...key, userId: ada.id, email: undefined })).email, 'ada@example.com');
  // for another user: refused, and the transaction stays usable (no aborted statement)
  await handle.db.transaction().execute(async (trx) => {
    await rejectsWith(linkIdentity(trx, { ...key, userId: bob.id, email: null }), 'idp-identity-taken', 'conflict');
    assert.equal(await findUserIdByIdentity(trx, key), ada.id);
  });

  // a user may have several IdP accounts
  await link({ marketplaceId: m, idpId: 'google', subject: 'g-1', userId: ada.id, email: null });
  assert.deepEqual((await listUserIdentities(handle.db, m, ada.id)).map((i) => i.idpId).sort(), ['acme', 'google']);

  // same subject in another marketplace is another identity
  const other = await marketplaceWithIdp();
  assert.equal(await findUserIdByIdentity(handle.db, { ...key, marketplaceId: other }), undefined);

  assert.equal(await handle.db.transaction().execute((trx) => deleteUserIdentities(trx, m, ada.id)), 2);
  assert.equal(await findUserIdByIdentity(handle.db, key), undefined);
});

test('resolveIdpLogin: a linked IdP account logs its user in, whatever the email', async () => {
  const m = await marketplaceWithIdp();
  const ada = await user(m, 'ada@example.com', { verified: false });
  await link({ marketplaceId: m, idpId: 'acme', subject: 'acme|7', userId: ada.id, email: null });
  assert.deepEqual(await login(m, { sub: 'acme|7' }), { userId: ada.id });
  assert.deepEqual(await login(m, { sub: 'acme|7', email: 'other@example.com', email_verified: false }), { userId: ada.id });
});

test('resolveIdpLogin: verified IdP email = verified user email links the account permanently', async () => {
  const m = await marketplaceWithIdp();
  const ada = await user(m, 'Ada@Example.com');
  assert.deepEqual(await login(m, { sub: 'acme|8', email: 'ada@example.COM', email_verified: true }), { userId: ada.id });
  assert.equal(await findUserIdByIdentity(handle.db, { marketplaceId: m, idpId: 'acme', subject: 'acme|8' }), ada.id);
  // from now on the link is enough, even without an email
  assert.deepEqual(await login(m, { sub: 'acme|8' }), { userId: ada.id });
});

test('resolveIdpLogin: unverified email on either side is refused and nothing is linked', async () => {
  const m = await marketplaceWithIdp();
  await user(m, 'ada@example.com');
  await user(m, 'eve@example.com', { verified: false });
  await rejectsWith(login(m, { sub: 'acme|9', email: 'ada@example.com', email_verified: false }), 'idp-email-unverified', 'forbidden');
  await rejectsWith(login(m, { sub: 'acme|9', email: 'ada@example.com' }), 'idp-email-unverified', 'forbidden');
  await rejectsWith(login(m, { sub: 'acme|10', email: 'eve@example.com', email_verified: true }), 'idp-email-unverified', 'forbidden');
  assert.equal(await findUserIdByIdentity(handle.db, { marketplaceId: m, idpId: 'acme', subject: 'acme|9' }), undefined);
  assert.equal(await findUserIdByIdentity(handle.db, { marketplaceId: m, idpId: 'acme', subject: 'acme|10' }), undefined);
});

test('resolveIdpLogin: no linked user and no user with the email', async () => {
  const m = await marketplaceWithIdp();
  await rejectsWith(login(m, { sub: 'acme|11', email: 'nobody@example.com', email_verified: true }), 'idp-user-not-found', 'forbidden');
  await rejectsWith(login(m, { sub: 'acme|11' }), 'idp-user-not-found', 'forbidden');
  // a user of another marketplace does not count
  const other = await marketplaceWithIdp();
  await user(other, 'carol@example.com');
  await rejectsWith(login(m, { sub: 'acme|12', email: 'carol@example.com', email_verified: true }), 'idp-user-not-found', 'forbidden');
});

test('resolveIdpLogin: banned users cannot log in, linked or by email', async () => {
  const m = await marketplaceWithIdp();
  const mallory = await user(m, 'mallory@example.com', { banned: true });
  await rejectsWith(login(m, { sub: 'acme|13', email: 'mallory@example.com', email_verified: true }), 'user-is-banned', 'conflict');
  await link({ marketplaceId: m, idpId: 'acme', subject: 'acme|14', userId: mallory.id, email: null });
  await rejectsWith(login(m, { sub: 'acme|14' }), 'user-is-banned', 'conflict');
});

test('resolveIdpLogin: a bad token fails before any user lookup', async () => {
  const m = await marketplaceWithIdp();
  await user(m, 'ada@example.com');
  await rejectsWith(login(m, { sub: 'acme|15', aud: 'someone-else', email: 'ada@example.com', email_verified: true }), 'idp-token-invalid', 'forbidden');
  assert.equal(await findUserIdByIdentity(handle.db, { marketplaceId: m, idpId: 'acme', subject: 'acme|15' }), undefined);
});
