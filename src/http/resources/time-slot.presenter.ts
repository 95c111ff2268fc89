/**
 * The `timeSlot` resource (catalogue §5.11): attributes `type` (`time-slot/time`, or
 * `time-slot/day` for day-based listings), `seats`, `start`, `end`. Slots are computed, not stored,
 * so their id is derived from the listing and the slot itself (a name-based UUID): the same slot
 * gets the same id on every query, as clients keying lists by id expect.
 */
import { hash } from 'node:crypto';
import type { TimeSlot } from '../../domain/availability/index.ts';
import { Uuid, type WireValue } from '../../lib/values.ts';
import {
  buildDocument,
  type ParsedQuery,
  type QuerySpec,
  type Resource,
  type ResourceDocument,
} from '../wire/index.ts';

/** The hex digit of the RFC 4122 variant (10xx) over the low two bits of `digit`. */
const VARIANT_DIGIT = '89ab';

/** A UUID (version 5 layout) from a SHA-1 of the slot's identity. */
function hashedSlotId(listingId: string, slot: TimeSlot): Uuid {
  const hex = hash(
    'sha1',
    `timeSlot/${listingId}/${slot.start.toISOString()}/${slot.end.toISOString()}/${slot.seats}`,
    'hex',
  );
  // Byte 6's high nibble becomes the version (5); byte 8's top two bits the variant (10).
  const variant = VARIANT_DIGIT[Number.parseInt(hex.charAt(16), 16) & 0x3] ?? '8';
  return new Uuid(
    `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`,
  );
}

/** Slot ids already derived, by listing, start, end and seats (epoch ms); emptied when full. */
const slotIds = new Map<string, Uuid>();
const MAX_CACHED_SLOT_IDS = 20_000;

/**
 * The slot's id. A page holds up to 500 slots and clients ask for the same listing and range
 * again and again, while most slots stay the same between two queries: deriving an id (two ISO
 * strings and a SHA-1) cost more than the whole availability computation, so ids are remembered.
 * The cache only saves work: the id is a function of the key.
 */
function slotId(listingId: string, slot: TimeSlot): Uuid {
  const key = `${listingId}/${slot.start.getTime()}/${slot.end.getTime()}/${slot.seats}`;
  let id = slotIds.get(key);
  if (id === undefined) {
    id = hashedSlotId(listingId, slot);
    if (slotIds.size >= MAX_CACHED_SLOT_IDS) slotIds.clear();
    slotIds.set(key, id);
  }
  return id;
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
