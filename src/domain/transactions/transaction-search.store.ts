/**
 * The SQL of transactions/query. It reads the booking and stock reservation of each transaction
 * (the capacity tables, at most one of each per transaction by their unique indexes) through left
 * joins, for their filters and the booking sorts — read-only, like listing search's availability
 * joins; the bookings and stock modules still own every write.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Executor } from '../../store/db.ts';
import type { Transaction } from './transaction.ts';
import type { TimeRange, TransactionQuery } from './transaction-query.ts';
import { toTransaction } from './transactions.store.ts';

/** A resolved sort term: an SQL expression and its direction (nulls always last). */
export interface SortTerm {
  readonly value: Expression<unknown>;
  readonly direction: 'asc' | 'desc';
}

const inRange = (column: Expression<unknown>, range: TimeRange): Expression<SqlBool> => {
  const parts = [
    ...(range.start ? [sql<SqlBool>`${column} >= ${range.start}`] : []),
    ...(range.end ? [sql<SqlBool>`${column} < ${range.end}`] : []),
  ];
  return parts.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
};

const flag = (value: boolean | undefined, present: Expression<SqlBool>): Expression<SqlBool> | undefined =>
  value === undefined ? undefined : value ? present : sql<SqlBool>`not (${present})`;

/** Every condition of the query over `t` (transactions), `b` (bookings) and `r` (stock reservations). */
function conditions(q: TransactionQuery, extendedData: Expression<SqlBool>): Expression<SqlBool>[] {
  const out: (Expression<SqlBool> | undefined)[] = [
    sql<SqlBool>`t.marketplace_id = ${q.marketplaceId}`,
    q.userId === undefined
      ? undefined
      : q.only === 'order'
        ? sql<SqlBool>`t.customer_id = ${q.userId}`
        : q.only === 'sale'
          ? sql<SqlBool>`t.provider_id = ${q.userId}`
          : sql<SqlBool>`(t.customer_id = ${q.userId} or t.provider_id = ${q.userId})`,
    q.customerId === undefined ? undefined : sql<SqlBool>`t.customer_id = ${q.customerId}`,
    q.providerId === undefined ? undefined : sql<SqlBool>`t.provider_id = ${q.providerId}`,
    q.listingId === undefined ? undefined : sql<SqlBool>`t.listing_id = ${q.listingId}`,
    q.lastTransitions ? sql<SqlBool>`t.last_transition = any(${[...q.lastTransitions]}::text[])` : undefined,
    q.states ? sql<SqlBool>`t.state = any(${[...q.states]}::text[])` : undefined,
    q.processNames ? sql<SqlBool>`t.process_name = any(${[...q.processNames]}::text[])` : undefined,
    q.createdAt ? inRange(sql.ref('t.created_at'), q.createdAt) : undefined,
    flag(q.hasBooking, sql<SqlBool>`b.id is not null`),
    flag(q.hasStockReservation, sql<SqlBool>`r.id is not null`),
    flag(q.hasPayin, sql<SqlBool>`coalesce(t.payin_total_amount, 0) > 0`),
    flag(q.hasMessage, sql<SqlBool>`t.last_message_at is not null`),
    q.bookingStates ? sql<SqlBool>`b.state = any(${[...q.bookingStates]}::text[])` : undefined,
    q.stockReservationStates ? sql<SqlBool>`r.state = any(${[...q.stockReservationStates]}::text[])` : undefined,
    q.bookingStart ? sql<SqlBool>`(b.id is not null and ${inRange(sql.ref('b.start_at'), q.bookingStart)})` : undefined,
    q.bookingEnd ? sql<SqlBool>`(b.id is not null and ${inRange(sql.ref('b.end_at'), q.bookingEnd)})` : undefined,
    extendedData,
  ];
  return out.filter((c): c is Expression<SqlBool> => c !== undefined);
}

/** One page of matching transactions in the given order, and how many match in all. */
export async function selectTransactionPage(
  db: Executor,
  q: TransactionQuery,
  extendedData: Expression<SqlBool>,
  sort: readonly SortTerm[],
): Promise<{ transactions: Transaction[]; totalItems: number }> {
  const where = sql.join(conditions(q, extendedData), sql` and `);
  const from = sql`transactions t
    left join bookings b on b.transaction_id = t.id and b.marketplace_id = t.marketplace_id
    left join stock_reservations r on r.transaction_id = t.id and r.marketplace_id = t.marketplace_id`;
  const order = sql.join(
    [...sort.map((s) => sql`${s.value} ${sql.raw(s.direction)} nulls last`), sql`t.id desc`],
    sql`, `,
  );
  const offset = (q.page - 1) * q.perPage;
  const [rows, count] = await Promise.all([
    sql<Parameters<typeof toTransaction>[0]>`select t.* from ${from} where ${where} order by ${order} limit ${q.perPage} offset ${offset}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from ${from} where ${where}`.execute(db),
  ]);
  return { transactions: rows.rows.map(toTransaction), totalItems: count.rows[0]?.n ?? 0 };
}
