/**
 * Availability plans as clients send them (own_listings/create|update, Integration listings/*):
 * unknown time zones, malformed and overlapping entries → 400 with the catalogue code and the body
 * path; nothing stored, the previous plan kept.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  availabilityWorld,
  createListing,
  weekdaysPlan,
  type AvailabilityWorld,
} from './helpers.ts';

let w: AvailabilityWorld;

before(async () => {
  w = await availabilityWorld();
});
after(async () => w.server.close());

const timePlan = (entries: unknown[], timezone: unknown = 'Europe/Helsinki') => ({
  type: 'availability-plan/time',
  timezone,
  entries,
});
const entry = (dayOfWeek: string, startTime: string, endTime: string, seats: unknown = 1) => ({
  dayOfWeek,
  startTime,
  endTime,
  seats,
});

const cases: { name: string; plan: unknown; code: string; path: (string | number)[] }[] = [
  {
    name: 'unknown time zone',
    plan: timePlan([], 'Europe/Atlantis'),
    code: 'validation-invalid-value',
    path: ['availabilityPlan', 'timezone'],
  },
  {
    name: 'time zone missing',
    plan: { type: 'availability-plan/time', entries: [] },
    code: 'validation-invalid-value',
    path: ['availabilityPlan', 'timezone'],
  },
  {
    name: 'entries not a list',
    plan: timePlan({ mon: 1 } as unknown as unknown[]),
    code: 'validation-invalid-value',
    path: ['availabilityPlan', 'entries'],
  },
  {
    name: 'entry not a map',
    plan: timePlan(['mon 9-17']),
    code: 'validation-invalid-value',
    path: ['availabilityPlan', 'entries', 0],
  },
  {
    name: 'hour 24',
    plan: timePlan([entry('mon', '24:00', '00:00')]),
    code: 'validation-invalid-value',
    path: ['availabilityPlan', 'entries', 0, 'startTime'],
  },
  {
    name: 'end before start',
    plan: timePlan([entry('mon', '17:00', '09:00')]),
    code: 'validation-invalid-value',
    path: ['availabilityPlan', 'entries', 0, 'endTime'],
  },
  {
    name: 'negative seats',
    plan: timePlan([entry('mon', '09:00', '17:00', -2)]),
    code: 'validation-invalid-value',
    path: ['availabilityPlan', 'entries', 0, 'seats'],
  },
  {
    name: 'seats as text',
    plan: timePlan([entry('mon', '09:00', '17:00', '2')]),
    code: 'validation-invalid-value',
    path: ['availabilityPlan', 'entries', 0, 'seats'],
  },
  {
    name: 'overlapping entries of one day',
    plan: timePlan([
      entry('mon', '09:00', '12:00'),
      entry('tue', '10:00', '11:00'),
      entry('mon', '11:30', '17:00'),
    ]),
    code: 'validation-invalid-value',
    path: ['availabilityPlan', 'entries', 2],
  },
  {
    name: 'overlap with a midnight end',
    plan: timePlan([entry('sun', '20:00', '00:00'), entry('sun', '23:00', '23:30')]),
    code: 'validation-invalid-value',
    path: ['availabilityPlan', 'entries', 1],
  },
  {
    name: 'unknown plan type',
    plan: { type: 'availability-plan/hour', entries: [] },
    code: 'validation-invalid-value',
    path: ['availabilityPlan', 'type'],
  },
  {
    name: 'day entry with times',
    plan: { type: 'availability-plan/day', entries: [entry('mon', '09:00', '17:00')] },
    code: 'validation-disallowed-key',
    path: ['availabilityPlan', 'entries', 0, 'startTime'],
  },
  {
    name: 'day listed twice',
    plan: {
      type: 'availability-plan/day',
      entries: [
        { dayOfWeek: 'mon', seats: 1 },
        { dayOfWeek: 'mon', seats: 2 },
      ],
    },
    code: 'validation-invalid-value',
    path: ['availabilityPlan', 'entries', 1, 'dayOfWeek'],
  },
];

test('a bad plan on create → 400 naming the body path; no listing stored', async () => {
  const before = (await w.asAlice.get('own_listings/query')).body.meta?.totalItems;
  for (const c of cases) {
    const res = await w.asAlice.post('own_listings/create', {
      title: 'Sauna',
      availabilityPlan: c.plan,
    });
    assert.equal(res.status, 400, `${c.name}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.errors?.[0]?.code, c.code, c.name);
    assert.deepEqual(res.body.errors?.[0]?.source?.path, c.path, c.name);
  }
  assert.equal((await w.asAlice.get('own_listings/query')).body.meta?.totalItems, before);
});

test('a bad plan on update → 400; the listing keeps its plan (both APIs)', async () => {
  const id = await createListing(w.asAlice, weekdaysPlan);
  for (const c of cases) {
    const mine = await w.asAlice.post('own_listings/update', { id, availabilityPlan: c.plan });
    assert.equal(mine.status, 400, c.name);
    const ops = await w.asInteg.post('listings/update', { id, availabilityPlan: c.plan });
    assert.equal(ops.status, 400, c.name);
    assert.equal(ops.body.errors?.[0]?.code, c.code, c.name);
  }
  const shown = await w.asAlice.get(`own_listings/show?id=${id}`);
  assert.deepEqual(shown.body.data?.attributes?.availabilityPlan, weekdaysPlan);
});

test('touching entries (09–12, 12–17) and a whole day (00:00–00:00) are fine', async () => {
  const plan = timePlan([
    entry('mon', '09:00', '12:00'),
    entry('mon', '12:00', '17:00', 2),
    entry('sun', '00:00', '00:00'),
  ]);
  const res = await w.asAlice.post('own_listings/create?expand=true', {
    title: 'Sauna',
    availabilityPlan: plan,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body.data?.attributes?.availabilityPlan, plan);
});
