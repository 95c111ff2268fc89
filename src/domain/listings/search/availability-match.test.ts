import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAvailabilityFilter, utcDates } from './availability-filter.ts';
import { freeSeatsPerDate, freeTimeline, matchesAvailability } from './availability-match.ts';
import type { AvailabilityPlan } from '../availability-plan.ts';

const NOW = new Date('2027-01-10T00:00:00Z');
const d = (iso: string) => new Date(iso);
const filter = (start: string, end: string, mode: 'day-full' | 'day-partial' | 'time-full' | 'time-partial', extra: { seats?: number; minDuration?: number } = {}) => {
  const f = parseAvailabilityFilter({ start: d(start), end: d(end), mode, now: NOW, ...extra });
  if (!f) throw new Error('no filter');
  return f;
};

test('utcDates: every date the window touches; a midnight end does not touch the next date', () => {
  assert.deepEqual(utcDates(d('2027-03-01T00:00:00Z'), d('2027-03-08T00:00:00Z')), { first: d('2027-03-01T00:00:00Z'), count: 7 });
  assert.deepEqual(utcDates(d('2027-03-01T15:00:00Z'), d('2027-03-02T09:00:00Z')), { first: d('2027-03-01T00:00:00Z'), count: 2 });
});

test('day-based: an exception touching a date sets its seats (lowest wins); bookings hold whole dates', () => {
  const seats = [1, 1, 1, 1, 1, 1, 1];
  const exceptions = [
    { start: d('2027-03-02T10:00:00Z'), end: d('2027-03-02T12:00:00Z'), seats: 3 },
    { start: d('2027-03-02T20:00:00Z'), end: d('2027-03-03T02:00:00Z'), seats: 2 },
  ];
  const bookings = [{ start: d('2027-03-03T23:00:00Z'), end: d('2027-03-04T01:00:00Z'), seats: 1 }];
  // 1 March: plan 1. 2 March: min(3, 2). 3 March: exception 2 − booking 1. 4 March: plan 1 − booking 1.
  assert.deepEqual(freeSeatsPerDate(seats, exceptions, bookings, d('2027-03-01T00:00:00Z'), 4), [1, 2, 1, 0]);
});

test('no plan = one seat every day; a time plan never matches a day mode', () => {
  assert.equal(matchesAvailability(null, [], [], filter('2027-03-01T00:00:00Z', '2027-03-08T00:00:00Z', 'day-full')), true);
  assert.equal(matchesAvailability(null, [], [], filter('2027-03-01T00:00:00Z', '2027-03-08T00:00:00Z', 'day-full', { seats: 2 })), false);
  const timePlan: AvailabilityPlan = { type: 'availability-plan/time', timezone: 'UTC', entries: [] };
  assert.equal(matchesAvailability(timePlan, [], [], filter('2027-03-01T00:00:00Z', '2027-03-02T00:00:00Z', 'day-partial')), false);
});

test('time plan across the spring-forward gap: an entry starting inside it starts at the jump', () => {
  // Helsinki, 28 March 2027: 03:00 local (01:00Z) jumps to 04:00 local. An entry 03:30–06:00 local
  // is open from the jump (01:00Z) to 06:00 local (03:00Z).
  const plan: AvailabilityPlan = { type: 'availability-plan/time', timezone: 'Europe/Helsinki', entries: [{ dayOfWeek: 'sun', startTime: '03:30', endTime: '06:00', seats: 1 }] };
  const segments = freeTimeline(plan, [], [], d('2027-03-28T00:00:00Z'), d('2027-03-28T06:00:00Z')).filter((s) => s.free > 0);
  assert.deepEqual(segments.map((s) => [new Date(s.from).toISOString(), new Date(s.to).toISOString()]), [['2027-03-28T01:00:00.000Z', '2027-03-28T03:00:00.000Z']]);
});

test('time plan: 09:00 local is 07:00Z before the change and 06:00Z after it; 00:00 end is midnight', () => {
  const plan: AvailabilityPlan = {
    type: 'availability-plan/time',
    timezone: 'Europe/Helsinki',
    entries: ['fri', 'mon'].map((day) => ({ dayOfWeek: day as 'fri' | 'mon', startTime: '09:00', endTime: '00:00', seats: 2 })),
  };
  const open = (from: string, to: string) => freeTimeline(plan, [], [], d(from), d(to)).filter((s) => s.free > 0).map((s) => new Date(s.from).toISOString());
  assert.deepEqual(open('2027-03-26T00:00:00Z', '2027-03-27T00:00:00Z'), ['2027-03-26T07:00:00.000Z']);
  assert.deepEqual(open('2027-03-29T00:00:00Z', '2027-03-30T00:00:00Z'), ['2027-03-29T06:00:00.000Z']);
  // Open until local midnight: 22:00Z (UTC+2) on Friday.
  assert.equal(matchesAvailability(plan, [], [], filter('2027-03-26T07:00:00Z', '2027-03-26T22:00:00Z', 'time-full', { seats: 2 })), true);
  assert.equal(matchesAvailability(plan, [], [], filter('2027-03-26T07:00:00Z', '2027-03-26T22:05:00Z', 'time-full')), false);
});

test('time-partial: bookings that touch but do not overlap leave the rest; exceptions override the plan', () => {
  const plan: AvailabilityPlan = { type: 'availability-plan/time', timezone: 'UTC', entries: [{ dayOfWeek: 'mon', startTime: '08:00', endTime: '12:00', seats: 1 }] };
  const bookings = [
    { start: d('2027-03-01T08:00:00Z'), end: d('2027-03-01T09:00:00Z'), seats: 1 },
    { start: d('2027-03-01T10:00:00Z'), end: d('2027-03-01T12:00:00Z'), seats: 1 },
  ];
  const f = (minDuration: number) => filter('2027-03-01T00:00:00Z', '2027-03-02T00:00:00Z', 'time-partial', { minDuration });
  assert.equal(matchesAvailability(plan, [], bookings, f(60)), true);
  assert.equal(matchesAvailability(plan, [], bookings, f(61)), false);
  // A zero-seat exception over the free hour closes it; one over the afternoon opens 4 hours.
  assert.equal(matchesAvailability(plan, [{ start: d('2027-03-01T09:00:00Z'), end: d('2027-03-01T10:00:00Z'), seats: 0 }], bookings, f(1)), false);
  assert.equal(matchesAvailability(plan, [{ start: d('2027-03-01T13:00:00Z'), end: d('2027-03-01T17:00:00Z'), seats: 1 }], bookings, f(240)), true);
});
