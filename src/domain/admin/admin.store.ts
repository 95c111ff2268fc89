/** The only code that touches admin_keys and instance_settings. */
import type { Selectable } from 'kysely';
import type { Executor } from '../../store/db.ts';
import type { AdminKeysTable } from '../../store/tables/marketplaces.ts';
import type { AdminKey } from './admin.ts';

const toAdminKey = (row: Selectable<AdminKeysTable>): AdminKey => ({
  id: row.id,
  name: row.name,
  revokedAt: row.revoked_at,
  createdAt: row.created_at,
});

export async function insertAdminKey(db: Executor, k: { id: string; name: string; keyHash: string }): Promise<AdminKey> {
  const row = await db
    .insertInto('admin_keys')
    .values({ id: k.id, name: k.name, key_hash: k.keyHash, revoked_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAdminKey(row);
}

/** The live (not revoked) admin key with this SHA-256, if any. */
export async function findLiveAdminKeyByHash(db: Executor, keyHash: string): Promise<AdminKey | undefined> {
  const row = await db
    .selectFrom('admin_keys')
    .selectAll()
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row && toAdminKey(row);
}

export async function countLiveAdminKeys(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('admin_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Inserts a setting unless the key exists. Returns false when it existed. On a PostgreSQL server a
 * concurrent insert of the same key waits for the other transaction, which makes this a claim.
 */
export async function insertSettingIfAbsent(db: Executor, key: string, value: unknown): Promise<boolean> {
  const rows = await db
    .insertInto('instance_settings')
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .execute();
  return rows.length > 0;
}

export async function updateSetting(db: Executor, key: string, value: unknown): Promise<void> {
  await db.updateTable('instance_settings').set({ value: JSON.stringify(value) }).where('key', '=', key).execute();
}

export async function findSetting(db: Executor, key: string): Promise<unknown> {
  const row = await db.selectFrom('instance_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}
