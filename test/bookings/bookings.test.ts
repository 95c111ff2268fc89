/**
 * The booking capacity primitives (domain §2.3, §4.4) on the database: create (pending/proposed,
 * day/time, display times, availability check), state changes (with the re-check when accepting a
 * proposed booking), updates excluding the booking's own hold, lookups, and the events pushed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  changeBookingState,
  createBooking,
  findBookingOfTransaction,
  findBookingsByIds,
  queryListingBookings,
  updateBooking,
  type CreateBookingInput,
} from '../../src/domain/bookings/index.ts';
import { queryEvents } from '../../src/domain/events/index.ts';
import type { Listing } from '../../src/domain/listings/index.ts';
import { Keyword, Uuid } from '../../src/lib/values.ts';
import type { DbHandle } from '../../src/store/db.ts';
import { openTestDb } from '../support/db.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { createPlannedListing, domainError, everyDay, inTransaction } from './helpers.ts';

let handle: DbHandle;
let m: TestMarketplace;
let author: TestUser;

before(async () => {
  handle = await openTestDb();
  m = await createTestMarketplace(handle.db, 'Bookings');
  author = await createTestUser(handle.db, m.marketplace.id);
});
after(async () => handle.close());

const d = (s: string) => new Date(s);
/** A UTC time plan: `seats` seats 08:00–20:00 every day. */
const daytime = (seats: number) => ({
  type: 'availability-plan/time',
  timezone: 'UTC',
  entries: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((dayOfWeek) => ({
    dayOfWeek,
    seats,
    startTime: '08:00',
    endTime: '20:00',
  })),
});

const create = (
  listing: Listing,
  input: Partial<CreateBookingInput> & Pick<CreateBookingInput, 'start' | 'end'>,
) =>
  inTransaction(handle.db, (trx, events) =>
    createBooking(
      trx,
      {
        marketplaceId: m.marketplace.id,
        listingId: listing.id,
        transactionId: randomUUID(),
        state: 'pending',
        type: 'time',
        ...input,
      },
      events,
    ),
  );

test('createBooking: a pending booking holds its seats; the next one over them is refused', async () => {
  const listing = await createPlannedListing(handle.db, m, author, daytime(2));
  const txId = randomUUID();
  const { result: b, eventTypes } = await create(listing, {
    transactionId: txId,
    start: d('2030-02-04T10:00:00Z'),
    end: d('2030-02-04T12:00:00Z'),
    seats: 2,
  });
  assert.deepEqual(eventTypes, ['booking/created']);
  assert.equal(b.state, 'pending');
  assert.equal(b.seats, 2);
  assert.equal(b.transactionId, txId);
  assert.deepEqual(
    [b.displayStart, b.displayEnd],
    [d('2030-02-04T10:00:00Z'), d('2030-02-04T12:00:00Z')],
  );

  // Overlapping by 5 minutes: refused; touching the end: fine (end exclusive).
  await assert.rejects(
    create(listing, { start: d('2030-02-04T11:55:00Z'), end: d('2030-02-04T13:00:00Z') }),
    domainError('conflict', 'transaction-booking-time-not-available'),
  );
  await create(listing, {
    start: d('2030-02-04T12:00:00Z'),
    end: d('2030-02-04T13:00:00Z'),
    seats: 2,
  });
  // Outside the plan's hours: no seats at all.
  await assert.rejects(
    create(listing, { start: d('2030-02-04T19:00:00Z'), end: d('2030-02-04T21:00:00Z') }),
    domainError('conflict', 'transaction-booking-time-not-available'),
  );

  const [event] = await queryEvents(handle.db, m.marketplace.id, { resourceId: b.id });
  assert.equal(event?.source, 'source/transaction');
  assert.deepEqual(event?.resource, {
    id: new Uuid(b.id),
    type: new Keyword('booking'),
    attributes: {
      seats: 2,
      start: b.start,
      end: b.end,
      displayStart: b.displayStart,
      displayEnd: b.displayEnd,
      state: 'pending',
    },
    relationships: {
      listing: { data: { id: new Uuid(listing.id), type: new Keyword('listing') } },
      transaction: { data: { id: new Uuid(txId), type: new Keyword('transaction') } },
    },
  });
  assert.deepEqual(await findBookingOfTransaction(handle.db, m.marketplace.id, txId), b);
  assert.deepEqual(await findBookingsByIds(handle.db, m.marketplace.id, [b.id, randomUUID()]), [b]);
});

test('createBooking: day bookings start and end at 00:00 UTC; display times default to them', async () => {
  const listing = await createPlannedListing(handle.db, m, author, everyDay(1));
  const { result: night } = await create(listing, {
    type: 'day',
    start: d('2030-02-10T15:00:00Z'),
    end: d('2030-02-11T11:00:00Z'),
  });
  assert.deepEqual(
    [night.start, night.end, night.displayStart, night.displayEnd],
    [
      d('2030-02-10T00:00:00Z'),
      d('2030-02-11T00:00:00Z'),
      d('2030-02-10T00:00:00Z'),
      d('2030-02-11T00:00:00Z'),
    ],
  );
  // The next night touches it: fine. The same night again: refused.
  await create(listing, {
    type: 'day',
    start: d('2030-02-11T00:00:00Z'),
    end: d('2030-02-12T00:00:00Z'),
  });
  await assert.rejects(
    create(listing, {
      type: 'day',
      start: d('2030-02-10T00:00:00Z'),
      end: d('2030-02-11T00:00:00Z'),
    }),
    domainError('conflict', 'transaction-booking-time-not-available'),
  );
  // A time booking on a day-plan listing counts whole UTC dates: 12 Feb 23:00 → 13 Feb 01:00 needs both.
  await create(listing, {
    type: 'day',
    start: d('2030-02-13T00:00:00Z'),
    end: d('2030-02-14T00:00:00Z'),
  });
  await assert.rejects(
    create(listing, { start: d('2030-02-12T23:00:00Z'), end: d('2030-02-13T01:00:00Z') }),
    domainError('conflict', 'transaction-booking-time-not-available'),
  );
  // Same day start and end: nothing left after normalisation.
  await assert.rejects(
    create(listing, {
      type: 'day',
      start: d('2030-02-20T10:00:00Z'),
      end: d('2030-02-20T18:00:00Z'),
    }),
    domainError('bad-request', 'validation-invalid-value'),
  );
  // Explicit display times are kept (normalised for day bookings).
  const { result: shown } = await create(listing, {
    type: 'time',
    start: d('2030-02-21T00:00:00Z'),
    end: d('2030-02-22T00:00:00Z'),
    displayStart: d('2030-02-21T14:00:00Z'),
    displayEnd: d('2030-02-22T10:00:00Z'),
  });
  assert.deepEqual(
    [shown.displayStart, shown.displayEnd],
    [d('2030-02-21T14:00:00Z'), d('2030-02-22T10:00:00Z')],
  );
});

test('createBooking: proposed bookings hold nothing; observeAvailability false skips the check', async () => {
  const listing = await createPlannedListing(handle.db, m, author, everyDay(1));
  const night = {
    type: 'day' as const,
    start: d('2030-03-01T00:00:00Z'),
    end: d('2030-03-02T00:00:00Z'),
  };
  await create(listing, { ...night, state: 'proposed' });
  await create(listing, { ...night, state: 'proposed' });
  await create(listing, night);
  await assert.rejects(
    create(listing, { ...night, state: 'proposed' }),
    domainError('conflict', 'transaction-booking-time-not-available'),
  );
  const { result: forced } = await create(listing, { ...night, observeAvailability: false });
  assert.equal(forced.state, 'pending');
});

test('createBooking: bad input, unknown listing, second booking of a transaction', async () => {
  const listing = await createPlannedListing(handle.db, m, author, everyDay(3));
  const night = {
    type: 'day' as const,
    start: d('2030-03-05T00:00:00Z'),
    end: d('2030-03-06T00:00:00Z'),
  };
  for (const seats of [0, -1, 1.5])
    await assert.rejects(
      create(listing, { ...night, seats }),
      domainError('bad-request', 'validation-invalid-value'),
    );
  await assert.rejects(
    create(listing, { start: night.end, end: night.start }),
    domainError('bad-request', 'validation-invalid-value'),
  );
  await assert.rejects(
    create({ ...listing, id: randomUUID() }, night),
    domainError('conflict', 'transaction-listing-not-found'),
  );
  const txId = randomUUID();
  await create(listing, { ...night, transactionId: txId });
  await assert.rejects(
    create(listing, { ...night, transactionId: txId }),
    domainError('conflict', 'transaction-invalid-action-sequence'),
  );
  const { bookings } = await queryListingBookings(handle.db, {
    marketplaceId: m.marketplace.id,
    listingId: listing.id,
    start: night.start,
    end: night.end,
    page: 1,
    perPage: 10,
  });
  assert.equal(bookings.length, 1);
});

test('changeBookingState follows the state machine; accepting a proposed booking re-checks seats', async () => {
  const listing = await createPlannedListing(handle.db, m, author, everyDay(1));
  const night = {
    type: 'day' as const,
    start: d('2030-03-10T00:00:00Z'),
    end: d('2030-03-11T00:00:00Z'),
  };
  const change = (bookingId: string, to: 'accepted' | 'declined' | 'cancelled') =>
    inTransaction(handle.db, (trx, events) =>
      changeBookingState(trx, { marketplaceId: m.marketplace.id, bookingId, to }, events),
    );

  const { result: proposedA } = await create(listing, { ...night, state: 'proposed' });
  const { result: proposedB } = await create(listing, { ...night, state: 'proposed' });
  const accepted = await change(proposedA.id, 'accepted');
  assert.equal(accepted.result.state, 'accepted');
  assert.deepEqual(accepted.eventTypes, ['booking/updated']);
  // The night is now held: B cannot be accepted, but can be declined.
  await assert.rejects(
    change(proposedB.id, 'accepted'),
    domainError('conflict', 'transaction-booking-time-not-available'),
  );
  assert.equal((await change(proposedB.id, 'declined')).result.state, 'declined');
  await assert.rejects(
    change(proposedB.id, 'accepted'),
    domainError('conflict', 'transaction-booking-state-not-pending'),
  );
  await assert.rejects(
    change(proposedB.id, 'cancelled'),
    domainError('conflict', 'transaction-booking-state-not-accepted'),
  );
  await assert.rejects(
    change(proposedA.id, 'declined'),
    domainError('conflict', 'transaction-booking-state-not-pending'),
  );
  assert.equal((await change(proposedA.id, 'cancelled')).result.state, 'cancelled');
  // Cancelled releases the night.
  const { result: pending } = await create(listing, night);
  assert.equal((await change(pending.id, 'accepted')).result.state, 'accepted');
  await assert.rejects(change(randomUUID(), 'accepted'), domainError('not-found', 'not-found'));

  const events = await queryEvents(handle.db, m.marketplace.id, { resourceId: proposedA.id });
  assert.deepEqual(
    events.map((e) => e.eventType),
    ['booking/created', 'booking/updated', 'booking/updated'],
  );
  assert.deepEqual(
    events.map(
      (e) =>
        (e.previousValues as { attributes?: { state?: string } } | null)?.attributes?.state ?? null,
    ),
    [null, 'proposed', 'accepted'],
  );
});

test('updateBooking: moves and resizes against free capacity without counting its own hold', async () => {
  const listing = await createPlannedListing(handle.db, m, author, daytime(1));
  const update = (input: Omit<Parameters<typeof updateBooking>[1], 'marketplaceId'>) =>
    inTransaction(handle.db, (trx, events) =>
      updateBooking(trx, { marketplaceId: m.marketplace.id, ...input }, events),
    );
  const { result: mine } = await create(listing, {
    start: d('2030-04-01T10:00:00Z'),
    end: d('2030-04-01T11:00:00Z'),
  });
  await create(listing, { start: d('2030-04-01T13:00:00Z'), end: d('2030-04-01T14:00:00Z') });

  // Overlapping its own old range is fine: its own seat does not count against it.
  const moved = await update({
    bookingId: mine.id,
    start: d('2030-04-01T10:30:00Z'),
    end: d('2030-04-01T11:30:00Z'),
  });
  assert.deepEqual(
    [moved.result.start, moved.result.end],
    [d('2030-04-01T10:30:00Z'), d('2030-04-01T11:30:00Z')],
  );
  // Display times are not derived from start/end.
  assert.deepEqual(
    [moved.result.displayStart, moved.result.displayEnd],
    [d('2030-04-01T10:00:00Z'), d('2030-04-01T11:00:00Z')],
  );
  assert.deepEqual(moved.eventTypes, ['booking/updated']);
  // Into the other booking: refused; more seats than the plan has: refused.
  await assert.rejects(
    update({
      bookingId: mine.id,
      start: d('2030-04-01T12:30:00Z'),
      end: d('2030-04-01T13:30:00Z'),
    }),
    domainError('conflict', 'transaction-booking-time-not-available'),
  );
  await assert.rejects(
    update({ bookingId: mine.id, seats: 2 }),
    domainError('conflict', 'transaction-booking-time-not-available'),
  );
  // Display-only change needs no capacity; an unchanged booking pushes no event.
  const shown = await update({
    bookingId: mine.id,
    displayStart: d('2030-04-01T10:45:00Z'),
    displayEnd: d('2030-04-01T11:15:00Z'),
  });
  assert.deepEqual(shown.result.displayStart, d('2030-04-01T10:45:00Z'));
  assert.deepEqual((await update({ bookingId: mine.id, seats: 1 })).eventTypes, []);
  await assert.rejects(
    update({ bookingId: mine.id, start: d('2030-04-01T12:00:00Z') }),
    domainError('bad-request', 'validation-invalid-params'),
  );
  await assert.rejects(
    update({ bookingId: mine.id, displayEnd: d('2030-04-01T12:00:00Z') }),
    domainError('bad-request', 'validation-invalid-params'),
  );

  const [event] = (
    await queryEvents(handle.db, m.marketplace.id, {
      resourceId: mine.id,
      eventTypes: ['booking/updated'],
    })
  ).slice(-1);
  assert.deepEqual((event?.previousValues as { attributes: unknown }).attributes, {
    displayStart: d('2030-04-01T10:00:00Z'),
    displayEnd: d('2030-04-01T11:00:00Z'),
  });

  await inTransaction(handle.db, (trx, events) =>
    changeBookingState(
      trx,
      { marketplaceId: m.marketplace.id, bookingId: mine.id, to: 'declined' },
      events,
    ),
  );
  await assert.rejects(
    update({
      bookingId: mine.id,
      seats: 1,
      start: d('2030-04-01T15:00:00Z'),
      end: d('2030-04-01T16:00:00Z'),
    }),
    domainError('conflict', 'transaction-booking-state-not-pending'),
  );
});

test('queryListingBookings: by range and state, paginated; only the author with a viewer', async () => {
  const listing = await createPlannedListing(handle.db, m, author, everyDay(5));
  for (const [day, state] of [
    ['05', 'pending'],
    ['06', 'proposed'],
    ['07', 'pending'],
  ] as const) {
    await create(listing, {
      start: d(`2030-05-${day}T00:00:00Z`),
      end: d(`2030-05-${day}T23:00:00Z`),
      state,
    });
  }
  const q = (extra: Partial<Parameters<typeof queryListingBookings>[1]> = {}) =>
    queryListingBookings(handle.db, {
      marketplaceId: m.marketplace.id,
      listingId: listing.id,
      start: d('2030-05-01T00:00:00Z'),
      end: d('2030-06-01T00:00:00Z'),
      page: 1,
      perPage: 10,
      ...extra,
    });
  assert.deepEqual(
    (await q()).bookings.map((b) => b.start.toISOString().slice(0, 10)),
    ['2030-05-05', '2030-05-06', '2030-05-07'],
  );
  assert.deepEqual(
    (await q({ states: ['proposed'] })).bookings.map((b) => b.state),
    ['proposed'],
  );
  const page2 = await q({ perPage: 2, page: 2 });
  assert.equal(page2.totalItems, 3);
  assert.deepEqual(
    page2.bookings.map((b) => b.start.toISOString().slice(0, 10)),
    ['2030-05-07'],
  );
  assert.equal(
    (await q({ start: d('2030-05-06T00:00:00Z'), end: d('2030-05-07T00:00:00Z') })).totalItems,
    1,
  );
  assert.equal((await q({ viewerUserId: author.user.id })).totalItems, 3);
  await assert.rejects(q({ viewerUserId: randomUUID() }), domainError('forbidden', 'forbidden'));
  await assert.rejects(q({ listingId: randomUUID() }), domainError('not-found', 'not-found'));
  await assert.rejects(
    q({ end: d('2030-04-01T00:00:00Z') }),
    domainError('bad-request', 'validation-invalid-value'),
  );
});
