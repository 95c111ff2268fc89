import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb } from '../../../test/support/db.ts';
import { createTestMarketplace } from '../../../test/support/factories.ts';
import { createTestUser } from '../../../test/support/users.ts';
import type { DbHandle } from '../../store/db.ts';
import { DomainError } from '../errors.ts';
import { createUser, findUserByEmail, findUserById, verifyUserPassword } from './index.ts';

let handle: DbHandle;
before(async () => {
  handle = await openTestDb();
});
after(async () => handle.close());

test('a user is created with a hashed password and found by email case-insensitively', async () => {
  const { marketplace } = await createTestMarketplace(handle.db);
  const { user, email, password } = await createTestUser(handle.db, marketplace.id, { firstName: 'Jane', lastName: 'Doe' });
  assert.equal(user.displayName, 'Jane D');
  assert.equal((await findUserByEmail(handle.db, marketplace.id, email.toUpperCase()))?.id, user.id);
  assert.equal((await findUserById(handle.db, marketplace.id, user.id))?.email, email);
  const row = await handle.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
  assert.match(row.password_hash ?? '', /^scrypt\$/);
  assert.equal((await verifyUserPassword(handle.db, marketplace.id, email, password))?.id, user.id);
  assert.equal(await verifyUserPassword(handle.db, marketplace.id, email, `${password}x`), undefined);
  assert.equal(await verifyUserPassword(handle.db, marketplace.id, 'nobody@example.com', password), undefined);
});

test('emails are unique per marketplace regardless of case, and free across marketplaces', async () => {
  const a = await createTestMarketplace(handle.db);
  const b = await createTestMarketplace(handle.db);
  const { email } = await createTestUser(handle.db, a.marketplace.id);
  await assert.rejects(
    createTestUser(handle.db, a.marketplace.id, { email: email.toUpperCase() }),
    (e: unknown) => e instanceof DomainError && e.kind === 'conflict' && e.code === 'email-taken',
  );
  await createTestUser(handle.db, b.marketplace.id, { email });
});

test('invalid input is a bad request', async () => {
  const { marketplace } = await createTestMarketplace(handle.db);
  const base = { marketplaceId: marketplace.id, email: 'ok@example.com', password: 'long enough', firstName: 'A', lastName: 'B' };
  for (const bad of [{ email: 'nope' }, { password: 'short' }, { firstName: ' ' }]) {
    await assert.rejects(
      handle.db.transaction().execute((trx) => createUser(trx, { ...base, ...bad })),
      (e: unknown) => e instanceof DomainError && e.kind === 'bad-request',
    );
  }
});
