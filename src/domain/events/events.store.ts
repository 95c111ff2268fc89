/** SQL of the event log: the only code touching `events` and `event_counters`. */
import { sql, type Selectable } from 'kysely';
import type { Executor, Trx } from '../../store/db.ts';
import type { EventsTable } from '../../store/tables/events.ts';
import { fromTaggedJson } from '../../lib/tagged-json.ts';
import type { WireValue } from '../../lib/values.ts';
import { isEventSource, type AuditData, type EventFilters, type MarketplaceEvent, type WireMap } from './event.ts';

const isWireMap = (v: WireValue): v is WireMap =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

const mapOrNull = (json: unknown): WireMap | null => {
  if (json === null || json === undefined) return null;
  const value = fromTaggedJson(json);
  return isWireMap(value) ? value : null;
};

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const toAuditData = (json: unknown): AuditData => {
  const get = (key: string): string | null =>
    typeof json === 'object' && json !== null && key in json ? str(Reflect.get(json, key)) : null;
  return { userId: get('userId'), adminId: get('adminId'), requestId: get('requestId'), clientId: get('clientId') };
};

const toEvent = (row: Selectable<EventsTable>): MarketplaceEvent => ({
  id: row.id,
  sequenceId: row.sequence_id,
  marketplaceId: row.marketplace_id,
  createdAt: row.created_at,
  eventType: row.event_type,
  // Only appendEvent writes this column, with a typed EventSource.
  source: isEventSource(row.source) ? row.source : 'source/admin',
  resourceType: row.resource_type,
  resourceId: row.resource_id,
  relatedResourceIds: row.related_resource_ids,
  resource: mapOrNull(row.resource),
  previousValues: mapOrNull(row.previous_values),
  auditData: toAuditData(row.audit_data),
});

/**
 * Takes the marketplace's next sequence id. The UPDATE row-locks the counter until the caller's
 * transaction ends, so a second appender waits here and then reads the first one's committed value.
 */
export async function nextSequenceId(trx: Trx, marketplaceId: string): Promise<number | undefined> {
  const row = await trx
    .updateTable('event_counters')
    .set((eb) => ({ last_sequence_id: eb('last_sequence_id', '+', 1) }))
    .where('marketplace_id', '=', marketplaceId)
    .returning('last_sequence_id')
    .executeTakeFirst();
  return row?.last_sequence_id;
}

export interface EventRow {
  id: string;
  marketplaceId: string;
  sequenceId: number;
  eventType: string;
  resourceType: string;
  resourceId: string;
  relatedResourceIds: string[];
  /** Tagged JSON text (lib/tagged-json) or null. */
  resource: string | null;
  previousValues: string | null;
  source: string;
  auditData: string;
  createdAt: Date | undefined;
}

export async function insertEvent(trx: Trx, e: EventRow): Promise<MarketplaceEvent> {
  const row = await trx
    .insertInto('events')
    .values({
      id: e.id,
      marketplace_id: e.marketplaceId,
      sequence_id: e.sequenceId,
      event_type: e.eventType,
      resource_type: e.resourceType,
      resource_id: e.resourceId,
      related_resource_ids: sql<string[]>`cast(${`{${e.relatedResourceIds.join(',')}}`} as uuid[])`,
      resource: e.resource,
      previous_values: e.previousValues,
      source: e.source,
      audit_data: e.auditData,
      // clock_timestamp(), not now(): taken while the counter lock is held, so created_at never
      // goes backwards as sequence ids go forwards (now() is the transaction's start time).
      created_at: e.createdAt ?? sql<Date>`clock_timestamp()`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEvent(row);
}

export async function selectEvents(
  db: Executor,
  marketplaceId: string,
  f: EventFilters & { limit: number },
): Promise<MarketplaceEvent[]> {
  let q = db.selectFrom('events').selectAll().where('marketplace_id', '=', marketplaceId);
  if (f.startAfterSequenceId !== undefined) q = q.where('sequence_id', '>', f.startAfterSequenceId);
  if (f.createdAtStart !== undefined) q = q.where('created_at', '>=', f.createdAtStart);
  if (f.resourceId !== undefined) q = q.where('resource_id', '=', f.resourceId);
  if (f.relatedResourceId !== undefined) {
    q = q.where(sql<boolean>`related_resource_ids @> array[cast(${f.relatedResourceId} as uuid)]`);
  }
  if (f.eventTypes !== undefined && f.eventTypes.length > 0) q = q.where('event_type', 'in', f.eventTypes);
  const rows = await q.orderBy('sequence_id', 'asc').limit(f.limit).execute();
  return rows.map(toEvent);
}
