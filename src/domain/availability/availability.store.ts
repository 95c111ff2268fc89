/** SQL of availability exceptions: the only code touching the `availability_exceptions` table. */
import { epochMs, seatPeriodOfRow } from '../../store/capacity-columns.ts';
import type { Selectable } from 'kysely';
import type { Executor, Trx } from '../../store/db.ts';
import type { AvailabilityExceptionsTable } from '../../store/tables/capacity.ts';
import { isUuid, uniqueUuids } from '../../lib/ids.ts';
import type { ExceptionSeats } from './availability.ts';
import type { AvailabilityException } from './availability-exception.ts';

const toException = (row: Selectable<AvailabilityExceptionsTable>): AvailabilityException => ({
  id: row.id,
  marketplaceId: row.marketplace_id,
  listingId: row.listing_id,
  start: row.start_at,
  end: row.end_at,
  seats: row.seats,
  createdAt: row.created_at,
});

/** Inserts an exception. */
export async function insertException(
  trx: Trx,
  e: AvailabilityException,
): Promise<AvailabilityException> {
  const row = await trx
    .insertInto('availability_exceptions')
    .values({
      id: e.id,
      marketplace_id: e.marketplaceId,
      listing_id: e.listingId,
      start_at: e.start,
      end_at: e.end,
      seats: e.seats,
      created_at: e.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toException(row);
}

/** Deletes an exception by id. */
export async function deleteExceptionRow(
  trx: Trx,
  marketplaceId: string,
  id: string,
): Promise<void> {
  await trx
    .deleteFrom('availability_exceptions')
    .where('marketplace_id', '=', marketplaceId)
    .where('id', '=', id)
    .execute();
}

/** An exception by id. */
export async function findExceptionRow(
  db: Executor,
  marketplaceId: string,
  id: string,
): Promise<AvailabilityException | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .selectFrom('availability_exceptions')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('id', '=', id.toLowerCase())
    .executeTakeFirst();
  return row && toException(row);
}

/** Which exceptions meet a window: the given listings', overlapping `[start, end)`. */
interface OverlapQuery {
  marketplaceId: string;
  listingIds: readonly string[];
  start: Date;
  end: Date;
}

/** The exceptions of `q` (undefined when no listing id is valid), by listing and start. */
function overlapping(db: Executor, q: OverlapQuery) {
  const ids = uniqueUuids(q.listingIds);
  if (ids.length === 0) return undefined;
  return db
    .selectFrom('availability_exceptions')
    .where('marketplace_id', '=', q.marketplaceId)
    .where('listing_id', 'in', ids)
    .where('start_at', '<', q.end)
    .where('end_at', '>', q.start)
    .orderBy('listing_id')
    .orderBy('start_at');
}

/** The exceptions of the given listings overlapping `[start, end)`, by listing and start. */
export async function selectOverlappingExceptions(db: Executor, q: OverlapQuery): Promise<AvailabilityException[]> {
  const rows = (await overlapping(db, q)?.selectAll().execute()) ?? [];
  return rows.map(toException);
}

/**
 * The listing, span and seats of the given listings' exceptions overlapping `[start, end)`, by
 * listing and start: what capacity needs, without parsing whole rows (store/capacity-columns.ts).
 */
export async function selectOverlappingExceptionSeats(
  db: Executor,
  q: OverlapQuery,
): Promise<(ExceptionSeats & { listingId: string })[]> {
  const rows =
    (await overlapping(db, q)
      ?.select(['listing_id', epochMs('start_at').as('start_ms'), epochMs('end_at').as('end_ms'), 'seats'])
      .execute()) ?? [];
  return rows.map(seatPeriodOfRow);
}

/** One page of a listing's exceptions overlapping `[start, end)`, by start, and the total. */
export async function selectExceptionPage(
  db: Executor,
  q: {
    marketplaceId: string;
    listingId: string;
    start: Date;
    end: Date;
    limit: number;
    offset: number;
  },
): Promise<{ exceptions: AvailabilityException[]; total: number }> {
  const base = db
    .selectFrom('availability_exceptions')
    .where('marketplace_id', '=', q.marketplaceId)
    .where('listing_id', '=', q.listingId)
    .where('start_at', '<', q.end)
    .where('end_at', '>', q.start);
  const rows = await base
    .selectAll()
    .orderBy('start_at')
    .orderBy('id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  const count = await base
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { exceptions: rows.map(toException), total: Number(count.n) };
}
