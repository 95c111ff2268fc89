/** Pure listing rules: extended-data merge, state moves, views, availability plans. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isVisibleTo, listingAttributes, parseAvailabilityPlan, type Listing } from '../../src/domain/listings/index.ts';
import { DomainError } from '../../src/domain/errors.ts';

const listing = (over: Partial<Listing> = {}): Listing => ({
  id: '6f1c5b0e-4a59-4c1e-9d0a-1b2c3d4e5f60',
  marketplaceId: '6f1c5b0e-4a59-4c1e-9d0a-1b2c3d4e5f61',
  authorId: '6f1c5b0e-4a59-4c1e-9d0a-1b2c3d4e5f62',
  state: 'published',
  deleted: false,
  title: 'T',
  description: null,
  geolocation: null,
  price: null,
  availabilityPlan: null,
  publicData: {},
  privateData: { secret: 1 },
  metadata: {},
  imageIds: [],
  stockQuantity: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...over,
});

test('views: privateData for author and operator only; deleted listings reduce to {deleted: true}', () => {
  assert.equal(listingAttributes(listing(), 'public').privateData, undefined);
  assert.deepEqual(listingAttributes(listing(), 'author').privateData, { secret: 1 });
  assert.deepEqual(listingAttributes(listing(), 'operator').privateData, { secret: 1 });
  assert.deepEqual(listingAttributes(listing({ deleted: true }), 'operator'), { deleted: true });
});

test('visibility: only published for the public; any live state for the author and operators', () => {
  for (const state of ['draft', 'pendingApproval', 'closed'] as const) {
    assert.equal(isVisibleTo(listing({ state }), 'public'), false);
    assert.equal(isVisibleTo(listing({ state }), 'author', listing().authorId), true);
    assert.equal(isVisibleTo(listing({ state }), 'author', 'someone-else'), false);
    assert.equal(isVisibleTo(listing({ state }), 'operator'), true);
  }
  assert.equal(isVisibleTo(listing({ deleted: true }), 'operator'), false);
});

test('availability plans: 24:00 and 00:00 end the day; duplicates in day plans are refused', () => {
  const plan = parseAvailabilityPlan({
    type: 'availability-plan/time',
    timezone: 'Asia/Kolkata',
    entries: [
      { dayOfWeek: 'mon', seats: 1, startTime: '00:00', endTime: '24:00' },
      { dayOfWeek: 'tue', seats: 0, startTime: '23:30', endTime: '00:00' },
    ],
  });
  assert.equal(plan.type, 'availability-plan/time');
  assert.throws(
    () => parseAvailabilityPlan({ type: 'availability-plan/day', entries: [{ dayOfWeek: 'mon', seats: 1 }, { dayOfWeek: 'mon', seats: 2 }] }),
    (e: unknown) => e instanceof DomainError && e.code === 'validation-invalid-value',
  );
  assert.throws(() => parseAvailabilityPlan({ type: 'availability-plan/time', entries: [] }), DomainError);
  assert.throws(() => parseAvailabilityPlan('availability-plan/day'), DomainError);
});
