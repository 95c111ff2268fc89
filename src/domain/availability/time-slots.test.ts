/**
 * Worked examples of availability (domain §4, Sharetribe's availability reference): expected values
 * are written out by hand from the documented rules, not computed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AvailabilityPlan } from '../listings/index.ts';
import { DomainError } from '../errors.ts';
import type { CapacityInput } from './availability.ts';
import { freeCapacity, minFreeSeats } from './seat-timeline.ts';
import { computeTimeSlots, parseTimeSlotQuery } from './time-slot-query.ts';

const iso = (s: string) => new Date(s);
const slotsOf = (
  input: CapacityInput,
  start: string,
  end: string,
  extra: Partial<Parameters<typeof parseTimeSlotQuery>[0]> = {},
) =>
  computeTimeSlots(
    input,
    parseTimeSlotQuery({ start: iso(start), end: iso(end), ...extra }, iso(start)),
  ).map((s) => [s.type, s.start.toISOString(), s.end.toISOString(), s.seats]);
const timeline = (input: CapacityInput, start: string, end: string) =>
  freeCapacity(input, { start: iso(start), end: iso(end) }).map((s) => [
    new Date(s.start).toISOString(),
    new Date(s.end).toISOString(),
    s.seats,
  ]);

const utcMondays: AvailabilityPlan = {
  type: 'availability-plan/time',
  timezone: 'UTC',
  entries: [{ dayOfWeek: 'mon', seats: 1, startTime: '07:00', endTime: '22:00' }],
};

test('a booking 07:00–07:05 leaves 07:05–22:00 of a Monday 07–22 plan (end exclusive)', () => {
  const input = {
    plan: utcMondays,
    exceptions: [],
    bookings: [{ start: iso('2019-10-28T07:00:00Z'), end: iso('2019-10-28T07:05:00Z'), seats: 1 }],
  };
  assert.deepEqual(slotsOf(input, '2019-10-28T00:00:00Z', '2019-10-29T00:00:00Z'), [
    ['time-slot/time', '2019-10-28T07:05:00.000Z', '2019-10-28T22:00:00.000Z', 1],
  ]);
});

test('exceptions restrict (21–22 with 0 seats) and extend (22–23 with 1 seat) a time plan', () => {
  const restrict = {
    plan: utcMondays,
    exceptions: [
      { start: iso('2019-10-28T21:00:00Z'), end: iso('2019-10-28T22:00:00Z'), seats: 0 },
    ],
    bookings: [],
  };
  assert.deepEqual(slotsOf(restrict, '2019-10-28T00:00:00Z', '2019-10-29T00:00:00Z'), [
    ['time-slot/time', '2019-10-28T07:00:00.000Z', '2019-10-28T21:00:00.000Z', 1],
  ]);
  const extend = {
    plan: utcMondays,
    exceptions: [
      { start: iso('2019-10-28T22:00:00Z'), end: iso('2019-10-28T23:00:00Z'), seats: 1 },
    ],
    bookings: [],
  };
  assert.deepEqual(slotsOf(extend, '2019-10-28T00:00:00Z', '2019-10-29T00:00:00Z'), [
    ['time-slot/time', '2019-10-28T07:00:00.000Z', '2019-10-28T23:00:00.000Z', 1],
  ]);
});

test('day plans: exceptions partly covering a UTC date cover it; several on a date give the minimum', () => {
  const everyDay3: AvailabilityPlan = {
    type: 'availability-plan/day',
    entries: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => ({
      dayOfWeek: d as 'mon',
      seats: 3,
    })),
  };
  // Docs example 1: 2018-11-26T12:30+01 → 2018-11-27T10:25+01 covers 26 and 27 November.
  const one = {
    plan: everyDay3,
    exceptions: [
      { start: iso('2018-11-26T12:30:00+01:00'), end: iso('2018-11-27T10:25:00+01:00'), seats: 1 },
    ],
    bookings: [],
  };
  assert.deepEqual(timeline(one, '2018-11-25T00:00:00Z', '2018-11-29T00:00:00Z'), [
    ['2018-11-25T00:00:00.000Z', '2018-11-26T00:00:00.000Z', 3],
    ['2018-11-26T00:00:00.000Z', '2018-11-28T00:00:00.000Z', 1],
    ['2018-11-28T00:00:00.000Z', '2018-11-29T00:00:00.000Z', 3],
  ]);
  // Docs example 2: 2018-11-26T00:30+01 → 2018-11-27T00:15+01 is 25 and 26 November in UTC.
  const two = {
    plan: everyDay3,
    exceptions: [
      { start: iso('2018-11-26T00:30:00+01:00'), end: iso('2018-11-27T00:15:00+01:00'), seats: 0 },
    ],
    bookings: [],
  };
  assert.deepEqual(timeline(two, '2018-11-24T00:00:00Z', '2018-11-28T00:00:00Z'), [
    ['2018-11-24T00:00:00.000Z', '2018-11-25T00:00:00.000Z', 3],
    ['2018-11-25T00:00:00.000Z', '2018-11-27T00:00:00.000Z', 0],
    ['2018-11-27T00:00:00.000Z', '2018-11-28T00:00:00.000Z', 3],
  ]);
  // Two partial exceptions on 2018-11-26: 2 seats in the morning, 1 in the evening ⇒ 1 all day.
  const both = {
    plan: everyDay3,
    exceptions: [
      { start: iso('2018-11-26T08:00:00Z'), end: iso('2018-11-26T10:00:00Z'), seats: 2 },
      { start: iso('2018-11-26T18:00:00Z'), end: iso('2018-11-26T19:00:00Z'), seats: 1 },
    ],
    bookings: [],
  };
  assert.deepEqual(slotsOf(both, '2018-11-26T00:00:00Z', '2018-11-27T00:00:00Z'), [
    ['time-slot/day', '2018-11-26T00:00:00.000Z', '2018-11-27T00:00:00.000Z', 1],
  ]);
});

test('no plan: one seat every day; a time-based booking takes its whole UTC dates', () => {
  const input = {
    plan: null,
    exceptions: [],
    bookings: [{ start: iso('2024-05-02T22:00:00Z'), end: iso('2024-05-03T02:00:00Z'), seats: 1 }],
  };
  assert.deepEqual(slotsOf(input, '2024-05-01T00:00:00Z', '2024-05-06T00:00:00Z'), [
    ['time-slot/day', '2024-05-01T00:00:00.000Z', '2024-05-02T00:00:00.000Z', 1],
    ['time-slot/day', '2024-05-04T00:00:00.000Z', '2024-05-06T00:00:00.000Z', 1],
  ]);
  // The night 3→4 May is free: a booking may touch the held dates without overlapping them.
  assert.equal(
    minFreeSeats(input, { start: iso('2024-05-04T00:00:00Z'), end: iso('2024-05-05T00:00:00Z') }),
    1,
  );
  assert.equal(
    minFreeSeats(input, { start: iso('2024-05-03T12:00:00Z'), end: iso('2024-05-04T12:00:00Z') }),
    0,
  );
});

test('proposed, declined and cancelled bookings hold nothing', () => {
  const plan: AvailabilityPlan = {
    type: 'availability-plan/day',
    entries: [{ dayOfWeek: 'wed', seats: 2 }],
  };
  const at = (state: 'pending' | 'proposed' | 'accepted' | 'declined' | 'cancelled') => ({
    start: iso('2024-05-01T00:00:00Z'),
    end: iso('2024-05-02T00:00:00Z'),
    seats: 1,
    state,
  });
  const input = {
    plan,
    exceptions: [],
    bookings: [at('pending'), at('proposed'), at('declined'), at('cancelled')],
  };
  assert.equal(
    minFreeSeats(input, { start: iso('2024-05-01T00:00:00Z'), end: iso('2024-05-02T00:00:00Z') }),
    1,
  );
  assert.equal(
    minFreeSeats(
      { ...input, bookings: [...input.bookings, at('accepted')] },
      { start: iso('2024-05-01T00:00:00Z'), end: iso('2024-05-02T00:00:00Z') },
    ),
    0,
  );
});

test('time plans follow the zone across DST: skipped and repeated wall times', () => {
  const sunday = (startTime: string, endTime: string): AvailabilityPlan => ({
    type: 'availability-plan/time',
    timezone: 'Europe/Helsinki',
    entries: [{ dayOfWeek: 'sun', seats: 1, startTime, endTime }],
  });
  // 31 March 2024: 03:00 EET → 04:00 EEST (01:00Z). 03:30 never shows, so the entry opens at 04:00.
  assert.deepEqual(
    slotsOf(
      { plan: sunday('03:30', '05:00'), exceptions: [], bookings: [] },
      '2024-03-30T22:00:00Z',
      '2024-03-31T22:00:00Z',
    ),
    [['time-slot/time', '2024-03-31T01:00:00.000Z', '2024-03-31T02:00:00.000Z', 1]],
  );
  // 27 October 2024: 04:00 EEST → 03:00 EET (01:00Z). 03:30 first shows at 00:30Z; 05:00 EET is 03:00Z.
  assert.deepEqual(
    slotsOf(
      { plan: sunday('03:30', '05:00'), exceptions: [], bookings: [] },
      '2024-10-26T21:00:00Z',
      '2024-10-27T22:00:00Z',
    ),
    [['time-slot/time', '2024-10-27T00:30:00.000Z', '2024-10-27T03:00:00.000Z', 1]],
  );
  // A whole-day entry (00:00–00:00) of that Sunday lasts 25 hours.
  assert.deepEqual(
    slotsOf(
      { plan: sunday('00:00', '00:00'), exceptions: [], bookings: [] },
      '2024-10-26T12:00:00Z',
      '2024-10-28T12:00:00Z',
    ),
    [['time-slot/time', '2024-10-26T21:00:00.000Z', '2024-10-27T22:00:00.000Z', 1]],
  );
});

const steps: AvailabilityPlan = {
  type: 'availability-plan/time',
  timezone: 'UTC',
  entries: [
    { dayOfWeek: 'mon', seats: 3, startTime: '10:00', endTime: '11:00' },
    { dayOfWeek: 'mon', seats: 1, startTime: '11:00', endTime: '12:00' },
    { dayOfWeek: 'mon', seats: 3, startTime: '12:00', endTime: '13:00' },
  ],
};

test('a change of seat count splits slots; minDurationStartingInInterval expands them (2025-12-16)', () => {
  const input = { plan: steps, exceptions: [], bookings: [] };
  assert.deepEqual(slotsOf(input, '2024-05-06T00:00:00Z', '2024-05-07T00:00:00Z'), [
    ['time-slot/time', '2024-05-06T10:00:00.000Z', '2024-05-06T11:00:00.000Z', 3],
    ['time-slot/time', '2024-05-06T11:00:00.000Z', '2024-05-06T12:00:00.000Z', 1],
    ['time-slot/time', '2024-05-06T12:00:00.000Z', '2024-05-06T13:00:00.000Z', 3],
  ]);
  assert.deepEqual(
    slotsOf(input, '2024-05-06T00:00:00Z', '2024-05-07T00:00:00Z', {
      minDurationStartingInInterval: 5,
    }),
    [
      ['time-slot/time', '2024-05-06T10:00:00.000Z', '2024-05-06T13:00:00.000Z', 1],
      ['time-slot/time', '2024-05-06T10:00:00.000Z', '2024-05-06T11:00:00.000Z', 3],
      ['time-slot/time', '2024-05-06T12:00:00.000Z', '2024-05-06T13:00:00.000Z', 3],
    ],
  );
});

test('interval filtering: P1D, maxPerInterval 1, minDurationStartingInInterval 100 (the reference examples)', () => {
  const plan: AvailabilityPlan = {
    type: 'availability-plan/time',
    timezone: 'UTC',
    entries: [
      // Day 1: a 2-hour slot from 23:00 reaching 60 minutes into day 2, then a 3-hour slot on day 2.
      { dayOfWeek: 'mon', seats: 1, startTime: '08:00', endTime: '08:30' },
      { dayOfWeek: 'mon', seats: 1, startTime: '23:00', endTime: '00:00' },
      { dayOfWeek: 'tue', seats: 2, startTime: '00:00', endTime: '01:00' },
      { dayOfWeek: 'tue', seats: 1, startTime: '10:00', endTime: '13:00' },
    ],
  };
  const params = { intervalDuration: 'P1D', maxPerInterval: 1, minDurationStartingInInterval: 100 };
  const plain = { plan, exceptions: [], bookings: [] };
  // Expanded: 23:00–01:00 (1 seat) counts for Monday (120 ≥ 100 minutes) but not Tuesday (60 from
  // midnight); the first that counts on Tuesday is 10:00–13:00. The short 08:00 slot never counts.
  assert.deepEqual(slotsOf(plain, '2024-05-06T00:00:00Z', '2024-05-08T00:00:00Z', params), [
    ['time-slot/time', '2024-05-06T23:00:00.000Z', '2024-05-07T01:00:00.000Z', 1],
    ['time-slot/time', '2024-05-07T10:00:00.000Z', '2024-05-07T13:00:00.000Z', 1],
  ]);
  // Example 3: one slot spanning both days long enough in each is the first match of both days.
  const long = {
    plan: {
      type: 'availability-plan/time' as const,
      timezone: 'UTC',
      entries: [
        { dayOfWeek: 'mon' as const, seats: 1, startTime: '20:00', endTime: '00:00' },
        { dayOfWeek: 'tue' as const, seats: 1, startTime: '00:00', endTime: '05:00' },
        { dayOfWeek: 'tue' as const, seats: 2, startTime: '10:00', endTime: '15:00' },
      ],
    },
    exceptions: [],
    bookings: [],
  };
  assert.deepEqual(
    slotsOf(long, '2024-05-06T00:00:00Z', '2024-05-08T00:00:00Z', {
      intervalDuration: 'P1D',
      maxPerInterval: 1,
    }),
    [['time-slot/time', '2024-05-06T20:00:00.000Z', '2024-05-07T05:00:00.000Z', 1]],
  );
});

test('interval steps follow the plan zone calendar: P1D from local midnight across a DST change', () => {
  const plan: AvailabilityPlan = {
    type: 'availability-plan/time',
    timezone: 'Europe/Helsinki',
    entries: [
      { dayOfWeek: 'sun', seats: 1, startTime: '22:00', endTime: '23:00' },
      { dayOfWeek: 'mon', seats: 1, startTime: '00:15', endTime: '00:45' },
    ],
  };
  // Sunday 31 March 2024 has 23 hours: local midnights are 30 Mar 22:00Z, 31 Mar 21:00Z. Monday's
  // 00:15 (21:15Z) opens Monday's sub-interval; 24-hour UTC steps would put it in Sunday's.
  const res = slotsOf(
    { plan, exceptions: [], bookings: [] },
    '2024-03-30T22:00:00Z',
    '2024-04-01T21:00:00Z',
    {
      intervalDuration: 'P1D',
      maxPerInterval: 1,
    },
  );
  assert.deepEqual(
    res.map((r) => r[1]),
    ['2024-03-31T19:00:00.000Z', '2024-03-31T21:15:00.000Z'],
  );
});

test('time-slot query limits → 400 validation-invalid-value naming the parameter', () => {
  const now = iso('2024-05-01T12:00:00Z');
  const bad = (params: Partial<Parameters<typeof parseTimeSlotQuery>[0]>, param: string) =>
    assert.throws(
      () =>
        parseTimeSlotQuery(
          { start: iso('2024-05-02T00:00:00Z'), end: iso('2024-05-03T00:00:00Z'), ...params },
          now,
        ),
      (e: unknown) =>
        e instanceof DomainError &&
        e.code === 'validation-invalid-value' &&
        JSON.stringify(e.source?.path) === JSON.stringify([param]),
    );
  bad({ end: iso('2024-05-01T23:00:00Z') }, 'end');
  bad({ start: iso('2024-04-29T00:00:00Z') }, 'start');
  bad({ start: iso('2025-05-03T00:00:00Z'), end: iso('2025-05-04T00:00:00Z') }, 'start');
  bad({ end: iso('2024-08-01T00:00:00Z') }, 'end');
  bad({ intervalDuration: 'one day' }, 'intervalDuration');
  bad({ intervalDuration: 'PT0S' }, 'intervalDuration');
  bad({ maxPerInterval: 0 }, 'maxPerInterval');
  bad({ minDurationStartingInInterval: -5 }, 'minDurationStartingInInterval');
  bad({ intervalAlign: iso('2024-05-02T01:00:00Z') }, 'intervalAlign');
  assert.throws(
    () =>
      computeTimeSlots(
        { plan: null, exceptions: [], bookings: [] },
        parseTimeSlotQuery(
          {
            start: iso('2024-05-02T00:00:00Z'),
            end: iso('2024-07-30T00:00:00Z'),
            intervalDuration: 'PT1M',
          },
          now,
        ),
      ),
    (e: unknown) => e instanceof DomainError && e.code === 'validation-invalid-value',
  );
});
