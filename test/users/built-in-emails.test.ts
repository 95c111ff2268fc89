/**
 * The built-in account emails the operator's actions trigger (domain §10.1): "User joined" when an
 * address is first verified, "User approved" on users/approve, "User permissions changed" on
 * users/update_permissions (only the changed ones), "Listing approved" on listings/approve. Only
 * verified addresses get them, and the marketplace's `disabledEmails` setting turns them off.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createMemoryMailer } from '../../src/domain/email/index.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { api, integToken, setMarketplaceSettings } from '../listings/helpers.ts';

const mailer = createMemoryMailer();
let server: TestServer;
let m: TestMarketplace;
let integ: ReturnType<typeof api>;

before(async () => {
  server = await startTestServer({ listen: false, mailer });
  m = await createTestMarketplace(server.handle.db, 'Built-in emails');
  integ = api(server, 'integration_api', await integToken(server, m));
});
after(async () => server.close());

async function user(opts: { verified?: boolean; state?: 'active' | 'pendingApproval' } = {}): Promise<TestUser> {
  const u = await createTestUser(server.handle.db, m.marketplace.id, { firstName: 'Vera', lastName: 'Vendor' });
  await sql`update users set email_verified = ${opts.verified ?? true}, state = ${opts.state ?? 'active'} where id = ${u.user.id}`.execute(server.handle.db);
  return u;
}

const mailsTo = (u: TestUser) => mailer.sent.filter((s) => s.to === u.email);

test('users/approve: the approved user is told; approving an active user again mails nothing', async () => {
  const u = await user({ state: 'pendingApproval' });
  const res = await integ.post('users/approve', { id: u.user.id });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const mails = mailsTo(u);
  assert.equal(mails.length, 1);
  assert.equal(mails[0]?.subject, `Your ${m.marketplace.name} account was approved`);
  assert.match(mails[0]?.text ?? '', /Hi Vera,/);
  assert.equal((await integ.post('users/approve', { id: u.user.id })).status, 200);
  assert.equal(mailsTo(u).length, 1);
});

test('users/approve: an unverified address gets nothing', async () => {
  const u = await user({ state: 'pendingApproval', verified: false });
  assert.equal((await integ.post('users/approve', { id: u.user.id })).status, 200);
  assert.equal(mailsTo(u).length, 0);
});

test('users/update_permissions: the changed permissions are listed; no change, no mail', async () => {
  const u = await user();
  const res = await integ.post('users/update_permissions', { id: u.user.id, postListings: 'permission/deny', read: 'permission/allow' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const [mail, ...rest] = mailsTo(u);
  assert.equal(rest.length, 0);
  assert.equal(mail?.subject, `Your permissions on ${m.marketplace.name} changed`);
  // read was already allowed: only postListings changed.
  assert.match(mail?.text ?? '', /Posting listings: not allowed/);
  assert.doesNotMatch(mail?.text ?? '', /Viewing the marketplace/);
  assert.equal((await integ.post('users/update_permissions', { id: u.user.id, postListings: 'permission/deny' })).status, 200);
  assert.equal(mailsTo(u).length, 1);
});

test('users/verify_email: the first verification sends the welcome ("User joined")', async () => {
  const u = await user({ verified: false });
  const res = await integ.post('users/verify_email', { id: u.user.id, email: u.email });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const mails = mailsTo(u);
  assert.deepEqual(mails.map((x) => x.subject), [`Welcome to ${m.marketplace.name}`]);
});

test('listings/approve: the author is told, with a link to the listing', async () => {
  const author = await user();
  const created = await integ.post('listings/create', { authorId: author.user.id, state: 'published', title: 'Lakeside sauna' });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const id = created.body.data?.id ?? '';
  await sql`update listings set state = 'pendingApproval' where id = ${id}`.execute(server.handle.db);
  const res = await integ.post('listings/approve', { id });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const mails = mailsTo(author);
  assert.equal(mails.length, 1);
  assert.equal(mails[0]?.subject, `Your listing Lakeside sauna was approved on ${m.marketplace.name}`);
  assert.ok((mails[0]?.text ?? '').includes(`/l/${id}`), mails[0]?.text);
  // A refused approval (already published) mails nothing.
  assert.equal((await integ.post('listings/approve', { id })).status, 409);
  assert.equal(mailsTo(author).length, 1);
});

test('the operator can turn these emails off (settings.disabledEmails)', async () => {
  await setMarketplaceSettings(server, m, { disabledEmails: ['user-approved', 'user-permissions-changed'] });
  try {
    const u = await user({ state: 'pendingApproval' });
    assert.equal((await integ.post('users/approve', { id: u.user.id })).status, 200);
    assert.equal((await integ.post('users/update_permissions', { id: u.user.id, initiateTransactions: 'permission/deny' })).status, 200);
    assert.equal(mailsTo(u).length, 0);
  } finally {
    await setMarketplaceSettings(server, m, { disabledEmails: [] });
  }
});
