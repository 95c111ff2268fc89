import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import test from 'node:test';
import type { TimeSlot } from '../../domain/availability/index.ts';
import { toTimeSlotResource } from './time-slot.presenter.ts';

/** The name-based id as the catalogue's clients see it, computed byte by byte (independently). */
function expectedId(listingId: string, slot: TimeSlot): string {
  const digest = createHash('sha1')
    .update(
      `timeSlot/${listingId}/${slot.start.toISOString()}/${slot.end.toISOString()}/${slot.seats}`,
    )
    .digest();
  const bytes = Buffer.from(digest.subarray(0, 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}

test('slot ids are version-5-layout UUIDs of the slot identity, the same when derived and when remembered', () => {
  for (let i = 0; i < 2000; i++) {
    const listingId = randomUUID();
    const start = Date.UTC(2026, 0, 1) + (i % 97) * 900_000;
    const slot: TimeSlot = {
      type: i % 2 === 0 ? 'time-slot/time' : 'time-slot/day',
      start: new Date(start),
      end: new Date(start + (1 + (i % 13)) * 3_600_000),
      seats: 1 + (i % 5),
    };
    const first = toTimeSlotResource(listingId, slot).id.uuid;
    const again = toTimeSlotResource(listingId, { ...slot }).id.uuid;
    assert.equal(first, expectedId(listingId, slot));
    assert.equal(again, first);
    assert.match(first, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }
});

test('a different slot of the same listing gets a different id', () => {
  const listingId = randomUUID();
  const slot: TimeSlot = {
    type: 'time-slot/time',
    start: new Date('2026-03-02T08:00:00Z'),
    end: new Date('2026-03-02T10:00:00Z'),
    seats: 2,
  };
  const ids = new Set([
    toTimeSlotResource(listingId, slot).id.uuid,
    toTimeSlotResource(listingId, { ...slot, seats: 3 }).id.uuid,
    toTimeSlotResource(listingId, { ...slot, end: new Date('2026-03-02T11:00:00Z') }).id.uuid,
    toTimeSlotResource(randomUUID(), slot).id.uuid,
  ]);
  assert.equal(ids.size, 4);
});
