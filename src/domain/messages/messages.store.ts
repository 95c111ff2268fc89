/** SQL of messages: the only code touching the `messages` table. */
import type { Selectable } from 'kysely';
import type { Executor, Trx } from '../../store/db.ts';
import type { MessagesTable } from '../../store/tables/messages-reviews.ts';
import { uniqueUuids } from '../../lib/ids.ts';
import type { Message } from './message.ts';

const toMessage = (row: Selectable<MessagesTable>): Message => ({
  id: row.id,
  marketplaceId: row.marketplace_id,
  transactionId: row.transaction_id,
  senderId: row.sender_id,
  content: row.content,
  deleted: row.deleted,
  createdAt: row.created_at,
});

/** Inserts a message. */
export async function insertMessage(trx: Trx, m: Omit<Message, 'deleted'>): Promise<Message> {
  const row = await trx
    .insertInto('messages')
    .values({
      id: m.id,
      marketplace_id: m.marketplaceId,
      transaction_id: m.transactionId,
      sender_id: m.senderId,
      content: m.content,
      created_at: m.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMessage(row);
}

/**
 * One page of messages, newest first (ties by insertion order), and the total: of one transaction
 * and/or with the given ids (at least one of the two is given).
 */
export async function selectMessages(
  db: Executor,
  q: { marketplaceId: string; transactionIds?: readonly string[]; ids?: readonly string[]; limit: number; offset: number },
): Promise<{ messages: Message[]; total: number }> {
  let base = db.selectFrom('messages').where('marketplace_id', '=', q.marketplaceId);
  if (q.transactionIds !== undefined) {
    const txIds = uniqueUuids(q.transactionIds);
    if (txIds.length === 0) return { messages: [], total: 0 };
    base = base.where('transaction_id', 'in', txIds);
  }
  if (q.ids !== undefined) {
    const ids = uniqueUuids(q.ids);
    if (ids.length === 0) return { messages: [], total: 0 };
    base = base.where('id', 'in', ids);
  }
  const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('seq', 'desc').limit(q.limit).offset(q.offset).execute();
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { messages: rows.map(toMessage), total: Number(count.n) };
}

/** The transaction ids of the given messages (unknown ids are skipped). */
export async function selectMessageTransactionIds(db: Executor, marketplaceId: string, ids: readonly string[]): Promise<string[]> {
  const valid = uniqueUuids(ids);
  if (valid.length === 0) return [];
  const rows = await db
    .selectFrom('messages')
    .select('transaction_id')
    .distinct()
    .where('marketplace_id', '=', marketplaceId)
    .where('id', 'in', valid)
    .execute();
  return rows.map((r) => r.transaction_id);
}

/** Messages of the given transactions, newest first (include resolvers: `transaction.messages`). */
export async function selectTransactionMessages(db: Executor, marketplaceId: string, transactionIds: readonly string[]): Promise<Message[]> {
  const valid = uniqueUuids(transactionIds);
  if (valid.length === 0) return [];
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('transaction_id', 'in', valid)
    .orderBy('created_at', 'desc')
    .orderBy('seq', 'desc')
    .execute();
  return rows.map(toMessage);
}

/** One message by id, or undefined. */
export async function selectMessageById(db: Executor, marketplaceId: string, id: string): Promise<Message | undefined> {
  const row = await db.selectFrom('messages').selectAll().where('marketplace_id', '=', marketplaceId).where('id', '=', id).executeTakeFirst();
  return row ? toMessage(row) : undefined;
}
