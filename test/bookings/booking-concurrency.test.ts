/**
 * Capacity never oversells under concurrency (PostgreSQL server only: PGlite has one connection).
 * 200 transactions from a pool of many connections race to book seats of one night; each runs
 * createBooking (which takes the listing lock first) and appends its events, as a transition would.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createBooking, queryListingBookings } from '../../src/domain/bookings/index.ts';
import type { Listing } from '../../src/domain/listings/index.ts';
import type { DbHandle } from '../../src/store/db.ts';
import { openTestDb, testDatabaseUrl } from '../support/db.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { createPlannedListing, everyDay, inTransaction } from './helpers.ts';

const skip = !testDatabaseUrl && 'needs TEST_DATABASE_URL (a PostgreSQL server)';
const ATTEMPTS = 200;
const NIGHT = { start: new Date('2030-06-14T00:00:00Z'), end: new Date('2030-06-15T00:00:00Z') };

let handle: DbHandle;
let m: TestMarketplace;
let author: TestUser;

before(async () => {
  if (skip) return;
  handle = await openTestDb({ max: 40 });
  m = await createTestMarketplace(handle.db, 'Booking race');
  author = await createTestUser(handle.db, m.marketplace.id);
});
after(async () => {
  if (!skip) await handle.close();
});

/** One attempt: its own DB transaction, createBooking, then the events appended last. */
const attempt = (listing: Listing, seats: number) =>
  inTransaction(handle.db, (trx, events) =>
    createBooking(
      trx,
      {
        marketplaceId: m.marketplace.id,
        listingId: listing.id,
        transactionId: randomUUID(),
        type: 'day',
        state: 'pending',
        seats,
        ...NIGHT,
      },
      events,
    ),
  );

/** Seats held (pending + accepted) on the night, straight from the table. */
async function heldSeats(listingId: string): Promise<number> {
  const { bookings } = await queryListingBookings(handle.db, {
    marketplaceId: m.marketplace.id,
    listingId,
    ...NIGHT,
    states: ['pending', 'accepted'],
    page: 1,
    perPage: 100,
  });
  return bookings.reduce((sum, b) => sum + b.seats, 0);
}

const codeOf = (r: PromiseSettledResult<unknown>): string | undefined =>
  r.status === 'rejected' ? (r.reason as { code?: string }).code : undefined;

test(
  `${ATTEMPTS} concurrent attempts on the last seat of a night: exactly one succeeds`,
  { skip },
  async () => {
    const listing = await createPlannedListing(handle.db, m, author, everyDay(3));
    // Two of the three seats are already held.
    await attempt(listing, 2);
    const results = await Promise.allSettled(
      Array.from({ length: ATTEMPTS }, () => attempt(listing, 1)),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    assert.equal(ok.length, 1);
    assert.deepEqual(
      results.filter((r) => r.status === 'rejected').map(codeOf),
      Array.from({ length: ATTEMPTS - 1 }, () => 'transaction-booking-time-not-available'),
    );
    assert.equal(await heldSeats(listing.id), 3);
    // Every success appended exactly one booking/created event.
    const events = await sql<{
      n: number;
    }>`select count(*)::int as n from events where marketplace_id = ${m.marketplace.id} and event_type = 'booking/created' and ${listing.id} = any(related_resource_ids)`.execute(
      handle.db,
    );
    assert.equal(events.rows[0]?.n, 2);
  },
);

test(
  `${ATTEMPTS} concurrent attempts of 1–3 seats on 7 free seats: never more than 7 held, no refusal while seats were left`,
  { skip },
  async () => {
    const listing = await createPlannedListing(handle.db, m, author, everyDay(7));
    const wanted = Array.from({ length: ATTEMPTS }, (_, i) => 1 + ((i * 7) % 3));
    const results = await Promise.allSettled(wanted.map((seats) => attempt(listing, seats)));
    const granted = wanted.filter((_, i) => results[i]?.status === 'fulfilled');
    const held = await heldSeats(listing.id);
    assert.equal(
      held,
      granted.reduce((a, b) => a + b, 0),
    );
    assert.ok(held <= 7, `${held} seats held`);
    for (const r of results)
      if (r.status === 'rejected')
        assert.equal(codeOf(r), 'transaction-booking-time-not-available');
    // Free seats only shrink, so an attempt refused for s seats means fewer than s were left at the end.
    const refusedFor = wanted.filter((_, i) => results[i]?.status === 'rejected');
    assert.ok(
      refusedFor.every((s) => 7 - held < s),
      `refused ${JSON.stringify(refusedFor)} with ${7 - held} left`,
    );
    assert.ok(granted.length >= 3);
  },
);
