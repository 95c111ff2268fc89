import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openTestDb } from '../../../test/support/db.ts';
import type { DbHandle } from '../../store/db.ts';
import { DomainError } from '../errors.ts';
import { authenticateClient, createApplication, createMarketplace } from './index.ts';

let handle: DbHandle;
before(async () => {
  handle = await openTestDb();
});
after(async () => handle.close());

const slug = () => `m-${randomUUID().slice(0, 8)}`;

test('an application authenticates with its client id and secret, and the secret is stored hashed', async () => {
  const s = slug();
  const { application, clientSecret } = await handle.db.transaction().execute(async (trx) => {
    await createMarketplace(trx, { slug: s, name: 'Test' });
    return createApplication(trx, { marketplaceSlug: s, kind: 'integration', name: 'ops' });
  });
  assert.equal((await authenticateClient(handle.db, application.clientId, clientSecret))?.id, application.id);
  assert.equal(await authenticateClient(handle.db, application.clientId, clientSecret + 'x'), undefined);
  assert.equal(await authenticateClient(handle.db, randomUUID(), clientSecret), undefined);
  const row = await handle.db.selectFrom('applications').selectAll().where('id', '=', application.id).executeTakeFirstOrThrow();
  assert.ok(!row.client_secret_hash.includes(clientSecret));
  assert.match(row.client_secret_hash, /^scrypt\$/);
});

test('marketplace slugs are validated and unique', async () => {
  const s = slug();
  await handle.db.transaction().execute((trx) => createMarketplace(trx, { slug: s, name: 'One' }));
  await assert.rejects(
    handle.db.transaction().execute((trx) => createMarketplace(trx, { slug: s, name: 'Two' })),
    (e: unknown) => e instanceof DomainError && e.code === 'marketplace-slug-taken',
  );
  await assert.rejects(
    handle.db.transaction().execute((trx) => createMarketplace(trx, { slug: 'Bad Slug', name: 'x' })),
    (e: unknown) => e instanceof DomainError && e.kind === 'bad-request',
  );
});
