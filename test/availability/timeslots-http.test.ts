/**
 * timeslots/query over HTTP (JSON): slots from plan, exceptions and holding bookings (expected
 * values written out by hand), visibility per caller, pagination up to 500, interval parameters as
 * the web template sends them, and bad input (400 with the catalogue code).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createBooking } from '../../src/domain/bookings/index.ts';
import type { PendingEvent } from '../../src/domain/events/index.ts';
import { createTestMarketplace } from '../support/factories.ts';
import { createTestUser } from '../support/users.ts';
import { anonToken, api, setMarketplaceSettings, userToken } from '../listings/helpers.ts';
import { availabilityWorld, createListing, type AvailabilityWorld } from './helpers.ts';

let w: AvailabilityWorld;
let listingId: string;

/** Helsinki, 2 seats Mon–Fri 09:00–17:00 (UTC+2 in January: 07:00–15:00Z). */
const helsinkiPlan = {
  type: 'availability-plan/time',
  timezone: 'Europe/Helsinki',
  entries: ['mon', 'tue', 'wed', 'thu', 'fri'].map((dayOfWeek) => ({
    dayOfWeek,
    seats: 2,
    startTime: '09:00',
    endTime: '17:00',
  })),
};

before(async () => {
  w = await availabilityWorld();
  listingId = await createListing(w.asAlice, helsinkiPlan);
  // Tue 8 Jan: closed 12:00–13:00 local; Wed 9 Jan: a pending 1-seat booking 10:00–11:00 local and
  // a proposed one (holds nothing) all afternoon; Thu 10 Jan: an accepted 2-seat booking 09:00–10:00.
  await w.asAlice.post('availability_exceptions/create', {
    listingId,
    start: '2030-01-08T10:00:00Z',
    end: '2030-01-08T11:00:00Z',
    seats: 0,
  });
  const events: PendingEvent[] = [];
  await w.server.handle.db.transaction().execute(async (trx) => {
    const base = {
      marketplaceId: w.m.marketplace.id,
      listingId,
      transactionId: null,
      type: 'time' as const,
    };
    await createBooking(
      trx,
      {
        ...base,
        start: new Date('2030-01-09T08:00:00Z'),
        end: new Date('2030-01-09T09:00:00Z'),
        state: 'pending',
      },
      events,
    );
    await createBooking(
      trx,
      {
        ...base,
        start: new Date('2030-01-09T12:00:00Z'),
        end: new Date('2030-01-09T15:00:00Z'),
        state: 'proposed',
      },
      events,
    );
    const b = await createBooking(
      trx,
      {
        ...base,
        start: new Date('2030-01-10T07:00:00Z'),
        end: new Date('2030-01-10T08:00:00Z'),
        seats: 2,
        state: 'pending',
      },
      events,
    );
    await trx.updateTable('bookings').set({ state: 'accepted' }).where('id', '=', b.id).execute();
  });
});
after(async () => w.server.close());

type Slot = {
  id: string;
  type: string;
  attributes: { type: string; start: string; end: string; seats: number };
};
const q = (start: string, end: string, extra = '') =>
  `timeslots/query?listingId=${listingId}&start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}${extra}`;
const slotData = (body: { data?: unknown }): Slot[] => body.data as Slot[];
const slots = (body: { data?: unknown }) =>
  slotData(body).map((s) => [s.attributes.start, s.attributes.end, s.attributes.seats]);

test('anyone gets the listing’s free stretches: plan, exceptions, holding bookings', async () => {
  const res = await w.asAnon.get(q('2030-01-07T00:00:00Z', '2030-01-12T00:00:00Z'));
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(slots(res.body), [
    // Mon 7 Jan
    ['2030-01-07T07:00:00.000Z', '2030-01-07T15:00:00.000Z', 2],
    // Tue 8 Jan: the exception closes 12–13 local
    ['2030-01-08T07:00:00.000Z', '2030-01-08T10:00:00.000Z', 2],
    ['2030-01-08T11:00:00.000Z', '2030-01-08T15:00:00.000Z', 2],
    // Wed 9 Jan: the pending booking takes one seat 10–11 local; the proposed one nothing
    ['2030-01-09T07:00:00.000Z', '2030-01-09T08:00:00.000Z', 2],
    ['2030-01-09T08:00:00.000Z', '2030-01-09T09:00:00.000Z', 1],
    ['2030-01-09T09:00:00.000Z', '2030-01-09T15:00:00.000Z', 2],
    // Thu 10 Jan: the accepted booking takes both seats 09–10 local
    ['2030-01-10T08:00:00.000Z', '2030-01-10T15:00:00.000Z', 2],
    // Fri 11 Jan
    ['2030-01-11T07:00:00.000Z', '2030-01-11T15:00:00.000Z', 2],
  ]);
  const first = slotData(res.body)[0];
  assert.equal(first?.type, 'timeSlot');
  assert.equal(first?.attributes.type, 'time-slot/time');
  assert.deepEqual(res.body.meta, { totalItems: 8, totalPages: 1, page: 1, perPage: 100 });
  // Ids are stable across queries.
  const again = await w.asBob.get(q('2030-01-07T00:00:00Z', '2030-01-12T00:00:00Z'));
  assert.deepEqual(
    slotData(again.body).map((s) => s.id),
    slotData(res.body).map((s) => s.id),
  );
});

test('pagination: perPage up to 500, pages in time order', async () => {
  const page2 = await w.asAnon.get(
    q('2030-01-07T00:00:00Z', '2030-01-12T00:00:00Z', '&perPage=3&page=2'),
  );
  assert.deepEqual(page2.body.meta, { totalItems: 8, totalPages: 3, page: 2, perPage: 3 });
  assert.deepEqual(slots(page2.body), [
    ['2030-01-09T07:00:00.000Z', '2030-01-09T08:00:00.000Z', 2],
    ['2030-01-09T08:00:00.000Z', '2030-01-09T09:00:00.000Z', 1],
    ['2030-01-09T09:00:00.000Z', '2030-01-09T15:00:00.000Z', 2],
  ]);
  assert.equal(
    (await w.asAnon.get(q('2030-01-07T00:00:00Z', '2030-01-12T00:00:00Z', '&perPage=500'))).status,
    200,
  );
  const over = await w.asAnon.get(
    q('2030-01-07T00:00:00Z', '2030-01-12T00:00:00Z', '&perPage=501'),
  );
  assert.equal(over.status, 400);
  assert.deepEqual(over.body.errors?.[0]?.source?.path, ['perPage']);
});

test('the web template’s hourly query: P1D, one slot per day of at least 60 minutes (expanded)', async () => {
  const res = await w.asAnon.get(
    q(
      '2030-01-06T22:00:00Z',
      '2030-01-11T22:00:00Z',
      `&intervalDuration=P1D&intervalAlign=${encodeURIComponent('2030-01-06T22:00:00Z')}&maxPerInterval=1&minDurationStartingInInterval=60&perPage=31&page=1`,
    ),
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  // Expanded slots start with the longest 1-seat stretch of each local day.
  assert.deepEqual(slots(res.body), [
    ['2030-01-07T07:00:00.000Z', '2030-01-07T15:00:00.000Z', 2],
    ['2030-01-08T07:00:00.000Z', '2030-01-08T10:00:00.000Z', 2],
    ['2030-01-09T07:00:00.000Z', '2030-01-09T15:00:00.000Z', 1],
    ['2030-01-10T08:00:00.000Z', '2030-01-10T15:00:00.000Z', 2],
    ['2030-01-11T07:00:00.000Z', '2030-01-11T15:00:00.000Z', 2],
  ]);
});

test('visibility: drafts and closed listings only for their author; unknown → 404', async () => {
  const draft = await createListing(w.asAlice, helsinkiPlan, { draft: true });
  const path = `timeslots/query?listingId=${draft}&start=2030-01-07T00:00:00Z&end=2030-01-08T00:00:00Z`;
  assert.equal((await w.asAnon.get(path)).status, 404);
  assert.equal((await w.asBob.get(path)).status, 404);
  const own = await w.asAlice.get(path);
  assert.equal(own.status, 200);
  assert.deepEqual(slots(own.body), [['2030-01-07T07:00:00.000Z', '2030-01-07T15:00:00.000Z', 2]]);
  const closed = await createListing(w.asAlice, helsinkiPlan);
  assert.equal((await w.asAlice.post('own_listings/close', { id: closed })).status, 200);
  const closedPath = `timeslots/query?listingId=${closed}&start=2030-01-07T00:00:00Z&end=2030-01-08T00:00:00Z`;
  assert.equal((await w.asAnon.get(closedPath)).status, 404);
  assert.equal((await w.asAlice.get(closedPath)).status, 200);
  const unknown = await w.asAnon.get(
    'timeslots/query?listingId=00000000-0000-4000-8000-000000000000&start=2030-01-07T00:00:00Z&end=2030-01-08T00:00:00Z',
  );
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.errors?.[0]?.code, 'not-found');
});

test('a day-based listing (no plan) gets time-slot/day slots on whole UTC dates', async () => {
  const id = await createListing(w.asAlice, null);
  await w.asAlice.post('availability_exceptions/create', {
    listingId: id,
    start: '2030-01-08T10:00:00Z',
    end: '2030-01-08T11:00:00Z',
    seats: 0,
  });
  const res = await w.asAnon.get(
    `timeslots/query?listingId=${id}&start=2030-01-07T00:00:00Z&end=2030-01-10T00:00:00Z`,
  );
  assert.deepEqual(
    slotData(res.body).map((s) => [
      s.attributes.type,
      s.attributes.start,
      s.attributes.end,
      s.attributes.seats,
    ]),
    [
      ['time-slot/day', '2030-01-07T00:00:00.000Z', '2030-01-08T00:00:00.000Z', 1],
      ['time-slot/day', '2030-01-09T00:00:00.000Z', '2030-01-10T00:00:00.000Z', 1],
    ],
  );
});

test('bad input → 400 with the catalogue code naming the parameter', async () => {
  const cases: [string, string, string][] = [
    [q('2030-01-09T00:00:00Z', '2030-01-08T00:00:00Z'), 'validation-invalid-value', 'end'],
    [q('2030-01-07T00:00:00Z', '2030-04-08T00:00:00Z'), 'validation-invalid-value', 'end'],
    [q('2030-01-05T00:00:00Z', '2030-01-08T00:00:00Z'), 'validation-invalid-value', 'start'],
    [q('2031-01-09T00:00:00Z', '2031-01-10T00:00:00Z'), 'validation-invalid-value', 'start'],
    [
      q('2030-01-07T00:00:00Z', '2030-01-08T00:00:00Z', '&intervalDuration=daily'),
      'validation-invalid-value',
      'intervalDuration',
    ],
    [
      q('2030-01-07T00:00:00Z', '2030-01-08T00:00:00Z', '&maxPerInterval=0'),
      'validation-invalid-value',
      'maxPerInterval',
    ],
    [
      q('2030-01-07T00:00:00Z', '2030-01-08T00:00:00Z', '&intervalAlign=2030-01-07T01:00:00Z'),
      'validation-invalid-value',
      'intervalAlign',
    ],
    [q('nonsense', '2030-01-08T00:00:00Z'), 'validation-invalid-value', 'start'],
    [
      'timeslots/query?start=2030-01-07T00:00:00Z&end=2030-01-08T00:00:00Z',
      'validation-missing-key',
      'listingId',
    ],
    [
      q('2030-01-07T00:00:00Z', '2030-01-08T00:00:00Z', '&seats=2'),
      'validation-disallowed-key',
      'seats',
    ],
  ];
  for (const [path, code, param] of cases) {
    const res = await w.asAnon.get(path);
    assert.equal(res.status, 400, path);
    assert.equal(res.body.errors?.[0]?.code, code, path);
    assert.deepEqual(res.body.errors?.[0]?.source?.path, [param], path);
  }
});

test('private marketplace: anonymous callers get 403', async () => {
  const m = await createTestMarketplace(w.server.handle.db, 'Private');
  const carol = await createTestUser(w.server.handle.db, m.marketplace.id);
  const asCarol = api(w.server, 'api', await userToken(w.server, m, carol));
  const id = await createListing(asCarol, helsinkiPlan);
  await setMarketplaceSettings(w.server, m, { privateMarketplace: true });
  const path = `timeslots/query?listingId=${id}&start=2030-01-07T00:00:00Z&end=2030-01-08T00:00:00Z`;
  const anon = await api(w.server, 'api', await anonToken(w.server, m)).get(path);
  assert.equal(anon.status, 403);
  assert.equal((await asCarol.get(path)).status, 200);
});
