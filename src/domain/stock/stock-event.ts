/**
 * The event-log view of stock (domain §8.3, §8.4): `stockAdjustment/created` and
 * `stockReservation/created|updated` as PendingEvents — the Integration API resource with its to-one
 * relationships. Whoever owns the DB transaction appends them last, with its source.
 */
import type { AuditData, EventSource, PendingEvent, WireMap } from '../events/index.ts';
import type { ListingActor } from '../listings/index.ts';
import { Keyword, Uuid, type WireValue } from '../../lib/values.ts';
import {
  stockAdjustmentAttributes,
  stockReservationAttributes,
  type StockAdjustment,
  type StockReservation,
} from './stock.ts';

const ref = (type: string, id: string | null): WireValue => ({
  data: id === null ? null : { id: new Uuid(id), type: new Keyword(type) },
});

/** The adjustment as the Integration API shows it. */
export const stockAdjustmentEventResource = (a: StockAdjustment): WireMap => ({
  id: new Uuid(a.id),
  type: new Keyword('stockAdjustment'),
  attributes: stockAdjustmentAttributes(a),
  relationships: {
    listing: ref('listing', a.listingId),
    stockReservation: ref('stockReservation', a.reservationId),
  },
});

/** The reservation as the Integration API shows it. */
export const stockReservationEventResource = (r: StockReservation): WireMap => ({
  id: new Uuid(r.id),
  type: new Keyword('stockReservation'),
  attributes: stockReservationAttributes(r),
  relationships: {
    listing: ref('listing', r.listingId),
    transaction: ref('transaction', r.transactionId),
  },
});

/** `stockAdjustment/created`: related to its listing (and reservation). */
export const stockAdjustmentCreated = (a: StockAdjustment): PendingEvent => ({
  marketplaceId: a.marketplaceId,
  eventType: 'stockAdjustment/created',
  resourceType: 'stockAdjustment',
  resourceId: a.id,
  resource: stockAdjustmentEventResource(a),
  previousValues: null,
  relatedResourceIds: a.reservationId === null ? [a.listingId] : [a.listingId, a.reservationId],
});

/** `stockReservation/created` (before null) or `/updated` with the previous state: related to its listing and transaction. */
export function stockReservationEvent(
  before: StockReservation | null,
  after: StockReservation,
): PendingEvent {
  return {
    marketplaceId: after.marketplaceId,
    eventType: before === null ? 'stockReservation/created' : 'stockReservation/updated',
    resourceType: 'stockReservation',
    resourceId: after.id,
    resource: stockReservationEventResource(after),
    previousValues:
      before === null || before.state === after.state
        ? null
        : { attributes: { state: before.state }, relationships: {} },
    relatedResourceIds:
      after.transactionId === null ? [after.listingId] : [after.listingId, after.transactionId],
  };
}

/** The source of an API actor's events. */
export const sourceOf = (actor: ListingActor): EventSource =>
  actor.kind === 'user' ? 'source/marketplace-api' : 'source/integration-api';

/** The audit data of an API actor's events. */
export const auditOf = (actor: ListingActor): AuditData => ({
  userId: actor.kind === 'user' ? actor.userId : null,
  adminId: null,
  requestId: actor.requestId,
  clientId: actor.clientId,
});
