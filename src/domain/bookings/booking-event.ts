/**
 * The event-log view of a booking (domain §8.3, §8.4): the Integration API resource with its
 * to-one relationships (`listing`, `transaction`). Booking primitives run inside a transition, so
 * they push `PendingEvent`s; the owner of the DB transaction appends them (with its source) after
 * its other writes and before the transaction's own event.
 */
import type { PendingEvent, WireMap } from '../events/index.ts';
import { Keyword, Uuid, type WireValue } from '../../lib/values.ts';
import { bookingAttributes, type Booking } from './booking.ts';

const ref = (type: string, id: string): WireValue => ({
  id: new Uuid(id),
  type: new Keyword(type),
});

/** The booking as the Integration API shows it. */
export function bookingEventResource(b: Booking): WireMap {
  return {
    id: new Uuid(b.id),
    type: new Keyword('booking'),
    attributes: bookingAttributes(b),
    relationships: {
      listing: { data: ref('listing', b.listingId) },
      transaction: { data: b.transactionId === null ? null : ref('transaction', b.transactionId) },
    },
  };
}

/** `{attributes}` of what changed from `before` to `after`; null when nothing did. */
export function bookingPreviousValues(before: Booking, after: Booking): WireMap | null {
  const a = bookingAttributes(before);
  const b = bookingAttributes(after);
  const attributes: WireMap = {};
  for (const key of Object.keys(b)) {
    const old = a[key] ?? null;
    const now = b[key] ?? null;
    const changed =
      old instanceof Date && now instanceof Date ? old.getTime() !== now.getTime() : old !== now;
    if (changed) attributes[key] = old;
  }
  return Object.keys(attributes).length === 0 ? null : { attributes, relationships: {} };
}

/** `booking/created` or `booking/updated` as a pending event. */
export function bookingEvent(
  change: 'created' | 'updated',
  before: Booking | null,
  after: Booking,
): PendingEvent {
  return {
    marketplaceId: after.marketplaceId,
    eventType: `booking/${change}`,
    resourceType: 'booking',
    resourceId: after.id,
    resource: bookingEventResource(after),
    previousValues: before === null ? null : bookingPreviousValues(before, after),
    relatedResourceIds:
      after.transactionId === null ? [after.listingId] : [after.listingId, after.transactionId],
  };
}
