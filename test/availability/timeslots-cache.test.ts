/**
 * timeslots/query keeps encoded answers by the listing's capacity revision: every change to what
 * the slots are computed from — an exception, a booking (created, state changed, moved or deleted
 * by any SQL), the plan — shows in the very next read, while visibility is still checked on every
 * request. Each test warms the cache first, so a stale answer would be what it reads back.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { changeBookingState, createBooking } from '../../src/domain/bookings/index.ts';
import type { PendingEvent } from '../../src/domain/events/index.ts';
import { anonToken } from '../listings/helpers.ts';
import { availabilityWorld, createListing, weekdaysPlan, type AvailabilityWorld } from './helpers.ts';

let w: AvailabilityWorld;
let listingId: string;

before(async () => {
  w = await availabilityWorld();
  listingId = await createListing(w.asAlice, weekdaysPlan);
});
after(async () => w.server.close());

/** Tuesday 8 January 2030 (UTC plan: one seat 09:00–17:00). */
const DAY = `start=${encodeURIComponent('2030-01-08T00:00:00Z')}&end=${encodeURIComponent('2030-01-09T00:00:00Z')}`;
const dayQuery = (extra = '') => `timeslots/query?listingId=${listingId}&${DAY}${extra}`;

type Slot = { attributes: { start?: string; end?: string; seats?: number } };
const slotsOf = (body: { data?: unknown }) =>
  (body.data as Slot[]).map((s) => [s.attributes.start, s.attributes.end, s.attributes.seats]);

const WHOLE_DAY = [['2030-01-08T09:00:00.000Z', '2030-01-08T17:00:00.000Z', 1]];
const NOON_TAKEN = [
  ['2030-01-08T09:00:00.000Z', '2030-01-08T12:00:00.000Z', 1],
  ['2030-01-08T13:00:00.000Z', '2030-01-08T17:00:00.000Z', 1],
];

/** The slots of the day as the anonymous caller reads them, read twice (the second from the cache). */
async function daySlots(): Promise<unknown[]> {
  const first = await w.asAnon.get(dayQuery());
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const second = await w.asAnon.get(dayQuery());
  assert.deepEqual(second.body, first.body);
  return slotsOf(first.body);
}

const revision = async (): Promise<number> => {
  const row = await w.server.handle.db
    .selectFrom('listings')
    .select('capacity_revision')
    .where('id', '=', listingId)
    .executeTakeFirstOrThrow();
  return Number(row.capacity_revision);
};

test('an exception shows in the next read after create and after delete', async () => {
  assert.deepEqual(await daySlots(), WHOLE_DAY);
  const created = await w.asAlice.post('availability_exceptions/create', {
    listingId,
    start: '2030-01-08T12:00:00Z',
    end: '2030-01-08T13:00:00Z',
    seats: 0,
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  assert.deepEqual(await daySlots(), NOON_TAKEN);
  const deleted = await w.asAlice.post('availability_exceptions/delete', { id: created.body.data?.id });
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
  assert.deepEqual(await daySlots(), WHOLE_DAY);
});

test('a booking shows when created, and its seat comes back when declined, moved or deleted', async () => {
  assert.deepEqual(await daySlots(), WHOLE_DAY);
  const db = w.server.handle.db;
  const book = () =>
    db.transaction().execute((trx) =>
      createBooking(
        trx,
        {
          marketplaceId: w.m.marketplace.id,
          listingId,
          transactionId: null,
          type: 'time',
          start: new Date('2030-01-08T12:00:00Z'),
          end: new Date('2030-01-08T13:00:00Z'),
          state: 'pending',
        },
        [] as PendingEvent[],
      ),
    );
  const first = await book();
  assert.deepEqual(await daySlots(), NOON_TAKEN);
  await db.transaction().execute((trx) =>
    changeBookingState(trx, { marketplaceId: w.m.marketplace.id, bookingId: first.id, to: 'declined' }, []),
  );
  assert.deepEqual(await daySlots(), WHOLE_DAY);

  // Writes outside the bookings module (an operator's SQL) move the revision too.
  const second = await book();
  assert.deepEqual(await daySlots(), NOON_TAKEN);
  await db
    .updateTable('bookings')
    .set({ start_at: new Date('2030-01-09T12:00:00Z'), end_at: new Date('2030-01-09T13:00:00Z') })
    .where('id', '=', second.id)
    .execute();
  assert.deepEqual(await daySlots(), WHOLE_DAY);
  await db
    .updateTable('bookings')
    .set({ start_at: new Date('2030-01-08T12:00:00Z'), end_at: new Date('2030-01-08T13:00:00Z') })
    .where('id', '=', second.id)
    .execute();
  assert.deepEqual(await daySlots(), NOON_TAKEN);
  await db.deleteFrom('bookings').where('id', '=', second.id).execute();
  assert.deepEqual(await daySlots(), WHOLE_DAY);
});

test('a plan change shows in the next read; other listing changes keep the revision', async () => {
  assert.deepEqual(await daySlots(), WHOLE_DAY);
  const before = await revision();
  const retitled = await w.asAlice.post('own_listings/update', { id: listingId, title: 'Big sauna' });
  assert.equal(retitled.status, 200, JSON.stringify(retitled.body));
  // The update writes the same plan back: not a capacity change.
  assert.equal(await revision(), before);

  const twoSeats = { ...weekdaysPlan, entries: weekdaysPlan.entries.map((e) => ({ ...e, seats: 2 })) };
  const replanned = await w.asAlice.post('own_listings/update', { id: listingId, availabilityPlan: twoSeats });
  assert.equal(replanned.status, 200, JSON.stringify(replanned.body));
  assert.ok((await revision()) > before);
  assert.deepEqual(await daySlots(), [['2030-01-08T09:00:00.000Z', '2030-01-08T17:00:00.000Z', 2]]);

  const back = await w.asAlice.post('own_listings/update', { id: listingId, availabilityPlan: weekdaysPlan });
  assert.equal(back.status, 200, JSON.stringify(back.body));
  assert.deepEqual(await daySlots(), WHOLE_DAY);
});

test('visibility is checked on every read, before any kept answer', async () => {
  assert.deepEqual(await daySlots(), WHOLE_DAY);
  const closed = await w.asAlice.post('own_listings/close', { id: listingId });
  assert.equal(closed.status, 200, JSON.stringify(closed.body));
  assert.equal((await w.asAnon.get(dayQuery())).status, 404);
  assert.equal((await w.asBob.get(dayQuery())).status, 404);
  const own = await w.asAlice.get(dayQuery());
  assert.equal(own.status, 200);
  assert.deepEqual(slotsOf(own.body), WHOLE_DAY);
  const opened = await w.asAlice.post('own_listings/open', { id: listingId });
  assert.equal(opened.status, 200, JSON.stringify(opened.body));
  assert.deepEqual(await daySlots(), WHOLE_DAY);
});

test('each format and each sparse fieldset gets its own answer', async () => {
  const json = await w.asAnon.get(dayQuery());
  const token = await anonToken(w.server, w.m);
  const call = (accept: string) =>
    w.server.app.inject({
      method: 'GET',
      url: `/v1/api/${dayQuery()}`,
      headers: { authorization: `Bearer ${token}`, accept },
    });
  for (let i = 0; i < 2; i++) {
    const transit = await call('application/transit+json');
    assert.match(String(transit.headers['content-type']), /^application\/transit\+json/);
    assert.match(transit.body, /^\["\^ ","~:data"/);
    const plain = await call('application/json');
    assert.match(String(plain.headers['content-type']), /^application\/json/);
    assert.deepEqual(JSON.parse(plain.body), json.body);
  }
  const seatsOnly = await w.asAnon.get(dayQuery('&fields.timeSlot=seats'));
  assert.equal(seatsOnly.status, 200, JSON.stringify(seatsOnly.body));
  assert.deepEqual(slotsOf(seatsOnly.body), [[undefined, undefined, 1]]);
});
