/** Marketplace API: current_user/*, password_reset/*, users/show — statuses, bodies, codes, nothing changed on error. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { queryEvents } from '../../src/domain/events/index.ts';
import { anonToken, api, freshMarketplace, freshUser, integToken, startUsersServer, tokenFromMail, trustedToken, uniqueEmail, userToken, type UsersWorld } from './helpers.ts';

let w: UsersWorld;
before(async () => {
  w = await startUsersServer();
});
after(async () => w.server.close());

const code = (r: { body: { errors?: { code: string }[] } }) => r.body.errors?.[0]?.code;
const HOUR = 3600_000;

async function signUp(extra: Record<string, unknown> = {}) {
  const m = await freshMarketplace(w);
  const anon = api(w.server, 'api', await anonToken(w.server, m));
  const email = uniqueEmail();
  const password = 'correct horse';
  const res = await anon.post('current_user/create?expand=true', { email, password, firstName: 'Jane', lastName: 'Doe', ...extra });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const me = api(w.server, 'api', await userToken(w.server, m, { email, password }));
  return { m, anon, email, password, me, id: res.body.data?.id ?? '' };
}

test('create: currentUser with defaults, verification mail (token only by mail), user/created event', async () => {
  const before = w.mailer.sent.length;
  const { m, email, id, anon } = await signUp({ bio: 'hi', publicData: { a: 1 }, privateData: { p: 1 } });
  const mail = w.mailer.sent.slice(before).find((x) => x.to === email);
  assert.ok(mail);
  const token = tokenFromMail(w.mailer.sent, email);
  assert.ok(token.length >= 40);
  const row = await w.server.handle.db.selectFrom('user_email_tokens').selectAll().where('user_id', '=', id).executeTakeFirstOrThrow();
  assert.notEqual(row.token_hash, token);
  assert.match(row.token_hash, /^[0-9a-f]{64}$/);
  const events = await queryEvents(w.server.handle.db, m.marketplace.id, { eventTypes: ['user/created'] });
  assert.equal(events.length, 1);
  assert.equal(events[0]?.resourceId, id);
  // without expand: only {id, type}
  const plain = await anon.post('current_user/create', { email: uniqueEmail(), password: 'password1', firstName: 'A', lastName: 'B' });
  assert.equal(plain.status, 200);
  assert.equal(plain.body.data?.attributes, undefined);
  assert.equal(plain.body.data?.type, 'currentUser');
});

test('create: validation errors and email-taken store nothing', async () => {
  const { m, anon, email } = await signUp();
  const count = async () => Number((await w.server.handle.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('marketplace_id', '=', m.marketplace.id).executeTakeFirstOrThrow()).n);
  const n = await count();
  const base = { email: uniqueEmail(), password: 'password1', firstName: 'A', lastName: 'B' };
  const cases: [Record<string, unknown>, number, string][] = [
    [{ ...base, email: 'not-an-email' }, 400, 'validation-invalid-value'],
    [{ ...base, password: 'short' }, 400, 'validation-invalid-value'],
    [{ ...base, password: 'x'.repeat(257) }, 400, 'validation-invalid-value'],
    [{ ...base, firstName: '  ' }, 400, 'validation-invalid-value'],
    [{ ...base, surprise: 1 }, 400, 'validation-disallowed-key'],
    [{ ...base, metadata: { a: 1 } }, 400, 'validation-disallowed-key'],
    [{ ...base, publicData: { big: 'x'.repeat(51 * 1024) } }, 400, 'validation-invalid-value'],
    [{ email: base.email, password: 'password1', firstName: 'A' }, 400, 'validation-missing-key'],
    [{ ...base, email: email.toUpperCase() }, 409, 'email-taken'],
  ];
  for (const [body, status, c] of cases) {
    const r = await anon.post('current_user/create', body);
    assert.equal(r.status, status, JSON.stringify(body).slice(0, 80));
    assert.equal(code(r), c);
  }
  assert.equal(await count(), n);
});

test('show requires a user token', async () => {
  const { anon, me, email } = await signUp();
  assert.equal((await anon.get('current_user/show')).status, 403);
  const r = await me.get('current_user/show');
  assert.equal(r.status, 200);
  assert.equal(r.body.data?.attributes?.email, email);
});

test('update_profile merges extended data, null removes keys, emits user/updated with previous values', async () => {
  const { m, me, id } = await signUp({ publicData: { keep: 1, drop: 2 } });
  const r = await me.post('current_user/update_profile?expand=true', { displayName: 'JJ', bio: 'bio', publicData: { drop: null, add: { x: 1 } }, protectedData: { phone: '123' } });
  assert.equal(r.status, 200);
  const profile = r.body.data?.attributes?.profile;
  assert.deepEqual(profile?.publicData, { keep: 1, add: { x: 1 } });
  assert.equal(profile?.displayName, 'JJ');
  const [event] = await queryEvents(w.server.handle.db, m.marketplace.id, { eventTypes: ['user/updated'] });
  assert.equal(event?.resourceId, id);
  assert.deepEqual(JSON.parse(JSON.stringify(event?.previousValues)), {
    attributes: { profile: { displayName: 'Jane D', bio: null, publicData: { drop: 2, add: null }, protectedData: { phone: null } } },
    relationships: {},
  });
  for (const [body, c] of [[{ metadata: { a: 1 } }, 'validation-disallowed-key'], [{ firstName: '' }, 'validation-invalid-value'], [{ privateData: { big: 'x'.repeat(51 * 1024) } }, 'validation-invalid-value'], [{ profileImageId: '00000000-0000-4000-8000-000000000000' }, 'validation-invalid-value']] as const) {
    const bad = await me.post('current_user/update_profile', body);
    assert.equal(bad.status, 400);
    assert.equal(code(bad), c);
  }
  const after = await me.get('current_user/show');
  assert.deepEqual(after.body.data?.attributes?.profile?.publicData, { keep: 1, add: { x: 1 } });
  assert.deepEqual(after.body.data?.attributes?.profile?.privateData, {});
});

test('change_email: pendingEmail + verification to the new address; verify promotes it; errors', async () => {
  const { m, me, email, password } = await signUp();
  await me.post('current_user/verify_email', { verificationToken: tokenFromMail(w.mailer.sent, email) });
  const other = await freshUser(w, m);
  assert.equal((await me.post('current_user/change_email', { currentPassword: 'wrong password', email: uniqueEmail() })).status, 403);
  const taken = await me.post('current_user/change_email', { currentPassword: password, email: other.email });
  assert.equal(taken.status, 409);
  assert.equal(code(taken), 'email-taken');
  const bad = await me.post('current_user/change_email', { currentPassword: password, email: 'nope' });
  assert.equal(code(bad), 'validation-invalid-value');
  let shown = await me.get('current_user/show');
  assert.equal(shown.body.data?.attributes?.pendingEmail, null);

  const next = uniqueEmail('new');
  const r = await me.post('current_user/change_email?expand=true', { currentPassword: password, email: next });
  assert.equal(r.status, 200);
  assert.equal(r.body.data?.attributes?.pendingEmail, next);
  assert.equal(r.body.data?.attributes?.email, email);
  const sentBefore = w.mailer.sent.length;
  const v = await me.post('current_user/verify_email?expand=true', { verificationToken: tokenFromMail(w.mailer.sent, next) });
  assert.equal(v.status, 200);
  assert.equal(v.body.data?.attributes?.email, next);
  assert.equal(v.body.data?.attributes?.pendingEmail, null);
  assert.equal(v.body.data?.attributes?.emailVerified, true);
  // the old, verified address is told
  assert.ok(w.mailer.sent.slice(sentBefore).some((x) => x.to === email && /changed/i.test(x.subject)));
  shown = await me.get('current_user/show');
  assert.equal(shown.body.data?.attributes?.email, next);
  // the new address logs in
  await userToken(w.server, m, { email: next, password });
});

test('verify_email: single use, expires after 48 h, already verified → 409', async () => {
  const { me, email } = await signUp();
  const token = tokenFromMail(w.mailer.sent, email);
  const wrong = await me.post('current_user/verify_email', { verificationToken: 'nonsense' });
  assert.equal(wrong.status, 409);
  assert.equal(code(wrong), 'email-verification-token-invalid');
  assert.equal((await me.post('current_user/verify_email', { verificationToken: token })).status, 200);
  const again = await me.post('current_user/verify_email', { verificationToken: token });
  assert.equal(code(again), 'email-already-verified');
  const send = await me.post('current_user/send_verification_email');
  assert.equal(send.status, 409);
  assert.equal(code(send), 'email-already-verified');

  const s2 = await signUp();
  const t2 = tokenFromMail(w.mailer.sent, s2.email);
  w.clock.advance(49 * HOUR);
  try {
    const me2 = api(w.server, 'api', await userToken(w.server, s2.m, { email: s2.email, password: s2.password }));
    const expired = await me2.post('current_user/verify_email', { verificationToken: t2 });
    assert.equal(code(expired), 'email-verification-token-invalid');
  } finally {
    w.clock.advance(-49 * HOUR);
  }
});

test('send_verification_email: new tokens keep old ones valid; too many → 409', async () => {
  const { me, email } = await signUp();
  const first = tokenFromMail(w.mailer.sent, email);
  for (let i = 0; i < 4; i++) assert.equal((await me.post('current_user/send_verification_email')).status, 200);
  const tooMany = await me.post('current_user/send_verification_email');
  assert.equal(tooMany.status, 409);
  assert.equal(code(tooMany), 'email-too-many-verification-requests');
  assert.equal((await me.post('current_user/verify_email', { verificationToken: first })).status, 200);
});

test('a token of one user cannot verify another', async () => {
  const a = await signUp();
  const b = await signUp();
  const r = await b.me.post('current_user/verify_email', { verificationToken: tokenFromMail(w.mailer.sent, a.email) });
  assert.equal(code(r), 'email-verification-token-invalid');
});

test('change_password: 403 wrong password, 400 short, new password works', async () => {
  const { m, me, email, password } = await signUp();
  assert.equal((await me.post('current_user/change_password', { currentPassword: 'wrong one', newPassword: 'another pass' })).status, 403);
  const short = await me.post('current_user/change_password', { currentPassword: password, newPassword: 'short' });
  assert.equal(code(short), 'validation-invalid-value');
  await userToken(w.server, m, { email, password });
  assert.equal((await me.post('current_user/change_password', { currentPassword: password, newPassword: 'another pass' })).status, 200);
  await userToken(w.server, m, { email, password: 'another pass' });
  await assert.rejects(userToken(w.server, m, { email, password }));
});

test('password reset: email-not-found, token by mail only, 1 h expiry, single use, sessions revoked', async () => {
  const { m, anon, me, email } = await signUp();
  const unknown = await anon.post('password_reset/request', { email: uniqueEmail() });
  assert.equal(unknown.status, 409);
  assert.equal(code(unknown), 'email-not-found');
  const req = await anon.post('password_reset/request', { email: email.toUpperCase() });
  assert.equal(req.status, 200);
  assert.equal(req.body.data?.type, 'passwordReset');
  assert.doesNotMatch(JSON.stringify(req.body), /token/i);
  const token = tokenFromMail(w.mailer.sent, email);
  const wrongEmail = await anon.post('password_reset/reset', { email: uniqueEmail(), passwordResetToken: token, newPassword: 'brand new pw' });
  assert.equal(code(wrongEmail), 'password-reset-token-invalid');
  const short = await anon.post('password_reset/reset', { email, passwordResetToken: token, newPassword: 'short' });
  assert.equal(code(short), 'validation-invalid-value');
  const sentBefore = w.mailer.sent.length;
  const ok = await anon.post('password_reset/reset', { email, passwordResetToken: token, newPassword: 'brand new pw' });
  assert.equal(ok.status, 200);
  assert.ok(w.mailer.sent.slice(sentBefore).some((x) => x.to === email && /password was changed/i.test(x.subject)));
  assert.equal((await me.get('current_user/show')).status, 401);
  await userToken(w.server, m, { email, password: 'brand new pw' });
  const reuse = await anon.post('password_reset/reset', { email, passwordResetToken: token, newPassword: 'another new pw' });
  assert.equal(code(reuse), 'password-reset-token-invalid');

  await anon.post('password_reset/request', { email });
  const t2 = tokenFromMail(w.mailer.sent, email);
  w.clock.advance(2 * HOUR);
  try {
    const anon2 = api(w.server, 'api', await anonToken(w.server, m));
    const expired = await anon2.post('password_reset/reset', { email, passwordResetToken: t2, newPassword: 'another new pw' });
    assert.equal(code(expired), 'password-reset-token-invalid');
  } finally {
    w.clock.advance(-2 * HOUR);
  }
});

test('delete: trusted token only, 403 wrong password, data erased, email freed, tokens revoked, deleted trace', async () => {
  const { m, me, email, password, id, anon } = await signUp({ publicData: { a: 1 } });
  const plain = await me.post('current_user/delete', { currentPassword: password });
  assert.equal(plain.status, 403);
  const trusted = api(w.server, 'api', await trustedToken(w.server, m, { email, password }));
  assert.equal((await trusted.post('current_user/delete', { currentPassword: 'wrong password' })).status, 403);
  assert.equal((await me.get('current_user/show')).status, 200);
  const r = await trusted.post('current_user/delete', { currentPassword: password });
  assert.equal(r.status, 200);
  assert.equal(r.body.data?.id, id);
  assert.equal((await me.get('current_user/show')).status, 401);
  const row = await w.server.handle.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.deleted, true);
  assert.equal(row.email, '');
  assert.equal(row.password_hash, null);
  assert.deepEqual(row.public_data, {});
  const shown = await anon.get(`users/show?id=${id}`);
  assert.deepEqual(shown.body.data?.attributes, { banned: false, deleted: true });
  const [event] = await queryEvents(w.server.handle.db, m.marketplace.id, { eventTypes: ['user/deleted'] });
  assert.equal(event?.resource, null);
  assert.doesNotMatch(JSON.stringify(event), new RegExp(email));
  // the address is free again
  assert.equal((await anon.post('current_user/create', { email, password: 'password1', firstName: 'N', lastName: 'U' })).status, 200);
});

test('users/show: public view, 404 unknown, integration tokens refused', async () => {
  const { m, anon, id } = await signUp({ publicData: { p: 1 }, protectedData: { x: 1 } });
  const r = await anon.get(`users/show?id=${id}&include=marketplace,profileImage`);
  assert.equal(r.status, 200);
  assert.equal(r.body.data?.type, 'user');
  assert.deepEqual(r.body.data?.attributes?.profile?.publicData, { p: 1 });
  assert.equal((await anon.get('users/show?id=00000000-0000-4000-8000-000000000000')).status, 404);
  assert.equal((await anon.get('users/show')).status, 400);
  const integ = api(w.server, 'api', await integToken(w.server, m));
  assert.equal((await integ.get(`users/show?id=${id}`)).status, 403);
  const bad = await anon.get(`users/show?id=${id}&include=effectivePermissionSet`);
  assert.equal(bad.status, 400);
});
