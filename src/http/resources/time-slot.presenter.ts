/**
 * The `timeSlot` resource (catalogue §5.11): attributes `type` (`time-slot/time`, or
 * `time-slot/day` for day-based listings), `seats`, `start`, `end`. Slots are computed, not stored,
 * so their id is derived from the listing and the slot itself (a name-based UUID): the same slot
 * gets the same id on every query, as clients keying lists by id expect.
 */
import { createHash } from 'node:crypto';
import type { TimeSlot } from '../../domain/availability/index.ts';
import { Uuid, type WireValue } from '../../lib/values.ts';
import {
  buildDocument,
  type ParsedQuery,
  type QuerySpec,
  type Resource,
  type ResourceDocument,
} from '../wire/index.ts';

/** A UUID (version 5 layout) from a SHA-1 of the slot's identity. */
function slotId(listingId: string, slot: TimeSlot): Uuid {
  const hash = createHash('sha1')
    .update(
      `timeSlot/${listingId}/${slot.start.toISOString()}/${slot.end.toISOString()}/${slot.seats}`,
    )
    .digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return new Uuid(
    `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`,
  );
}

/** A time slot of a listing as a resource. */
export const toTimeSlotResource = (listingId: string, slot: TimeSlot): Resource => ({
  id: slotId(listingId, slot),
  type: 'timeSlot',
  attributes: { type: slot.type, seats: slot.seats, start: slot.start, end: slot.end },
});

/** The response document of `timeslots/query` (time slots have no relationships). */
export const timeSlotDocument = (
  listingId: string,
  slots: readonly TimeSlot[],
  q: Pick<ParsedQuery<QuerySpec>, 'include' | 'fields' | 'limits'>,
  meta: Record<string, WireValue>,
): Promise<ResourceDocument> =>
  buildDocument({
    data: slots.map((s) => toTimeSlotResource(listingId, s)),
    type: 'timeSlot',
    include: q.include,
    fields: q.fields,
    limits: q.limits,
    meta,
  });
