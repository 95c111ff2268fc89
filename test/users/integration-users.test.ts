/** Integration API users: show, query, update_profile, approve, update_permissions, verify_email. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { queryEvents } from '../../src/domain/events/index.ts';
import { setSearchSchema, type SearchSchemaInput } from '../../src/domain/search-schemas/index.ts';
import { api, freshMarketplace, freshUser, integToken, startUsersServer, uniqueEmail, type UsersWorld } from './helpers.ts';

let w: UsersWorld;
before(async () => {
  w = await startUsersServer();
});
after(async () => w.server.close());

const code = (r: { body: { errors?: { code: string }[] } }) => r.body.errors?.[0]?.code;

async function setup() {
  const m = await freshMarketplace(w);
  const integ = api(w.server, 'integration_api', await integToken(w.server, m));
  return { m, integ };
}

test('show by id or email; 404; exactly one of id/email', async () => {
  const { m, integ } = await setup();
  const u = await freshUser(w, m);
  assert.equal((await integ.get(`users/show?id=${u.user.id}`)).body.data?.attributes?.email, u.email);
  assert.equal((await integ.get(`users/show?email=${encodeURIComponent(u.email.toUpperCase())}`)).body.data?.id, u.user.id);
  assert.equal((await integ.get('users/show?email=nobody%40example.com')).status, 404);
  assert.equal(code(await integ.get('users/show')), 'validation-invalid-params');
  assert.equal(code(await integ.get(`users/show?id=${u.user.id}&email=x`)), 'validation-invalid-params');
});

test('query: created-at range, sort, pagination, fields.user=none, filters without a schema are refused', async () => {
  const { m, integ } = await setup();
  const t0 = new Date(Date.now() - 10_000);
  const created = [];
  for (let i = 0; i < 3; i++) {
    created.push(await freshUser(w, m, { email: uniqueEmail(`q${i}`) }));
    await new Promise((r) => setTimeout(r, 5));
  }
  const all = await integ.get('users/query');
  assert.deepEqual(all.body.data?.map((u) => u.id), created.map((c) => c.user.id).reverse());
  assert.deepEqual((await integ.get('users/query?sort=-createdAt')).body.data?.map((u) => u.id), created.map((c) => c.user.id));
  const page = await integ.get('users/query?perPage=2&page=2');
  assert.equal(page.body.data?.length, 1);
  assert.deepEqual(page.body.meta, { totalItems: 3, totalPages: 2, page: 2, perPage: 2 });
  const none = await integ.get('users/query?perPage=1&fields.user=none');
  assert.deepEqual(none.body.data?.[0]?.attributes, {});
  assert.equal(none.body.meta?.totalItems, 3);
  const second = created[1]?.user.createdAt.toISOString() ?? '';
  const range = await integ.get(`users/query?createdAtStart=${t0.toISOString()}&createdAtEnd=${encodeURIComponent(second)}`);
  assert.deepEqual(range.body.data?.map((u) => u.id), [created[0]?.user.id]);
  assert.equal(code(await integ.get('users/query?pub_age=3')), 'validation-disallowed-key');
  assert.equal(code(await integ.get('users/query?sort=price')), 'validation-invalid-value');
  assert.equal(code(await integ.get('users/query?perPage=101')), 'validation-invalid-value');
});

test('query: extended-data filters against userProfile search schemas', async () => {
  const { m, integ } = await setup();
  const schemas: Omit<SearchSchemaInput, 'schemaFor'>[] = [
    { scope: 'public', key: 'color', type: 'enum', default: 'red' },
    { scope: 'public', key: 'tags', type: 'multi-enum' },
    { scope: 'metadata', key: 'vip', type: 'boolean' },
    { scope: 'private', key: 'age', type: 'long' },
    { scope: 'protected', key: 'score', type: 'long', default: 50 },
  ];
  for (const s of schemas) {
    await w.server.handle.db
      .transaction()
      .execute((trx) => setSearchSchema(trx, { marketplaceSlug: m.marketplace.slug, schemaFor: 'userProfile', now: new Date(), ...s }));
  }
  type Data = Record<string, unknown>;
  type Seed = { pub: Data; meta: Data; priv: Data; prot: Data };
  const seeds: Seed[] = [
    { pub: { color: 'blue', tags: ['a', 'b'] }, meta: { vip: true }, priv: { age: 20 }, prot: { score: 10 } },
    { pub: { tags: ['b'] }, meta: { vip: false }, priv: { age: 35 }, prot: {} },
    { pub: { color: 'green', tags: 'a' }, meta: {}, priv: { age: '40' }, prot: { score: 90 } },
    { pub: { color: 'red' }, meta: { vip: 'true' }, priv: {}, prot: { score: 50 } },
  ];
  const users: (Seed & { id: string })[] = [];
  for (const s of seeds) {
    const u = await freshUser(w, m);
    await w.server.handle.db
      .updateTable('users')
      .set({ public_data: JSON.stringify(s.pub), metadata: JSON.stringify(s.meta), private_data: JSON.stringify(s.priv), protected_data: JSON.stringify(s.prot) })
      .where('id', '=', u.user.id)
      .execute();
    users.push({ id: u.user.id, ...s });
  }
  const expected = (match: (s: (typeof users)[number]) => boolean) => users.filter(match).map((u) => u.id).sort();
  const found = async (qs: string) => {
    const r = await integ.get(`users/query?perPage=100&${qs}`);
    assert.equal(r.status, 200, qs);
    return (r.body.data ?? []).map((u) => u.id).sort();
  };
  const color = (u: Seed): unknown => u.pub.color ?? 'red';
  const tags = (u: Seed) => (Array.isArray(u.pub.tags) ? u.pub.tags : []);
  const score = (u: Seed) => (typeof u.prot.score === 'number' ? u.prot.score : 50);
  assert.deepEqual(await found('pub_color=red'), expected((u) => color(u) === 'red'));
  assert.deepEqual(await found('pub_color=blue,green'), expected((u) => color(u) === 'blue' || color(u) === 'green'));
  assert.deepEqual(await found('pub_tags=has_all:a,b'), expected((u) => tags(u).includes('a') && tags(u).includes('b')));
  assert.deepEqual(await found('pub_tags=has_any:a,b'), expected((u) => tags(u).includes('a') || tags(u).includes('b')));
  assert.deepEqual(await found('meta_vip=true'), expected((u) => u.meta.vip === true));
  assert.deepEqual(await found('priv_age=20,36'), expected((u) => typeof u.priv.age === 'number' && u.priv.age >= 20 && u.priv.age < 36));
  assert.deepEqual(await found('prot_score=40,'), expected((u) => score(u) >= 40));
  assert.deepEqual(
    await found('pub_color=red&prot_score=,60'),
    expected((u) => color(u) === 'red' && score(u) < 60),
  );
  const counted = await integ.get('users/query?perPage=1&prot_score=40,');
  assert.equal(counted.body.meta?.totalItems, expected((u) => score(u) >= 40).length);
  assert.equal(code(await integ.get('users/query?pub_size=3')), 'validation-disallowed-key');
  assert.equal(code(await integ.get('users/query?priv_age=abc')), 'validation-invalid-value');
});

test('update_profile with metadata emits user/updated from the integration API; errors change nothing', async () => {
  const { m, integ } = await setup();
  const u = await freshUser(w, m);
  const r = await integ.post('users/update_profile?expand=true', { id: u.user.id, metadata: { tier: 'gold' }, bio: 'b' });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.data?.attributes?.profile?.metadata, { tier: 'gold' });
  const [event] = await queryEvents(w.server.handle.db, m.marketplace.id, { eventTypes: ['user/updated'] });
  assert.equal(event?.source, 'source/integration-api');
  assert.deepEqual(JSON.parse(JSON.stringify(event?.previousValues)), { attributes: { profile: { bio: null, metadata: { tier: null } } }, relationships: {} });
  assert.equal((await integ.post('users/update_profile', { id: '00000000-0000-4000-8000-000000000000', bio: 'x' })).status, 404);
  assert.equal(code(await integ.post('users/update_profile', { id: u.user.id, metadata: { big: 'x'.repeat(51 * 1024) } })), 'validation-invalid-value');
  assert.equal(code(await integ.post('users/update_profile', { id: 'nope' })), 'validation-invalid-value');
  const shown = await integ.get(`users/show?id=${u.user.id}`);
  assert.deepEqual(shown.body.data?.attributes?.profile?.metadata, { tier: 'gold' });
});

test('approve, update_permissions, verify_email', async () => {
  const { m, integ } = await setup();
  const u = await freshUser(w, m);
  await w.server.handle.db.updateTable('users').set({ state: 'pendingApproval' }).where('id', '=', u.user.id).execute();
  const approved = await integ.post('users/approve?expand=true', { id: u.user.id });
  assert.equal(approved.body.data?.attributes?.state, 'active');
  await w.server.handle.db.updateTable('users').set({ state: 'banned' }).where('id', '=', u.user.id).execute();
  assert.equal(code(await integ.post('users/approve', { id: u.user.id })), 'user-is-banned');
  await w.server.handle.db.updateTable('users').set({ state: 'active' }).where('id', '=', u.user.id).execute();

  const perms = await integ.post('users/update_permissions?expand=true', { id: u.user.id, postListings: 'permission/deny', read: 'permission/allow' });
  assert.deepEqual(perms.body.data?.attributes?.permissions, { postListings: 'permission/deny', initiateTransactions: 'permission/allow', read: 'permission/allow' });
  assert.equal(code(await integ.post('users/update_permissions', { id: u.user.id, postListings: 'maybe' })), 'validation-invalid-value');
  const types = (await queryEvents(w.server.handle.db, m.marketplace.id, { eventTypes: ['user/updated'] })).map((e) => JSON.stringify(e.previousValues));
  assert.ok(types.some((t) => t.includes('pendingApproval')));
  assert.ok(types.some((t) => t.includes('postListings')));

  assert.equal(code(await integ.post('users/verify_email', { id: u.user.id, email: 'other@example.com' })), 'validation-invalid-value');
  const v = await integ.post('users/verify_email?expand=true', { id: u.user.id, email: u.email });
  assert.equal(v.body.data?.attributes?.emailVerified, true);
  assert.equal(code(await integ.post('users/verify_email', { id: u.user.id, email: u.email })), 'email-already-verified');
});
