/** SQL of listings: the only code touching the `listings` table (search reads it through its own module). */
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { Executor, Trx } from '../../store/db.ts';
import type { ListingsTable } from '../../store/tables/listings.ts';
import type { UsersTable } from '../../store/tables/identity.ts';
import type { ImagesTable } from '../../store/tables/images.ts';
import { LatLng, Money } from '../../lib/values.ts';
import { isUuid, uniqueUuids } from '../../lib/ids.ts';
import { toExtendedData, type Listing, type ListingState } from './listing.ts';
import { parseAvailabilityPlan } from './availability-plan.ts';

/** A stored listing row as the domain type. */
export const toListing = (row: Selectable<ListingsTable>): Listing => ({
  id: row.id,
  marketplaceId: row.marketplace_id,
  authorId: row.author_id,
  state: row.state,
  deleted: row.deleted,
  title: row.title,
  description: row.description,
  geolocation: row.lat === null || row.lng === null ? null : new LatLng(row.lat, row.lng),
  price: row.price_amount === null || row.price_currency === null ? null : new Money(row.price_amount, row.price_currency),
  availabilityPlan: row.availability_plan === null ? null : parseAvailabilityPlan(row.availability_plan),
  publicData: toExtendedData(row.public_data, ['publicData']),
  privateData: toExtendedData(row.private_data, ['privateData']),
  metadata: toExtendedData(row.metadata, ['metadata']),
  imageIds: row.image_ids,
  // `?? null`: statements that select explicit columns (search) must not yield undefined here.
  stockQuantity: row.stock_quantity ?? null,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const columns = (l: Listing) => ({
  state: l.state,
  deleted: l.deleted,
  title: l.title,
  description: l.description,
  lat: l.geolocation?.lat ?? null,
  lng: l.geolocation?.lng ?? null,
  price_amount: l.price?.amount ?? null,
  price_currency: l.price?.currency ?? null,
  availability_plan: l.availabilityPlan === null ? null : JSON.stringify(l.availabilityPlan),
  public_data: JSON.stringify(l.publicData),
  private_data: JSON.stringify(l.privateData),
  metadata: JSON.stringify(l.metadata),
  image_ids: sql<string[]>`cast(${`{${l.imageIds.join(',')}}`} as uuid[])`,
});

/** Inserts a listing with its keyword vector. */
export async function insertListing(trx: Trx, l: Listing, searchVector: RawBuilder<string>): Promise<Listing> {
  const row = await trx
    .insertInto('listings')
    .values({
      id: l.id,
      marketplace_id: l.marketplaceId,
      author_id: l.authorId,
      ...columns(l),
      search_vector: searchVector,
      created_at: l.createdAt,
      updated_at: l.updatedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toListing(row);
}

/** Writes every mutable column of a listing (and its keyword vector). */
export async function updateListingRow(trx: Trx, l: Listing, searchVector: RawBuilder<string>): Promise<Listing> {
  const row = await trx
    .updateTable('listings')
    .set({ ...columns(l), search_vector: searchVector, updated_at: l.updatedAt })
    .where('marketplace_id', '=', l.marketplaceId)
    .where('id', '=', l.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toListing(row);
}

/** Writes the listing's stock total (the stock ledger's running sum); nothing else changes. */
export async function updateStockQuantity(trx: Trx, marketplaceId: string, listingId: string, quantity: number): Promise<void> {
  await trx.updateTable('listings').set({ stock_quantity: quantity }).where('marketplace_id', '=', marketplaceId).where('id', '=', listingId).execute();
}

/** A listing by id (deleted ones included: callers decide); locks the row when `forUpdate`. */
export async function findListingRow(
  db: Executor,
  marketplaceId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<Listing | undefined> {
  if (!isUuid(id)) return undefined;
  let q = db.selectFrom('listings').selectAll().where('marketplace_id', '=', marketplaceId).where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toListing(row);
}

/** Listings by ids, in any order; unknown ids are skipped (deleted ones included). */
export async function findListingRows(db: Executor, marketplaceId: string, ids: readonly string[]): Promise<Listing[]> {
  const valid = uniqueUuids(ids);
  if (valid.length === 0) return [];
  const rows = await db.selectFrom('listings').selectAll().where('marketplace_id', '=', marketplaceId).where('id', 'in', valid).execute();
  return rows.map(toListing);
}

/** One page of an author's live listings, newest first, and the total. */
export async function selectAuthorListings(
  db: Executor,
  q: { marketplaceId: string; authorId: string; states: readonly ListingState[] | undefined; limit: number; offset: number },
): Promise<{ listings: Listing[]; total: number }> {
  let base = db
    .selectFrom('listings')
    .where('marketplace_id', '=', q.marketplaceId)
    .where('author_id', '=', q.authorId)
    .where('deleted', '=', false);
  if (q.states !== undefined) {
    if (q.states.length === 0) return { listings: [], total: 0 };
    base = base.where('state', 'in', q.states);
  }
  // One after the other: inside a transaction both run on the same connection anyway.
  const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { listings: rows.map(toListing), total: Number(count.n) };
}

/**
 * Users and images by id in ONE statement (a listing page's `author` and `images` includes): each
 * row as `to_jsonb`, timestamps turned back into Dates, so the rows are what `selectAll()` on the
 * two tables returns. Same filters as `findUsersByIds` / `findImagesByIds` (marketplace; image
 * ids that are not UUIDs are skipped). A round trip costs more than the JSON.
 */
export async function selectUserAndImageRows(
  db: Executor,
  marketplaceId: string,
  userIds: readonly string[],
  imageIds: readonly string[],
): Promise<{ users: Selectable<UsersTable>[]; images: Selectable<ImagesTable>[] }> {
  const users = [...new Set(userIds)];
  const images = uniqueUuids(imageIds);
  if (users.length === 0 && images.length === 0) return { users: [], images: [] };
  const none = sql<string>`null::uuid`;
  const { rows } = await sql<{ kind: 'user' | 'image'; row: Record<string, unknown> }>`
    select 'user' as kind, to_jsonb(u) as row from users u
     where u.marketplace_id = ${marketplaceId} and u.id in (${users.length > 0 ? sql.join(users) : none})
    union all
    select 'image' as kind, to_jsonb(i) as row from images i
     where i.marketplace_id = ${marketplaceId} and i.id in (${images.length > 0 ? sql.join(images) : none})`.execute(db);
  const date = (value: unknown): Date => new Date(String(value));
  const out: { users: Selectable<UsersTable>[]; images: Selectable<ImagesTable>[] } = { users: [], images: [] };
  for (const { kind, row } of rows) {
    // The JSON keys are the tables' column names; only timestamps differ from pg's own parsing.
    if (kind === 'user') out.users.push({ ...row, created_at: date(row.created_at), updated_at: date(row.updated_at) } as Selectable<UsersTable>);
    else out.images.push({ ...row, created_at: date(row.created_at) } as Selectable<ImagesTable>);
  }
  return out;
}

/**
 * What a calendar read needs of a listing, and whether its author is live and not banned, in one
 * statement: state, author, plan and capacity revision (see `findCalendarListing`).
 */
export async function selectCalendarListingRow(
  db: Executor,
  marketplaceId: string,
  id: string,
): Promise<
  | (Pick<Selectable<ListingsTable>, 'id' | 'state' | 'deleted' | 'author_id' | 'availability_plan' | 'capacity_revision'> & {
      author_visible: boolean;
    })
  | undefined
> {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom('listings as l')
    .select(['l.id', 'l.state', 'l.deleted', 'l.author_id', 'l.availability_plan', 'l.capacity_revision'])
    .select(
      sql<boolean>`exists (select 1 from users u where u.marketplace_id = l.marketplace_id and u.id = l.author_id and not u.deleted and u.state <> 'banned')`.as(
        'author_visible',
      ),
    )
    .where('l.marketplace_id', '=', marketplaceId)
    .where('l.id', '=', id.toLowerCase())
    .executeTakeFirst();
}
