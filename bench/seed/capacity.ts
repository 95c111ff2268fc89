/**
 * Capacity rows for the availability scenarios, inserted straight into the tables with SQL (the
 * bench measures reads; booking through the transaction process is not the point here):
 *
 * - `availability` (`listings/query` day-full): every tenth published listing (by a hash of its id;
 *   10k of 100k) gets four bookings of 1–5 nights, one per 37-day slot over the next 150 days (so
 *   they never overlap), and every fiftieth an exception closing it for 3 days. Dates are relative
 *   to the capacity epoch (today, UTC midnight); when a reused database holds rows of another day
 *   they are replaced, so the scenario's window always meets them.
 * - `timeslots`: one listing with a time plan (Europe/Helsinki, every day 08:00–20:00, 4 seats)
 *   and, over the 90 days after the epoch, 200 bookings (1–3 hours, 1–2 seats, pending or accepted)
 *   and 20 exceptions (a few hours each, 0–6 seats).
 */
import { sql } from 'kysely';
import { newId } from '../../src/lib/ids.ts';
import type { Db } from '../../src/store/db.ts';
import { prng } from './corpus.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface CapacitySeed {
  /** UTC midnight the bookings and exceptions are placed from. */
  epoch: string;
  /** Listings with bookings, bookings, exceptions (availability scenario). */
  bookedListings: number;
  bookings: number;
  exceptions: number;
  /** The time-slots scenario's listing. */
  timeslotListingId: string;
}

/** The time-slots listing's title: how a reused database finds it, and how the seed count skips it. */
export const TIMESLOT_LISTING_TITLE = 'Bench time-slots listing';

const TIMESLOT_PLAN = {
  type: 'availability-plan/time',
  timezone: 'Europe/Helsinki',
  entries: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => ({ dayOfWeek: d, startTime: '08:00', endTime: '20:00', seats: 4 })),
};

const count = async (db: Db, query: ReturnType<typeof sql<{ n: number | string }>>): Promise<number> => Number((await query.execute(db)).rows[0]?.n ?? 0);

/** The time-slots listing: the bench's marker title, created once and reused. */
async function timeslotListing(db: Db, marketplaceId: string, authorId: string): Promise<string> {
  const found = await sql<{ id: string }>`
    select id from listings where marketplace_id = ${marketplaceId}::uuid and title = ${TIMESLOT_LISTING_TITLE} limit 1`.execute(db);
  const existing = found.rows[0]?.id;
  if (existing) return existing;
  const id = newId();
  await sql`
    insert into listings (id, marketplace_id, author_id, state, title, description, availability_plan, created_at, updated_at)
    values (${id}::uuid, ${marketplaceId}::uuid, ${authorId}::uuid, 'published', ${TIMESLOT_LISTING_TITLE},
      'Time plan, 200 bookings and 20 exceptions over 90 days.', ${JSON.stringify(TIMESLOT_PLAN)}::jsonb,
      now() - interval '3 years', now() - interval '3 years')`.execute(db);
  return id;
}

/** 200 bookings and 20 exceptions over the 90 days after the epoch, deterministic. */
async function timeslotRows(db: Db, marketplaceId: string, listingId: string, epoch: Date): Promise<void> {
  const rand = prng(20_261_128);
  const exceptions: { start: Date; end: Date; seats: number }[] = [];
  // Exceptions first, on distinct days (the API refuses overlapping ones).
  const days = new Set<number>();
  while (exceptions.length < 20) {
    const day = 1 + Math.floor(rand() * 89);
    if (days.has(day)) continue;
    days.add(day);
    const start = epoch.getTime() + day * DAY_MS + (6 + Math.floor(rand() * 10)) * HOUR_MS;
    exceptions.push({ start: new Date(start), end: new Date(start + (2 + Math.floor(rand() * 6)) * HOUR_MS), seats: Math.floor(rand() * 7) });
  }
  const bookings: { start: Date; end: Date; seats: number; state: string }[] = [];
  for (let i = 0; i < 200; i++) {
    const start = epoch.getTime() + Math.floor(rand() * 89 * 24) * HOUR_MS + DAY_MS + Math.floor(rand() * 4) * 15 * 60_000;
    bookings.push({ start: new Date(start), end: new Date(start + (1 + Math.floor(rand() * 3)) * HOUR_MS), seats: 1 + Math.floor(rand() * 2), state: rand() < 0.3 ? 'pending' : 'accepted' });
  }
  await sql`
    insert into availability_exceptions (id, marketplace_id, listing_id, start_at, end_at, seats, created_at)
    select gen_random_uuid(), ${marketplaceId}::uuid, ${listingId}::uuid, t.s, t.e, t.seats, ${epoch}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(exceptions.map((e) => ({ s: e.start, e: e.end, seats: e.seats })))}::jsonb)
      as t(s timestamptz, e timestamptz, seats int)`.execute(db);
  await sql`
    insert into bookings (id, marketplace_id, listing_id, seats, start_at, end_at, display_start, display_end, state, created_at, updated_at)
    select gen_random_uuid(), ${marketplaceId}::uuid, ${listingId}::uuid, t.seats, t.s, t.e, t.s, t.e, t.state, ${epoch}::timestamptz, ${epoch}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(bookings.map((b) => ({ s: b.start, e: b.end, seats: b.seats, state: b.state })))}::jsonb)
      as t(s timestamptz, e timestamptz, seats int, state text)`.execute(db);
}

/** Makes sure the capacity rows of today's epoch are there; replaces those of another day. */
export async function seedCapacity(db: Db, input: { marketplaceId: string; authorId: string; now: Date; log: (line: string) => void }): Promise<CapacitySeed> {
  const { marketplaceId } = input;
  const epoch = new Date(Math.floor(input.now.getTime() / DAY_MS) * DAY_MS);
  const timeslotListingId = await timeslotListing(db, marketplaceId, input.authorId);
  const current = await count(db, sql<{ n: number }>`
    select count(*) as n from bookings where marketplace_id = ${marketplaceId}::uuid and created_at = ${epoch}::timestamptz`);
  if (current === 0) {
    input.log(`seeding bookings and exceptions from ${epoch.toISOString().slice(0, 10)}`);
    await sql`delete from bookings where marketplace_id = ${marketplaceId}::uuid`.execute(db);
    await sql`delete from availability_exceptions where marketplace_id = ${marketplaceId}::uuid`.execute(db);
    // Four bookings per booked listing, the k-th in days [1 + 37k, 1 + 37k + 30) of the epoch, 1–5 nights.
    await sql`
      insert into bookings (id, marketplace_id, listing_id, seats, start_at, end_at, display_start, display_end, state, created_at, updated_at)
      select gen_random_uuid(), l.marketplace_id, l.id, 1, x.s, x.s + x.nights * interval '1 day', x.s, x.s + x.nights * interval '1 day',
        case when k = 0 then 'pending' else 'accepted' end, ${epoch}::timestamptz, ${epoch}::timestamptz
      from listings l
      cross join generate_series(0, 3) k
      cross join lateral (
        select ${epoch}::timestamptz + (1 + 37 * k + abs(hashtext(l.id::text || k::text)) % 30) * interval '1 day' as s,
          1 + abs(hashtext(l.id::text || 'n' || k::text)) % 5 as nights
      ) x
      where l.marketplace_id = ${marketplaceId}::uuid and l.state = 'published' and l.id <> ${timeslotListingId}::uuid
        and abs(hashtext(l.id::text)) % 10 = 0`.execute(db);
    await sql`
      insert into availability_exceptions (id, marketplace_id, listing_id, start_at, end_at, seats, created_at)
      select gen_random_uuid(), l.marketplace_id, l.id, x.s, x.s + interval '3 days', 0, ${epoch}::timestamptz
      from listings l
      cross join lateral (select ${epoch}::timestamptz + (1 + abs(hashtext(l.id::text || 'e')) % 150) * interval '1 day' as s) x
      where l.marketplace_id = ${marketplaceId}::uuid and l.state = 'published' and l.id <> ${timeslotListingId}::uuid
        and abs(hashtext(l.id::text)) % 50 = 1`.execute(db);
    await timeslotRows(db, marketplaceId, timeslotListingId, epoch);
    await sql`analyze bookings`.execute(db);
    await sql`analyze availability_exceptions`.execute(db);
  }
  const [bookedListings, bookings, exceptions] = await Promise.all([
    count(db, sql<{ n: number }>`
      select count(distinct listing_id) as n from bookings where marketplace_id = ${marketplaceId}::uuid and listing_id <> ${timeslotListingId}::uuid`),
    count(db, sql<{ n: number }>`select count(*) as n from bookings where marketplace_id = ${marketplaceId}::uuid`),
    count(db, sql<{ n: number }>`select count(*) as n from availability_exceptions where marketplace_id = ${marketplaceId}::uuid`),
  ]);
  return { epoch: epoch.toISOString(), bookedListings, bookings, exceptions, timeslotListingId };
}
