/**
 * A command with a bad `include` answers 400 and changes nothing: the include is checked before
 * the command runs (an unknown relationship, at the top or nested, or any include where the
 * resource has none). A good include still works, nested ones too.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createListing, pushFixture, startWorld, type World } from '../transactions/helpers.ts';

let w: World;
let listingId: string;

before(async () => {
  w = await startWorld();
  await pushFixture(w, 'default-inquiry');
  listingId = await createListing(w);
});
after(async () => w.server.close());

/** Row counts of the world's marketplace, events included: a refused command leaves them all. */
async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['listings', 'transactions', 'messages', 'jobs', 'events', 'availability_exceptions', 'images']) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where marketplace_id = ${w.m.marketplace.id}`.execute(w.server.handle.db);
    out[table] = rows[0]?.n ?? -1;
  }
  return out;
}

async function profileOf(userId: string): Promise<unknown> {
  const { rows } = await sql<{ display_name: string }>`select display_name from users where id = ${userId}`.execute(w.server.handle.db);
  return rows[0]?.display_name;
}

const BAD_INCLUDES = ['nope', 'nope.x', 'listing.nope', 'author.nope.x'];

async function refused(send: (include: string) => Promise<{ status: number; body: { errors?: { code: string; source?: unknown }[] } }>): Promise<void> {
  for (const include of BAD_INCLUDES) {
    const before = await counts();
    const res = await send(include);
    assert.equal(res.status, 400, `${include}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.errors?.[0]?.code, 'validation-invalid-value');
    assert.deepEqual(res.body.errors?.[0]?.source, { path: ['include'], type: 'query' });
    assert.deepEqual(await counts(), before, `${include}: nothing stored`);
  }
}

const initiate = (caller: World['asCustomer'], query: string) =>
  caller.post(`transactions/initiate?${query}`, { processAlias: 'default-inquiry/release-1', transition: 'transition/inquire-without-payment', params: { listingId } });

test('own_listings/create', async () => {
  await refused((include) => w.asProvider.post(`own_listings/create?include=${include}`, { title: 'Blue canoe' }));
  const ok = await w.asProvider.post('own_listings/create?include=author.profileImage', { title: 'Blue canoe' });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
});

test('transactions/initiate, top-level and nested', async () => {
  await refused((include) => initiate(w.asCustomer, `include=${include}`));
  await refused((include) => initiate(w.asCustomer, `include=listing.author.${include}`));
  const ok = await initiate(w.asCustomer, 'include=listing.author,provider.profileImage,messages.sender');
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.ok(ok.body.included?.some((r) => r.type === 'listing'));
});

test('Integration transactions/update_metadata', async () => {
  const tx = await initiate(w.asCustomer, 'expand=false');
  assert.equal(tx.status, 200);
  await refused((include) => w.asInteg.post(`transactions/update_metadata?include=${include}`, { id: tx.body.data?.id, metadata: { note: 1 } }));
});

test('messages/send', async () => {
  const tx = await initiate(w.asCustomer, 'expand=false');
  const id = tx.body.data?.id;
  await refused((include) => w.asCustomer.post(`messages/send?include=${include}`, { transactionId: id, content: 'Hello' }));
  await refused((include) => w.asCustomer.post(`messages/send?include=transaction.${include}`, { transactionId: id, content: 'Hello' }));
  const ok = await w.asCustomer.post('messages/send?include=sender,transaction.listing', { transactionId: id, content: 'Hello' });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
});

test('current_user/update_profile stores nothing', async () => {
  const before = await profileOf(w.customer.user.id);
  await refused((include) => w.asCustomer.post(`current_user/update_profile?include=${include}`, { displayName: 'Changed' }));
  assert.equal(await profileOf(w.customer.user.id), before);
  const ok = await w.asCustomer.post('current_user/update_profile?include=profileImage', { displayName: 'Changed' });
  assert.equal(ok.status, 200);
  assert.equal(await profileOf(w.customer.user.id), 'Changed');
});

test('Integration listings/create and users/update_profile', async () => {
  await refused((include) => w.asInteg.post(`listings/create?include=${include}`, { authorId: w.provider.user.id, title: 'Operator canoe', state: 'published' }));
  const before = await profileOf(w.provider.user.id);
  await refused((include) => w.asInteg.post(`users/update_profile?include=${include}`, { id: w.provider.user.id, displayName: 'Op changed' }));
  assert.equal(await profileOf(w.provider.user.id), before);
});

test('availability_exceptions/create', async () => {
  await refused((include) =>
    w.asProvider.post(`availability_exceptions/create?include=${include}`, { listingId, seats: 0, start: '2030-04-01T00:00:00.000Z', end: '2030-04-02T00:00:00.000Z' }),
  );
  await refused((include) =>
    w.asProvider.post(`availability_exceptions/create?include=ownListing.${include}`, { listingId, seats: 0, start: '2030-04-01T00:00:00.000Z', end: '2030-04-02T00:00:00.000Z' }),
  );
});

test('password_reset/request: a bad query parameter is refused before any mail', async () => {
  const mails = w.mailer.sent.length;
  const res = await w.asAnon.post('password_reset/request?include=nope', { email: w.customer.email });
  assert.equal(res.status, 400);
  assert.equal(w.mailer.sent.length, mails);
});

test('Stripe commands refuse a bad include before calling the payments provider', async () => {
  // No provider is configured here: had the command run first, it would fail with another error.
  const cases: [string, unknown][] = [
    ['stripe_customer/create?include=nope', { stripePaymentMethodId: 'pm_card_visa' }],
    ['stripe_account/create?include=nope', { country: 'FI', accountToken: 'ct_x' }],
    ['current_user/create_stripe_account?include=nope', { country: 'FI', accountToken: 'ct_x' }],
  ];
  for (const [path, body] of cases) {
    const res = await w.asProvider.post(path, body);
    assert.equal(res.status, 400, `${path}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.errors?.[0]?.code, 'validation-invalid-value', path);
    assert.deepEqual(res.body.errors?.[0]?.source, { path: ['include'], type: 'query' }, path);
  }
});
