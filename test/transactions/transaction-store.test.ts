/**
 * The transactions module's reads for other modules: the parties of a transaction and the last
 * message time (never moved back), over rows the test factory inserts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { findTransaction, findTransactionParties, noteTransactionMessage } from '../../src/domain/transactions/index.ts';
import type { DbHandle } from '../../src/store/db.ts';
import { openTestDb } from '../support/db.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestTransaction } from '../support/transactions.ts';
import { createTestUser, type TestUser } from '../support/users.ts';

let handle: DbHandle;
let m: TestMarketplace;
let customer: TestUser;
let provider: TestUser;

before(async () => {
  handle = await openTestDb();
  m = await createTestMarketplace(handle.db, 'Transaction store');
  customer = await createTestUser(handle.db, m.marketplace.id);
  provider = await createTestUser(handle.db, m.marketplace.id);
});
after(async () => handle.close());

test('findTransactionParties: customer, provider, listing and process of a transaction; undefined otherwise', async () => {
  const tx = await createTestTransaction(handle.db, { marketplaceId: m.marketplace.id, customerId: customer.user.id, providerId: provider.user.id });
  assert.deepEqual(await findTransactionParties(handle.db, m.marketplace.id, tx.id), {
    id: tx.id,
    customerId: customer.user.id,
    providerId: provider.user.id,
    listingId: tx.listingId,
    processName: 'test-process',
  });
  assert.equal(await findTransactionParties(handle.db, m.marketplace.id, randomUUID()), undefined);
  assert.equal(await findTransactionParties(handle.db, m.marketplace.id, 'not-a-uuid'), undefined);
  const other = await createTestMarketplace(handle.db, 'Other');
  assert.equal(await findTransactionParties(handle.db, other.marketplace.id, tx.id), undefined);
});

test('noteTransactionMessage: sets the last message time and never moves it back', async () => {
  const tx = await createTestTransaction(handle.db, { marketplaceId: m.marketplace.id, customerId: customer.user.id, providerId: provider.user.id });
  assert.equal((await findTransaction(handle.db, m.marketplace.id, tx.id))?.lastMessageAt, null);
  const later = new Date('2030-01-02T10:00:00Z');
  const earlier = new Date('2030-01-01T10:00:00Z');
  await handle.db.transaction().execute((trx) => noteTransactionMessage(trx, m.marketplace.id, tx.id, later));
  await handle.db.transaction().execute((trx) => noteTransactionMessage(trx, m.marketplace.id, tx.id, earlier));
  assert.equal((await findTransaction(handle.db, m.marketplace.id, tx.id))?.lastMessageAt?.toISOString(), later.toISOString());
});
