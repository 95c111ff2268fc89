/** The `event` resource (catalogue 4.7). */
import type { AuditData, MarketplaceEvent } from '../../domain/events/index.ts';
import { Uuid, type WireValue } from '../../lib/values.ts';
import type { Resource } from '../wire/index.ts';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idOrNull = (id: string | null): WireValue => (id === null ? null : UUID_RE.test(id) ? new Uuid(id) : id);

const auditDataToWire = (a: AuditData): WireValue => ({
  userId: idOrNull(a.userId),
  adminId: idOrNull(a.adminId),
  requestId: idOrNull(a.requestId),
  clientId: idOrNull(a.clientId),
});

export const toEventResource = (e: MarketplaceEvent): Resource => ({
  id: new Uuid(e.id),
  type: 'event',
  attributes: {
    createdAt: e.createdAt,
    sequenceId: e.sequenceId,
    marketplaceId: new Uuid(e.marketplaceId),
    eventType: e.eventType,
    source: e.source,
    resourceId: new Uuid(e.resourceId),
    resourceType: e.resourceType,
    resource: e.resource,
    previousValues: e.previousValues,
    auditData: auditDataToWire(e.auditData),
  },
});
