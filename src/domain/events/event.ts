/**
 * The event log's types (catalogue 4.7): one event per change of a marketplace resource, with the
 * resource after the change and the previous values of what changed.
 */
import type { WireValue } from '../../lib/values.ts';

/** A map of wire values: a resource snapshot or a previous-values object. */
export type WireMap = { [key: string]: WireValue };

/** Resource types that emit events. */
export type EventResourceType =
  | 'listing'
  | 'user'
  | 'availabilityException'
  | 'message'
  | 'transaction'
  | 'booking'
  | 'review'
  | 'stockAdjustment'
  | 'stockReservation';

/** Every event type Bazaar emits (`<resourceType>/<subtype>`). */
export type EventType =
  | `${Exclude<EventResourceType, 'transaction'>}/${'created' | 'updated' | 'deleted'}`
  | `transaction/${'initiated' | 'transitioned' | 'updated' | 'deleted'}`;

export const EVENT_SOURCES = [
  'source/marketplace-api',
  'source/integration-api',
  'source/transaction',
  'source/console',
  'source/admin',
] as const;

/** What caused the change. */
export type EventSource = (typeof EVENT_SOURCES)[number];

export const isEventSource = (s: string): s is EventSource => EVENT_SOURCES.some((source) => source === s);

/** Who caused the change; every field nullable. */
export interface AuditData {
  userId: string | null;
  adminId: string | null;
  requestId: string | null;
  clientId: string | null;
}

/** One event as stored and read back. */
export interface MarketplaceEvent {
  id: string;
  /** Strictly increasing per marketplace, in commit order. */
  sequenceId: number;
  marketplaceId: string;
  createdAt: Date;
  eventType: string;
  source: EventSource;
  resourceType: string;
  resourceId: string;
  relatedResourceIds: string[];
  /** Integration-API-shaped resource `{id, type, attributes, relationships}` after the change; null for deletions. */
  resource: WireMap | null;
  /** `{attributes: {...changed only...}, relationships: {...}}`; null when there is nothing to diff. */
  previousValues: WireMap | null;
  auditData: AuditData;
}

/** Filters of `queryEvents`; all optional, combined with AND. */
export interface EventFilters {
  /** Only events with a sequence id strictly greater than this. */
  startAfterSequenceId?: number;
  /** Only events created at or after this instant. */
  createdAtStart?: Date;
  resourceId?: string;
  /** Only events whose resource is related to this one (e.g. a listing's transactions). */
  relatedResourceId?: string;
  eventTypes?: string[];
  /** 1–100 (default 100). */
  limit?: number;
}

/** Most events returned by one query (catalogue 4.7). */
export const MAX_EVENTS_PER_QUERY = 100;

/** `<resourceType>/<subtype>`, as accepted by the eventTypes filter. */
export const EVENT_TYPE_RE = /^[a-zA-Z][a-zA-Z0-9]*\/[a-zA-Z][a-zA-Z0-9-]*$/;
