/** SQL of reviews: the only code touching the `reviews` table. */
import type { Selectable } from 'kysely';
import type { Executor, Trx } from '../../store/db.ts';
import type { ReviewsTable } from '../../store/tables/messages-reviews.ts';
import { isUuid, uniqueUuids } from '../../lib/ids.ts';
import type { Review, ReviewState, ReviewType } from './review.ts';

const toReview = (row: Selectable<ReviewsTable>): Review => ({
  id: row.id,
  marketplaceId: row.marketplace_id,
  transactionId: row.transaction_id,
  listingId: row.listing_id,
  authorId: row.author_id,
  subjectId: row.subject_id,
  type: row.type,
  state: row.state,
  rating: row.rating,
  content: row.content,
  deleted: row.deleted,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * Inserts a review unless its author already reviewed the transaction (the unique index decides,
 * also between concurrent transitions): undefined then, and the caller's transaction stays usable.
 */
export async function insertReviewOnce(trx: Trx, r: Omit<Review, 'deleted' | 'createdAt' | 'updatedAt'> & { at: Date | undefined }): Promise<Review | undefined> {
  const row = await trx
    .insertInto('reviews')
    .values({
      id: r.id,
      marketplace_id: r.marketplaceId,
      transaction_id: r.transactionId,
      listing_id: r.listingId,
      author_id: r.authorId,
      subject_id: r.subjectId,
      type: r.type,
      state: r.state,
      rating: r.rating,
      content: r.content,
      ...(r.at ? { created_at: r.at, updated_at: r.at } : {}),
    })
    .onConflict((oc) => oc.columns(['transaction_id', 'author_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toReview(row);
}

/** Whether the author has reviewed the transaction. */
export async function hasReviewed(db: Executor, marketplaceId: string, transactionId: string, authorId: string): Promise<boolean> {
  const row = await db
    .selectFrom('reviews')
    .select('id')
    .where('marketplace_id', '=', marketplaceId)
    .where('transaction_id', '=', transactionId)
    .where('author_id', '=', authorId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Makes the transaction's pending reviews public; returns them as they were before (oldest first). */
export async function publishPendingReviews(trx: Trx, marketplaceId: string, transactionId: string, at: Date | undefined): Promise<{ before: Review; after: Review }[]> {
  const pending = await trx
    .selectFrom('reviews')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('transaction_id', '=', transactionId)
    .where('state', '=', 'pending')
    .where('deleted', '=', false)
    .orderBy('seq')
    .forUpdate()
    .execute();
  if (pending.length === 0) return [];
  const rows = await trx
    .updateTable('reviews')
    .set((eb) => ({ state: 'public', updated_at: at ?? eb.fn<Date>('now') }))
    .where('id', 'in', pending.map((r) => r.id))
    .returningAll()
    .execute();
  const after = new Map(rows.map((row) => [row.id, toReview(row)]));
  return pending.flatMap((row) => {
    const published = after.get(row.id);
    return published ? [{ before: toReview(row), after: published }] : [];
  });
}

/** A review by id (deleted ones included: callers decide). */
export async function findReviewRow(db: Executor, marketplaceId: string, id: string): Promise<Review | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db.selectFrom('reviews').selectAll().where('marketplace_id', '=', marketplaceId).where('id', '=', id).executeTakeFirst();
  return row && toReview(row);
}

/** Filters of a review query; all optional, combined with AND. */
export interface ReviewFilters {
  listingId?: string | undefined;
  subjectId?: string | undefined;
  transactionId?: string | undefined;
  type?: ReviewType | undefined;
  state?: ReviewState | undefined;
  /** Pending reviews only when written by this user (undefined: none; 'all': every one, operators). */
  pendingVisibleTo: string | 'all' | undefined;
}

/** One page of live reviews matching the filters, newest first (ties by insertion order), and the total. */
export async function selectReviews(
  db: Executor,
  q: { marketplaceId: string; filters: ReviewFilters; limit: number; offset: number },
): Promise<{ reviews: Review[]; total: number }> {
  const f = q.filters;
  let base = db.selectFrom('reviews').where('marketplace_id', '=', q.marketplaceId).where('deleted', '=', false);
  if (f.listingId !== undefined) base = base.where('listing_id', '=', f.listingId);
  if (f.subjectId !== undefined) base = base.where('subject_id', '=', f.subjectId);
  if (f.transactionId !== undefined) base = base.where('transaction_id', '=', f.transactionId);
  if (f.type !== undefined) base = base.where('type', '=', f.type);
  if (f.state !== undefined) base = base.where('state', '=', f.state);
  const pendingFor = f.pendingVisibleTo;
  if (pendingFor === undefined) base = base.where('state', '=', 'public');
  else if (pendingFor !== 'all') base = base.where((eb) => eb.or([eb('state', '=', 'public'), eb('author_id', '=', pendingFor)]));
  const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('seq', 'desc').limit(q.limit).offset(q.offset).execute();
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { reviews: rows.map(toReview), total: Number(count.n) };
}

/** Live reviews of the given transactions, oldest first (include resolvers: `transaction.reviews`). */
export async function selectTransactionReviews(db: Executor, marketplaceId: string, transactionIds: readonly string[]): Promise<Review[]> {
  const valid = uniqueUuids(transactionIds);
  if (valid.length === 0) return [];
  const rows = await db
    .selectFrom('reviews')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('transaction_id', 'in', valid)
    .where('deleted', '=', false)
    .orderBy('seq')
    .execute();
  return rows.map(toReview);
}
