/** SQL of the built-in test provider: its Stripe-shaped objects and its idempotency cache. */
import { sql } from 'kysely';
import type { Executor, Trx } from '../../../store/db.ts';
import type { PaymentJson, PaymentJsonObject, TestProviderObject } from '../../../store/tables/payments.ts';

/** An object by id, locked for the rest of the transaction when `lock` (read-modify-write). */
export async function selectTestObject(db: Executor, marketplaceId: string, id: string, lock = false): Promise<TestProviderObject | undefined> {
  let q = db.selectFrom('test_provider_objects').select('data').where('marketplace_id', '=', marketplaceId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  return (await q.executeTakeFirst())?.data;
}

/** Inserts or replaces an object. */
export async function upsertTestObject(trx: Trx, marketplaceId: string, obj: TestProviderObject, now: Date): Promise<void> {
  const data = JSON.stringify(obj);
  await trx
    .insertInto('test_provider_objects')
    .values({ marketplace_id: marketplaceId, id: obj.id, object: obj.object, data, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['marketplace_id', 'id']).doUpdateSet({ data, updated_at: now }))
    .execute();
}

export async function deleteTestObject(trx: Trx, marketplaceId: string, id: string): Promise<void> {
  await trx.deleteFrom('test_provider_objects').where('marketplace_id', '=', marketplaceId).where('id', '=', id).execute();
}

export type StoredTestResponse = { ok: PaymentJson } | { error: PaymentJsonObject } | { pending: true };

/** The answer stored for an idempotency key, with the fingerprint of the request that made it. */
export async function selectTestResponse(db: Executor, marketplaceId: string, key: string): Promise<{ fingerprint: string; response: StoredTestResponse; createdAt: Date } | undefined> {
  const row = await db
    .selectFrom('test_provider_requests')
    .select(['fingerprint', 'response', 'created_at'])
    .where('marketplace_id', '=', marketplaceId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row && { fingerprint: row.fingerprint, response: row.response, createdAt: row.created_at };
}

/**
 * Claims an idempotency key for a request about to run (committed at once, so a concurrent request
 * with the same key sees it in use). A claim older than `staleBefore` was abandoned (a crash) and is
 * taken over. False when the key is held or answered.
 */
export async function claimTestRequest(db: Executor, marketplaceId: string, key: string, fingerprint: string, now: Date, staleBefore: Date): Promise<boolean> {
  await db
    .deleteFrom('test_provider_requests')
    .where('marketplace_id', '=', marketplaceId)
    .where('idempotency_key', '=', key)
    .where('created_at', '<', staleBefore)
    .where(sql<boolean>`response ? 'pending'`)
    .execute();
  const row = await db
    .insertInto('test_provider_requests')
    .values({ marketplace_id: marketplaceId, idempotency_key: key, fingerprint, response: JSON.stringify({ pending: true }), created_at: now })
    .onConflict((oc) => oc.doNothing())
    .returning('idempotency_key')
    .executeTakeFirst();
  return row !== undefined;
}

/** Stores the answer of a claimed request (in the request's own transaction). */
export async function answerTestRequest(trx: Trx, marketplaceId: string, key: string, response: StoredTestResponse): Promise<void> {
  await trx
    .updateTable('test_provider_requests')
    .set({ response: JSON.stringify(response) })
    .where('marketplace_id', '=', marketplaceId)
    .where('idempotency_key', '=', key)
    .execute();
}

/** Releases a claim whose request did not run (a validation error): the key may be used again, as at Stripe. */
export async function releaseTestRequest(db: Executor, marketplaceId: string, key: string): Promise<void> {
  await db.deleteFrom('test_provider_requests').where('marketplace_id', '=', marketplaceId).where('idempotency_key', '=', key).where(sql<boolean>`response ? 'pending'`).execute();
}
