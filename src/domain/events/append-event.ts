import { badRequest } from '../errors.ts';
import { newId } from '../../lib/ids.ts';
import { toTaggedJson } from '../../lib/tagged-json.ts';
import type { Trx } from '../../store/db.ts';
import type { AuditData, EventResourceType, EventSource, EventType, MarketplaceEvent, WireMap } from './event.ts';
import { insertEvent, nextSequenceId } from './events.store.ts';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AppendEventInput {
  marketplaceId: string;
  eventType: EventType;
  resourceType: EventResourceType;
  resourceId: string;
  /** The resource after the change (Integration API shape); null for `*\/deleted`. */
  resource: WireMap | null;
  /** `{attributes: {...}, relationships: {...}}` of what changed; null when nothing to diff. */
  previousValues: WireMap | null;
  /** Other resources this event concerns (a transaction's listing, customer, provider…). */
  relatedResourceIds?: string[];
  source: EventSource;
  auditData: AuditData;
  /** Defaults to the database clock at append time. */
  createdAt?: Date;
}

/**
 * Appends an event to the marketplace's log inside the caller's transaction. Throws bad-request
 * (inconsistent input: a programming error) or not-found (no such marketplace).
 *
 * Ordering guarantee: sequence ids are strictly increasing in commit order, so a reader polling
 * with `startAfterSequenceId` never skips an event that commits later with a smaller id. The id
 * comes from `update event_counters … returning` (not a sequence): the counter row stays locked
 * until this transaction commits or rolls back, so a concurrent appender in the same marketplace
 * waits, then gets the next number only after this one's events are visible (a rollback frees the
 * number for reuse, leaving no gap). A PostgreSQL sequence would hand out ids in call order while
 * transactions commit in any order, which lets a poller pass over a late-committing smaller id.
 *
 * The price is that appends in one marketplace serialise from the first append to commit: CALL
 * THIS LAST in your transaction (after every other write and row lock), and commit promptly.
 * Appending earlier lengthens the critical section and can deadlock against other row locks.
 */
export async function appendEvent(trx: Trx, input: AppendEventInput): Promise<MarketplaceEvent> {
  if (!input.eventType.startsWith(`${input.resourceType}/`)) {
    throw badRequest('bad-request', `Event type ${input.eventType} does not match resource type ${input.resourceType}.`);
  }
  const related = input.relatedResourceIds ?? [];
  for (const id of [input.marketplaceId, input.resourceId, ...related]) {
    if (!UUID_RE.test(id)) throw badRequest('bad-request', `Event ids must be UUIDs, got "${id}".`);
  }
  // Encode before taking the lock: nothing but the two statements below runs inside it.
  const resource = input.resource === null ? null : JSON.stringify(toTaggedJson(input.resource));
  const previousValues = input.previousValues === null ? null : JSON.stringify(toTaggedJson(input.previousValues));
  const auditData = JSON.stringify(input.auditData);
  const sequenceId = await nextSequenceId(trx, input.marketplaceId);
  if (sequenceId === undefined) throw badRequest('bad-request', `No event counter for marketplace ${input.marketplaceId}.`);
  return insertEvent(trx, {
    id: newId(),
    marketplaceId: input.marketplaceId,
    sequenceId,
    eventType: input.eventType,
    resourceType: input.resourceType,
    resourceId: input.resourceId.toLowerCase(),
    relatedResourceIds: [...new Set(related.map((id) => id.toLowerCase()))],
    resource,
    previousValues,
    source: input.source,
    auditData,
    createdAt: input.createdAt,
  });
}
