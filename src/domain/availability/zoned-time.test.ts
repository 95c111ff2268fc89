/** The cached offset tables agree with the zone database, and wall times map to first instants. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { firstInstantAtWall, offsetAt, zoneOf } from './zoned-time.ts';

const ZONES = [
  'Europe/Helsinki',
  'America/New_York',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Asia/Kathmandu',
  'Pacific/Apia',
  'Africa/Casablanca',
  'UTC',
];

test('offsetAt equals the zone database at any instant 2000–2040', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...ZONES),
      fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
      (name, ms) => {
        assert.equal(offsetAt(zoneOf(name), ms), IANAZone.create(name).offset(ms));
      },
    ),
    { numRuns: 2000 },
  );
});

test('firstInstantAtWall: exact, skipped and repeated wall times', () => {
  const hki = zoneOf('Europe/Helsinki');
  // Ordinary: 12:00 EET = 10:00Z.
  assert.equal(
    new Date(firstInstantAtWall(hki, Date.UTC(2024, 0, 15, 12, 0))).toISOString(),
    '2024-01-15T10:00:00.000Z',
  );
  // Skipped (31 Mar 2024 03:00–04:00 local): 03:30 first holds when the clock jumps, 01:00Z.
  assert.equal(
    new Date(firstInstantAtWall(hki, Date.UTC(2024, 2, 31, 3, 30))).toISOString(),
    '2024-03-31T01:00:00.000Z',
  );
  // Repeated (27 Oct 2024 03:00–04:00 local twice): the first 03:30 is EEST, 00:30Z.
  assert.equal(
    new Date(firstInstantAtWall(hki, Date.UTC(2024, 9, 27, 3, 30))).toISOString(),
    '2024-10-27T00:30:00.000Z',
  );
});
