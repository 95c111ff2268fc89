import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { authenticateAdminKey, bootstrapInstance } from '../../src/domain/admin/index.ts';
import { authenticateClient } from '../../src/domain/marketplaces/index.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { openPglite, type DbHandle } from '../../src/store/db.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

// Bootstrap is instance-wide (it looks for an empty database), so each case gets its own
// in-memory PGlite instead of the shared test database.
const fresh = async (): Promise<DbHandle> => {
  const handle = await openPglite(undefined);
  await migrateToLatest(handle.db);
  return handle;
};

let a: DbHandle;
let b: DbHandle;
before(async () => {
  [a, b] = await Promise.all([fresh(), fresh()]);
});
after(async () => {
  await Promise.all([a.close(), b.close()]);
});

test('first start creates the admin key, marketplace dev and two apps; later starts repeat the ids without secrets', async () => {
  const first = await a.db.transaction().execute((trx) => bootstrapInstance(trx, { adminKey: undefined }));
  assert.equal(first.firstStart, true);
  assert.deepEqual(first.marketplace, { slug: 'dev', name: 'Dev marketplace' });
  assert.equal(first.adminKey.kind, 'generated');
  if (first.adminKey.kind !== 'generated') return;
  assert.match(first.adminKey.key, /^bzk_/);
  assert.ok(await authenticateAdminKey(a.db, first.adminKey.key));
  assert.deepEqual(first.apps.map((x) => x.kind), ['marketplace', 'integration']);
  for (const app of first.apps) {
    assert.ok(app.clientSecret);
    assert.ok(await authenticateClient(a.db, app.clientId, app.clientSecret));
  }

  const again = await a.db.transaction().execute((trx) => bootstrapInstance(trx, { adminKey: first.adminKey.kind === 'generated' ? first.adminKey.key : undefined }));
  assert.equal(again.firstStart, false);
  assert.deepEqual(again.adminKey, { kind: 'existing', envKeyKnown: true });
  assert.deepEqual(again.apps.map((x) => x.clientId), first.apps.map((x) => x.clientId));
  assert.ok(again.apps.every((x) => x.clientSecret === undefined && !x.revoked));
  assert.equal((await a.db.selectFrom('marketplaces').select('id').execute()).length, 1);
  assert.equal((await a.db.selectFrom('admin_keys').select('id').execute()).length, 1);

  const unknownKey = await a.db.transaction().execute((trx) => bootstrapInstance(trx, { adminKey: 'some-other-key-0123456789' }));
  assert.deepEqual(unknownKey.adminKey, { kind: 'existing', envKeyKnown: false });
});

test('BAZAAR_ADMIN_KEY becomes the admin key on an empty database; a short one is refused', async () => {
  await assert.rejects(
    b.db.transaction().execute((trx) => bootstrapInstance(trx, { adminKey: 'short' })),
    (e: unknown) => e instanceof DomainError && e.kind === 'bad-request',
  );
  const key = 'operator-chosen-admin-key-123';
  const result = await b.db.transaction().execute((trx) => bootstrapInstance(trx, { adminKey: key }));
  assert.equal(result.firstStart, true);
  assert.deepEqual(result.adminKey, { kind: 'from-env' });
  assert.ok(await authenticateAdminKey(b.db, key));
  const row = await b.db.selectFrom('admin_keys').select('key_hash').executeTakeFirstOrThrow();
  assert.ok(!row.key_hash.includes(key));
});
