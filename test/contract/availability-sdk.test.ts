/**
 * Contract: the real SDKs against a listening Bazaar — the author manages availability exceptions
 * (sdk.availabilityExceptions.create/query/delete, transit Dates and UUIDs), anyone (an anonymous
 * SDK) queries time slots (sdk.timeslots.query, also with the web template's interval parameters),
 * and the Integration SDK manages exceptions of any listing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../src/lib/clock.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import {
  group,
  integrationSdk,
  integrationSdkModule,
  marketplaceSdk,
  sharetribeSdk,
  type SdkError,
  type SdkResource,
  type SdkResponse,
} from '../support/sdk.ts';

const NOW = new Date('2030-01-07T12:00:00Z');
let server: TestServer;
let m: TestMarketplace;
let alice: TestUser;

before(async () => {
  server = await startTestServer({ clock: new FakeClock(NOW) });
  m = await createTestMarketplace(server.handle.db, 'Availability contract');
  alice = await createTestUser(server.handle.db, m.marketplace.id);
});
after(async () => server.close());

const { UUID } = sharetribeSdk.types;
const many = (res: SdkResponse): SdkResource[] => {
  const data = res.data.data;
  assert.ok(Array.isArray(data));
  return data;
};
const one = (res: SdkResponse): SdkResource => {
  const data = res.data.data;
  assert.ok(!Array.isArray(data));
  return data;
};
const rejectsWith = (p: Promise<unknown>, status: number, code: string) =>
  assert.rejects(p, (e: SdkError) => {
    assert.equal(e.status, status);
    assert.equal(e.data?.errors?.[0]?.code, code);
    return true;
  });

/** Mon–Fri 09:00–17:00 in Helsinki (UTC+2 in January), 2 seats. */
const plan = {
  type: 'availability-plan/time',
  timezone: 'Europe/Helsinki',
  entries: ['mon', 'tue', 'wed', 'thu', 'fri'].map((dayOfWeek) => ({
    dayOfWeek,
    seats: 2,
    startTime: '09:00',
    endTime: '17:00',
  })),
};

async function aliceSdk() {
  const sdk = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId);
  await sdk.login({ username: alice.email, password: alice.password });
  return sdk;
}

test('the author manages exceptions; anyone queries time slots', async () => {
  const sdk = await aliceSdk();
  const listing = one(
    await group(sdk, 'ownListings').create!(
      { title: 'Sauna', availabilityPlan: plan },
      { expand: true },
    ),
  );
  const exceptions = group(sdk, 'availabilityExceptions');

  const created = one(
    await exceptions.create!(
      {
        listingId: listing.id,
        start: new Date('2030-01-08T10:00:00Z'),
        end: new Date('2030-01-08T11:00:00Z'),
        seats: 0,
      },
      { expand: true, include: ['ownListing'] },
    ),
  );
  assert.ok(created.id instanceof UUID);
  assert.equal(created.type, 'availabilityException');
  assert.ok(created.attributes.start instanceof Date);
  assert.deepEqual(created.attributes, {
    start: new Date('2030-01-08T10:00:00Z'),
    end: new Date('2030-01-08T11:00:00Z'),
    seats: 0,
  });
  const rel = created.relationships as {
    ownListing: { data: { id: { uuid: string }; type: string } };
  };
  assert.equal(rel.ownListing.data.id.uuid, listing.id.uuid);
  assert.equal(rel.ownListing.data.type, 'ownListing');

  const queried = await exceptions.query!({
    listingId: listing.id,
    start: new Date('2030-01-01T00:00:00Z'),
    end: new Date('2030-02-01T00:00:00Z'),
  });
  assert.deepEqual(
    many(queried).map((e) => e.id.uuid),
    [created.id.uuid],
  );
  assert.equal(queried.data.meta?.totalPages, 1);

  await rejectsWith(
    exceptions.create!({
      listingId: listing.id,
      start: new Date('2030-01-08T12:00:00Z'),
      end: new Date('2030-01-08T11:00:00Z'),
      seats: 1,
    }),
    400,
    'validation-invalid-value',
  );
  await rejectsWith(
    exceptions.create!({
      listingId: listing.id,
      start: new Date('2030-01-08T10:30:00Z'),
      end: new Date('2030-01-08T12:00:00Z'),
      seats: 1,
    }),
    409,
    'availability-exception-overlap',
  );

  // Anyone (an anonymous SDK) sees the slots, with the exception cutting Tuesday.
  const anon = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId);
  const slots = await group(anon, 'timeslots').query!({
    listingId: listing.id,
    start: new Date('2030-01-07T22:00:00Z'),
    end: new Date('2030-01-08T22:00:00Z'),
  });
  assert.deepEqual(
    many(slots).map((s) => [
      s.type,
      s.attributes.type,
      s.attributes.start,
      s.attributes.end,
      s.attributes.seats,
    ]),
    [
      [
        'timeSlot',
        'time-slot/time',
        new Date('2030-01-08T07:00:00Z'),
        new Date('2030-01-08T10:00:00Z'),
        2,
      ],
      [
        'timeSlot',
        'time-slot/time',
        new Date('2030-01-08T11:00:00Z'),
        new Date('2030-01-08T15:00:00Z'),
        2,
      ],
    ],
  );
  assert.ok(many(slots)[0]?.id instanceof UUID);

  // The web template's query for hourly listings: one slot per day from local midnight.
  const daily = await group(anon, 'timeslots').query!({
    listingId: listing.id,
    start: new Date('2030-01-07T22:00:00Z'),
    end: new Date('2030-01-10T22:00:00Z'),
    intervalDuration: 'P1D',
    intervalAlign: new Date('2030-01-07T22:00:00Z'),
    maxPerInterval: 1,
    minDurationStartingInInterval: 60,
    perPage: 31,
    page: 1,
  });
  assert.deepEqual(
    many(daily).map((s) => s.attributes.start),
    [
      new Date('2030-01-08T07:00:00Z'),
      new Date('2030-01-09T07:00:00Z'),
      new Date('2030-01-10T07:00:00Z'),
    ],
  );
  await rejectsWith(
    group(anon, 'timeslots').query!({
      listingId: listing.id,
      start: new Date('2030-01-07T00:00:00Z'),
      end: new Date('2030-05-07T00:00:00Z'),
    }),
    400,
    'validation-invalid-value',
  );

  const deleted = one(await exceptions.delete!({ id: created.id }, { expand: true }));
  assert.equal(deleted.id.uuid, created.id.uuid);
  assert.equal(
    many(
      await exceptions.query!({
        listingId: listing.id,
        start: new Date('2030-01-01T00:00:00Z'),
        end: new Date('2030-02-01T00:00:00Z'),
      }),
    ).length,
    0,
  );
});

test('the Integration SDK manages exceptions of any listing', async () => {
  const sdk = await aliceSdk();
  const listing = one(
    await group(sdk, 'ownListings').create!(
      { title: 'Kayak', availabilityPlan: plan },
      { expand: true },
    ),
  );
  const integ = integrationSdk(
    server.baseUrl,
    m.integrationApp.clientId,
    m.integrationApp.clientSecret,
  );
  const exceptions = group(integ, 'availabilityExceptions');
  // Each SDK serializes only its own UUID class.
  const listingId = new integrationSdkModule.types.UUID(listing.id.uuid);
  const created = one(
    await exceptions.create!(
      {
        listingId,
        start: new Date('2030-01-12T00:00:00Z'),
        end: new Date('2030-01-13T00:00:00Z'),
        seats: 4,
      },
      { expand: true, include: ['listing'] },
    ),
  );
  assert.equal(created.attributes.seats, 4);
  assert.equal(
    (created.relationships as { listing: { data: { type: string } } }).listing.data.type,
    'listing',
  );
  const queried = await exceptions.query!({
    listingId,
    start: new Date('2030-01-01T00:00:00Z'),
    end: new Date('2030-02-01T00:00:00Z'),
    include: ['listing'],
  });
  assert.deepEqual(
    many(queried).map((e) => e.attributes.start),
    [new Date('2030-01-12T00:00:00Z')],
  );
  assert.equal(queried.data.included?.[0]?.type, 'listing');
  // The Saturday the exception opens is now bookable (4 seats all day).
  const anon = marketplaceSdk(server.baseUrl, m.marketplaceApp.clientId);
  const slots = await group(anon, 'timeslots').query!({
    listingId: listing.id,
    start: new Date('2030-01-12T00:00:00Z'),
    end: new Date('2030-01-13T00:00:00Z'),
  });
  assert.deepEqual(
    many(slots).map((s) => [s.attributes.start, s.attributes.end, s.attributes.seats]),
    [[new Date('2030-01-12T00:00:00Z'), new Date('2030-01-13T00:00:00Z'), 4]],
  );
  await exceptions.delete!({ id: created.id });
  await rejectsWith(exceptions.delete!({ id: created.id }), 404, 'not-found');
  await rejectsWith(
    exceptions.create!({
      listingId,
      start: new Date('2030-01-12T00:00:00Z'),
      end: new Date('2030-01-13T00:00:00Z'),
      seats: -1,
    }),
    400,
    'validation-invalid-value',
  );
});
