/**
 * Accounts through the real SDKs: sign up, verification mail over real SMTP, verify, log in,
 * profile, email and password changes, password reset, deletion with a trusted token; and the
 * Integration SDK's users endpoints.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { group, integrationSdk, integrationSdkModule, marketplaceSdk, sharetribeSdk, type EndpointGroup, type SdkError, type SdkResource } from '../support/sdk.ts';

/** One endpoint of a group (fails loudly when the SDK lacks it). */
const fn = (g: EndpointGroup, name: string) => {
  const f = g[name];
  if (!f) throw new Error(`the SDK has no endpoint ${name}`);
  return f;
};

let smtp: SmtpInbox;
let server: TestServer;
let m: TestMarketplace;

before(async () => {
  smtp = await startSmtpInbox();
  server = await startTestServer({ env: { BAZAAR_SMTP_URL: `smtp://127.0.0.1:${smtp.port}?ignoreTLS=true` } });
  m = await createTestMarketplace(server.handle.db);
});
after(async () => {
  await server.close();
  await smtp.close();
});

/** The token (`t=` of the link) of the newest mail to `to` whose subject matches. */
async function mailedToken(to: string, subject: RegExp): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const mail = [...smtp.received].reverse().find((x) => x.to.includes(to) && subject.test(x.raw.replace(/=\r?\n/g, '')));
    if (mail) {
      // quoted-printable: undo soft breaks and =3D before reading the link
      const text = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      const match = /[?&]t=([A-Za-z0-9_%-]+)/.exec(text);
      if (match?.[1]) return decodeURIComponent(match[1]);
    }
    await Promise.race([smtp.next(), new Promise<void>((resolve) => setTimeout(resolve, 100))]);
  }
  throw new Error(`no mail to ${to} matching ${subject}`);
}

const attrs = (r: { data: unknown }): Record<string, unknown> => {
  const data = r.data;
  if (typeof data === 'object' && data !== null && 'data' in data) {
    const inner = data.data;
    if (typeof inner === 'object' && inner !== null && 'attributes' in inner && typeof inner.attributes === 'object' && inner.attributes !== null) {
      return Object.fromEntries(Object.entries(inner.attributes));
    }
  }
  return {};
};

test('sign up → verify over SMTP → login → profile → change email and password → reset → delete with trusted token', async () => {
  const sdk = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId);
  const currentUser = group(sdk, 'currentUser');
  const email = `sdk-${Date.now()}@example.com`;
  const created = await fn(currentUser, 'create')({ email, password: 'first password', firstName: 'Ada', lastName: 'Lovelace' }, { expand: true });
  assert.equal(created.status, 200);
  const verificationToken = await mailedToken(email, /Verify your email/);

  await sdk.login({ username: email, password: 'first password' });
  const verified = await fn(currentUser, 'verifyEmail')({ verificationToken }, { expand: true });
  assert.equal(attrs(verified).emailVerified, true);

  const updated = await fn(currentUser, 'updateProfile')({ displayName: 'Ada L.', publicData: { lang: 'en' } }, { expand: true });
  assert.equal((attrs(updated).profile as { displayName: string }).displayName, 'Ada L.');

  // Profile image: upload through the SDK, set it, read its variants back through the include.
  const bytes = await sharp({ create: { width: 500, height: 400, channels: 3, background: '#aa3355' } }).jpeg().toBuffer();
  const uploaded = await fn(group(sdk, 'images'), 'upload')({ image: new Blob([bytes], { type: 'image/jpeg' }) }, { expand: true });
  const imageId = (uploaded.data.data as SdkResource).id;
  const withImage = await fn(currentUser, 'updateProfile')(
    { profileImageId: imageId },
    { expand: true, include: ['profileImage'], 'fields.image': ['variants.square-small'] },
  );
  const image = withImage.data.included?.find((r) => r.type === 'image');
  assert.equal(image?.id.uuid, imageId.uuid);
  const variants = image?.attributes.variants as Record<string, { width: number; height: number; url: string }>;
  assert.deepEqual(Object.keys(variants), ['square-small']);
  const variant = await fetch(`${server.baseUrl}${new URL(variants['square-small']?.url ?? '').pathname}`);
  assert.equal(variant.status, 200);
  assert.deepEqual(await sharp(Buffer.from(await variant.arrayBuffer())).metadata().then((m) => [m.width, m.height]), [240, 240]);

  const newEmail = `sdk2-${Date.now()}@example.com`;
  const changed = await fn(currentUser, 'changeEmail')({ currentPassword: 'first password', email: newEmail }, { expand: true });
  assert.equal(attrs(changed).pendingEmail, newEmail);
  await fn(currentUser, 'verifyEmail')({ verificationToken: await mailedToken(newEmail, /new email/) });
  await assert.rejects(fn(currentUser, 'changePassword')({ currentPassword: 'wrong password', newPassword: 'second password' }), (e: SdkError) => e.status === 403);
  await fn(currentUser, 'changePassword')({ currentPassword: 'first password', newPassword: 'second password' });
  const me = await fn(currentUser, 'show')();
  assert.equal(attrs(me).email, newEmail);

  const anonSdk = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId);
  const passwordReset = group(anonSdk, 'passwordReset');
  await assert.rejects(fn(passwordReset, 'request')({ email: 'nobody@example.com' }), (e: SdkError) => e.status === 409 && e.data?.errors?.[0]?.code === 'email-not-found');
  await fn(passwordReset, 'request')({ email: newEmail });
  const passwordResetToken = await mailedToken(newEmail, /Reset your/);
  await fn(passwordReset, 'reset')({ email: newEmail, passwordResetToken, newPassword: 'third password' });

  const fresh = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId, { clientSecret: m.marketplaceApp.clientSecret });
  await fresh.login({ username: newEmail, password: 'third password' });
  const exchanged = await fresh.exchangeToken();
  const store = sharetribeSdk.tokenStore.memoryStore();
  store.setToken(exchanged.data);
  const trusted = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId, { tokenStore: store });
  const deleted = await fn(group(trusted, 'currentUser'), 'delete')({ currentPassword: 'third password' });
  assert.equal(deleted.status, 200);
  const publicView = await fn(group(anonSdk, 'users'), 'show')({ id: new sharetribeSdk.types.UUID(attrsId(created)) });
  assert.equal(attrs(publicView).deleted, true);
});

const attrsId = (r: { data: unknown }): string => {
  const data = r.data;
  if (typeof data === 'object' && data !== null && 'data' in data) {
    const inner = data.data;
    if (typeof inner === 'object' && inner !== null && 'id' in inner && typeof inner.id === 'object' && inner.id !== null && 'uuid' in inner.id && typeof inner.id.uuid === 'string') {
      return inner.id.uuid;
    }
  }
  throw new Error('no id');
};

test('Integration SDK: users show by id and email, query, updateProfile with metadata, approve, updatePermissions, verifyEmail', async () => {
  const mp = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId);
  const email = `integ-${Date.now()}@example.com`;
  const created = await fn(group(mp, 'currentUser'), 'create')({ email, password: 'some password', firstName: 'Grace', lastName: 'Hopper' }, { expand: true });
  const id = attrsId(created);
  const uuid = new integrationSdkModule.types.UUID(id);
  await server.handle.db.updateTable('users').set({ state: 'pendingApproval' }).where('id', '=', id).execute();

  const isdk = integrationSdk(server.baseUrl, m.integrationApp.clientId, m.integrationApp.clientSecret);
  const users = group(isdk, 'users');
  assert.equal(attrs(await fn(users, 'show')({ id: uuid })).email, email);
  assert.equal(attrsId(await fn(users, 'show')({ email })), id);
  const q = await fn(users, 'query')({ perPage: 1, 'fields.user': 'none' });
  const doc = q.data as { data: SdkResource[]; meta: { totalItems: number } };
  assert.ok(doc.meta.totalItems >= 1);
  assert.deepEqual(doc.data[0]?.attributes ?? {}, {});
  const up = await fn(users, 'updateProfile')({ id: uuid, metadata: { tier: 'gold' }, privateData: { note: 'x' } }, { expand: true });
  assert.deepEqual((attrs(up).profile as { metadata: unknown }).metadata, { tier: 'gold' });
  assert.equal(attrs(await fn(users, 'approve')({ id: uuid }, { expand: true })).state, 'active');
  const perms = await fn(users, 'updatePermissions')({ id: uuid, postListings: 'permission/deny' }, { expand: true });
  assert.equal((attrs(perms).permissions as { postListings: string }).postListings, 'permission/deny');
  assert.equal(attrs(await fn(users, 'verifyEmail')({ id: uuid, email }, { expand: true })).emailVerified, true);
});
