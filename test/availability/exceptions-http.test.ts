/**
 * availability_exceptions/create|delete|query over HTTP (JSON) on both APIs: the author's and the
 * operator's view, visibility per caller, pagination, the limits of domain §4.2 (each a 400 with the
 * catalogue code and nothing stored), overlaps (409), and the events each write appends.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { queryEvents } from '../../src/domain/events/index.ts';
import { Keyword, Uuid } from '../../src/lib/values.ts';
import {
  availabilityWorld,
  createListing,
  weekdaysPlan,
  type AvailabilityWorld,
} from './helpers.ts';

let w: AvailabilityWorld;
let listingId: string;

before(async () => {
  w = await availabilityWorld();
  listingId = await createListing(w.asAlice, weekdaysPlan);
});
after(async () => w.server.close());

const window = (start: string, end: string) =>
  `start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`;

/** Every exception of a listing in the year around now, through the Integration API (the ground truth). */
async function storedExceptions(
  id: string,
): Promise<{ start: string; end: string; seats: number }[]> {
  const res = await w.asInteg.get(
    `availability_exceptions/query?listingId=${id}&${window('2029-07-01T00:00:00Z', '2030-07-01T00:00:00Z')}`,
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const data = res.body.data as unknown as {
    attributes: { start: string; end: string; seats: number };
  }[];
  return data.map((d) => d.attributes);
}

test('the author creates, queries and deletes exceptions; events record each change', async () => {
  const id = await createListing(w.asAlice, weekdaysPlan);
  const created = await w.asAlice.post(
    'availability_exceptions/create?expand=true&include=ownListing',
    {
      listingId: id,
      start: '2030-01-10T09:00:00.000Z',
      end: '2030-01-10T12:00:00.000Z',
      seats: 0,
    },
  );
  assert.equal(created.status, 200, JSON.stringify(created.body));
  assert.equal(created.body.data?.type, 'availabilityException');
  assert.deepEqual(created.body.data?.attributes, {
    start: '2030-01-10T09:00:00.000Z',
    end: '2030-01-10T12:00:00.000Z',
    seats: 0,
  });
  assert.deepEqual(created.body.data?.relationships?.ownListing, {
    data: { id, type: 'ownListing' },
  });
  assert.equal(created.body.included?.[0]?.type, 'ownListing');
  assert.equal(created.body.included?.[0]?.attributes?.title, 'Sauna');
  const exceptionId = created.body.data?.id ?? '';

  // Without expand a command returns {id, type} only.
  const second = await w.asAlice.post('availability_exceptions/create', {
    listingId: id,
    start: '2030-01-11T00:00:00Z',
    end: '2030-01-12T00:00:00Z',
    seats: 3,
  });
  assert.equal(second.status, 200);
  assert.equal(second.body.data?.attributes, undefined);

  const q = await w.asAlice.get(
    `availability_exceptions/query?listingId=${id}&${window('2030-01-01T00:00:00Z', '2030-02-01T00:00:00Z')}`,
  );
  assert.equal(q.status, 200);
  assert.deepEqual(
    (q.body.data as { attributes: unknown }[]).map((d) => d.attributes),
    [
      { start: '2030-01-10T09:00:00.000Z', end: '2030-01-10T12:00:00.000Z', seats: 0 },
      { start: '2030-01-11T00:00:00.000Z', end: '2030-01-12T00:00:00.000Z', seats: 3 },
    ],
  );
  assert.deepEqual(q.body.meta, { totalItems: 2, totalPages: 1, page: 1, perPage: 100 });
  // A window that only touches an exception does not return it (end exclusive).
  const touching = await w.asAlice.get(
    `availability_exceptions/query?listingId=${id}&${window('2030-01-10T12:00:00Z', '2030-01-11T00:00:00Z')}`,
  );
  assert.deepEqual(touching.body.meta?.totalItems, 0);

  const deleted = await w.asAlice.post('availability_exceptions/delete?expand=true', {
    id: exceptionId,
  });
  assert.equal(deleted.status, 200);
  assert.equal(deleted.body.data?.id, exceptionId);
  assert.equal((deleted.body.data?.attributes as { seats: number }).seats, 0);
  assert.equal(
    (await w.asAlice.post('availability_exceptions/delete', { id: exceptionId })).status,
    404,
  );
  assert.deepEqual(await storedExceptions(id), [
    { start: '2030-01-11T00:00:00.000Z', end: '2030-01-12T00:00:00.000Z', seats: 3 },
  ]);

  const events = await queryEvents(w.server.handle.db, w.m.marketplace.id, {
    resourceId: exceptionId,
  });
  assert.deepEqual(
    events.map((e) => e.eventType),
    ['availabilityException/created', 'availabilityException/deleted'],
  );
  const [createdEvent, deletedEvent] = events;
  assert.equal(createdEvent?.source, 'source/marketplace-api');
  assert.equal(createdEvent?.auditData.userId, w.alice.user.id);
  assert.deepEqual(createdEvent?.resource, {
    id: new Uuid(exceptionId),
    type: new Keyword('availabilityException'),
    attributes: {
      start: new Date('2030-01-10T09:00:00Z'),
      end: new Date('2030-01-10T12:00:00Z'),
      seats: 0,
    },
    relationships: { listing: { data: { id: new Uuid(id), type: new Keyword('listing') } } },
  });
  assert.equal(deletedEvent?.resource, null);
  assert.deepEqual((deletedEvent?.previousValues as { attributes: unknown }).attributes, {
    start: new Date('2030-01-10T09:00:00Z'),
    end: new Date('2030-01-10T12:00:00Z'),
    seats: 0,
  });
  // The listing's related events include its exceptions.
  const related = await queryEvents(w.server.handle.db, w.m.marketplace.id, {
    relatedResourceId: id,
    eventTypes: ['availabilityException/created'],
  });
  assert.equal(related.length, 2);
});

test('query pages through exceptions by start', async () => {
  const id = await createListing(w.asAlice, weekdaysPlan);
  for (const day of [14, 12, 13]) {
    const res = await w.asAlice.post('availability_exceptions/create', {
      listingId: id,
      start: `2030-01-${day}T00:00:00Z`,
      end: `2030-01-${day}T06:00:00Z`,
      seats: 1,
    });
    assert.equal(res.status, 200);
  }
  const page = (n: number) =>
    w.asAlice.get(
      `availability_exceptions/query?listingId=${id}&${window('2030-01-01T00:00:00Z', '2030-02-01T00:00:00Z')}&perPage=2&page=${n}`,
    );
  const one = await page(1);
  const two = await page(2);
  assert.deepEqual(one.body.meta, { totalItems: 3, totalPages: 2, page: 1, perPage: 2 });
  const starts = [
    ...(one.body.data as unknown as { attributes: { start: string } }[]),
    ...(two.body.data as unknown as { attributes: { start: string } }[]),
  ].map((d) => d.attributes.start);
  assert.deepEqual(starts, [
    '2030-01-12T00:00:00.000Z',
    '2030-01-13T00:00:00.000Z',
    '2030-01-14T00:00:00.000Z',
  ]);
  assert.equal(
    (
      await w.asAlice.get(
        `availability_exceptions/query?listingId=${id}&${window('2030-01-01T00:00:00Z', '2030-02-01T00:00:00Z')}&perPage=101`,
      )
    ).status,
    400,
  );
});

test("only the author (or an operator) may touch a listing's exceptions", async () => {
  const body = { listingId, start: '2030-02-01T00:00:00Z', end: '2030-02-02T00:00:00Z', seats: 0 };
  const bob = await w.asBob.post('availability_exceptions/create', body);
  assert.equal(bob.status, 403);
  assert.equal(bob.body.errors?.[0]?.code, 'forbidden');
  assert.equal((await w.asAnon.post('availability_exceptions/create', body)).status, 403);
  assert.equal(
    (
      await w.asBob.get(
        `availability_exceptions/query?listingId=${listingId}&${window('2030-01-01T00:00:00Z', '2030-03-01T00:00:00Z')}`,
      )
    ).status,
    403,
  );
  assert.equal(
    (
      await w.asAnon.get(
        `availability_exceptions/query?listingId=${listingId}&${window('2030-01-01T00:00:00Z', '2030-03-01T00:00:00Z')}`,
      )
    ).status,
    403,
  );
  assert.deepEqual(await storedExceptions(listingId), []);

  const mine = await w.asAlice.post('availability_exceptions/create', body);
  assert.equal(mine.status, 200);
  const bobDelete = await w.asBob.post('availability_exceptions/delete', {
    id: mine.body.data?.id,
  });
  assert.equal(bobDelete.status, 403);
  assert.equal((await storedExceptions(listingId)).length, 1);

  const unknown = await w.asAlice.post('availability_exceptions/create', {
    ...body,
    listingId: '00000000-0000-4000-8000-000000000000',
  });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.errors?.[0]?.code, 'not-found');
  assert.equal(
    (await w.asAlice.post('availability_exceptions/delete', { id: mine.body.data?.id })).status,
    200,
  );
});

test('a user pending approval may not change exceptions (permission-denied-pending-approval)', async () => {
  const id = await createListing(w.asBob, weekdaysPlan);
  await w.server.handle.db
    .updateTable('users')
    .set({ state: 'pendingApproval' })
    .where('id', '=', w.bob.user.id)
    .execute();
  try {
    const res = await w.asBob.post('availability_exceptions/create', {
      listingId: id,
      start: '2030-02-01T00:00:00Z',
      end: '2030-02-02T00:00:00Z',
      seats: 0,
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.errors?.[0]?.code, 'permission-denied-pending-approval');
    assert.deepEqual(await storedExceptions(id), []);
  } finally {
    await w.server.handle.db
      .updateTable('users')
      .set({ state: 'active' })
      .where('id', '=', w.bob.user.id)
      .execute();
  }
});

test('bad input → 400 with the catalogue code and the offending key; nothing stored', async () => {
  const id = await createListing(w.asAlice, weekdaysPlan);
  const ok = {
    listingId: id,
    start: '2030-02-01T00:00:00Z',
    end: '2030-02-02T00:00:00Z',
    seats: 1,
  };
  const cases: { name: string; body: Record<string, unknown>; code: string; path: string[] }[] = [
    {
      name: 'end before start',
      body: { ...ok, end: '2030-01-31T00:00:00Z' },
      code: 'validation-invalid-value',
      path: ['end'],
    },
    {
      name: 'end equal to start',
      body: { ...ok, end: ok.start },
      code: 'validation-invalid-value',
      path: ['end'],
    },
    {
      name: 'negative seats',
      body: { ...ok, seats: -1 },
      code: 'validation-invalid-value',
      path: ['seats'],
    },
    {
      name: 'fractional seats',
      body: { ...ok, seats: 1.5 },
      code: 'validation-invalid-value',
      path: ['seats'],
    },
    {
      name: 'start not on a 5-minute step',
      body: { ...ok, start: '2030-02-01T00:03:00Z' },
      code: 'validation-invalid-value',
      path: ['start'],
    },
    {
      name: 'end with seconds',
      body: { ...ok, end: '2030-02-02T00:00:30Z' },
      code: 'validation-invalid-value',
      path: ['end'],
    },
    {
      name: 'more than 365 days ahead',
      body: { ...ok, start: '2031-01-07T00:00:00Z', end: '2031-01-08T00:00:00Z' },
      code: 'validation-invalid-value',
      path: ['end'],
    },
    {
      name: 'not a timestamp',
      body: { ...ok, start: 'tomorrow' },
      code: 'validation-invalid-value',
      path: ['start'],
    },
    {
      name: 'seats missing',
      body: { listingId: id, start: ok.start, end: ok.end },
      code: 'validation-missing-key',
      path: ['seats'],
    },
    {
      name: 'unknown key',
      body: { ...ok, note: 'x' },
      code: 'validation-disallowed-key',
      path: ['note'],
    },
    {
      name: 'listingId not a UUID',
      body: { ...ok, listingId: 'abc' },
      code: 'validation-invalid-value',
      path: ['listingId'],
    },
  ];
  for (const c of cases) {
    for (const caller of [w.asAlice, w.asInteg]) {
      const res = await caller.post('availability_exceptions/create', c.body);
      assert.equal(res.status, 400, `${c.name}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.errors?.[0]?.code, c.code, c.name);
      assert.deepEqual(res.body.errors?.[0]?.source?.path, c.path, c.name);
    }
  }
  assert.deepEqual(await storedExceptions(id), []);
  const events = await queryEvents(w.server.handle.db, w.m.marketplace.id, {
    relatedResourceId: id,
    eventTypes: ['availabilityException/created'],
  });
  assert.equal(events.length, 0);
});

test('exceptions of a listing may touch but not overlap (409 availability-exception-overlap)', async () => {
  const id = await createListing(w.asAlice, weekdaysPlan);
  const make = (start: string, end: string) =>
    w.asAlice.post('availability_exceptions/create', { listingId: id, start, end, seats: 0 });
  assert.equal((await make('2030-03-01T10:00:00Z', '2030-03-01T12:00:00Z')).status, 200);
  const overlap = await make('2030-03-01T11:55:00Z', '2030-03-01T13:00:00Z');
  assert.equal(overlap.status, 409);
  assert.equal(overlap.body.errors?.[0]?.code, 'availability-exception-overlap');
  assert.equal((await make('2030-03-01T09:00:00Z', '2030-03-01T10:00:00Z')).status, 200);
  assert.equal((await make('2030-03-01T12:00:00Z', '2030-03-01T13:00:00Z')).status, 200);
  assert.equal((await storedExceptions(id)).length, 3);
});

test('query window limits → 400 validation-invalid-value', async () => {
  const q = (start: string, end: string) =>
    w.asAlice.get(`availability_exceptions/query?listingId=${listingId}&${window(start, end)}`);
  const cases: [string, string, string][] = [
    ['2030-02-01T00:00:00Z', '2030-01-01T00:00:00Z', 'end'],
    ['2030-01-01T00:00:00Z', '2031-01-09T00:00:00Z', 'end'],
    ['2028-12-01T00:00:00Z', '2029-02-01T00:00:00Z', 'start'],
  ];
  for (const [start, end, param] of cases) {
    const res = await q(start, end);
    assert.equal(res.status, 400, `${start}..${end}`);
    assert.equal(res.body.errors?.[0]?.code, 'validation-invalid-value');
    assert.deepEqual(res.body.errors?.[0]?.source?.path, [param]);
  }
  const missing = await w.asAlice.get(
    `availability_exceptions/query?listingId=${listingId}&start=2030-01-01T00:00:00Z`,
  );
  assert.equal(missing.body.errors?.[0]?.code, 'validation-missing-key');
  // A full 366-day window is fine.
  assert.equal((await q('2029-06-01T00:00:00Z', '2030-06-02T00:00:00Z')).status, 200);
});

test('Integration API: operators manage any listing’s exceptions; relationship `listing`', async () => {
  const created = await w.asInteg.post(
    'availability_exceptions/create?expand=true&include=listing',
    {
      listingId,
      start: '2030-04-01T00:00:00Z',
      end: '2030-04-03T00:00:00Z',
      seats: 2,
    },
  );
  assert.equal(created.status, 200, JSON.stringify(created.body));
  assert.deepEqual(created.body.data?.relationships?.listing, {
    data: { id: listingId, type: 'listing' },
  });
  assert.equal(created.body.included?.[0]?.type, 'listing');
  const q = await w.asInteg.get(
    `availability_exceptions/query?listingId=${listingId}&${window('2030-03-01T00:00:00Z', '2030-05-01T00:00:00Z')}&include=listing`,
  );
  assert.equal(q.body.meta?.totalItems, 1);
  assert.equal(q.body.included?.[0]?.id, listingId);
  // The Marketplace API's relationship name is not accepted here.
  assert.equal(
    (
      await w.asInteg.get(
        `availability_exceptions/query?listingId=${listingId}&${window('2030-03-01T00:00:00Z', '2030-05-01T00:00:00Z')}&include=ownListing`,
      )
    ).status,
    400,
  );
  const id = created.body.data?.id ?? '';
  const events = await queryEvents(w.server.handle.db, w.m.marketplace.id, { resourceId: id });
  assert.equal(events[0]?.source, 'source/integration-api');
  assert.equal((await w.asInteg.post('availability_exceptions/delete', { id })).status, 200);
  assert.deepEqual(await storedExceptions(listingId), []);
});
