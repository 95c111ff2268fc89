/**
 * The event-log view of an availability exception (domain §8.3): the Integration API resource with
 * its `listing` relationship; `availabilityException/created|deleted` appended last in the
 * transaction.
 */
import { appendEvent, type AuditData, type EventSource, type WireMap } from '../events/index.ts';
import type { ListingActor } from '../listings/index.ts';
import { Keyword, Uuid } from '../../lib/values.ts';
import type { Trx } from '../../store/db.ts';
import { exceptionAttributes, type AvailabilityException } from './availability-exception.ts';

/** The exception as the Integration API shows it. */
export function exceptionEventResource(e: AvailabilityException): WireMap {
  return {
    id: new Uuid(e.id),
    type: new Keyword('availabilityException'),
    attributes: exceptionAttributes(e),
    relationships: relationshipsOf(e),
  };
}

const relationshipsOf = (e: AvailabilityException): WireMap => ({
  listing: { data: { id: new Uuid(e.listingId), type: new Keyword('listing') } },
});

const sourceOf = (actor: ListingActor): EventSource =>
  actor.kind === 'user' ? 'source/marketplace-api' : 'source/integration-api';

const auditOf = (actor: ListingActor): AuditData => ({
  userId: actor.kind === 'user' ? actor.userId : null,
  adminId: null,
  requestId: actor.requestId,
  clientId: actor.clientId,
});

/** Appends `availabilityException/created` or `/deleted`; call it last in the transaction. */
export async function appendExceptionEvent(
  trx: Trx,
  change: 'created' | 'deleted',
  actor: ListingActor,
  e: AvailabilityException,
): Promise<void> {
  await appendEvent(trx, {
    marketplaceId: e.marketplaceId,
    eventType: `availabilityException/${change}`,
    resourceType: 'availabilityException',
    resourceId: e.id,
    resource: change === 'deleted' ? null : exceptionEventResource(e),
    // A deletion keeps what was deleted, as listing deletions do.
    previousValues:
      change === 'deleted'
        ? { attributes: exceptionAttributes(e), relationships: relationshipsOf(e) }
        : null,
    relatedResourceIds: [e.listingId],
    source: sourceOf(actor),
    auditData: auditOf(actor),
  });
}
