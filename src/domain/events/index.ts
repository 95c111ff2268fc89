export type {
  AuditData,
  EventFilters,
  EventResourceType,
  EventSource,
  EventType,
  MarketplaceEvent,
  WireMap,
} from './event.ts';
export { EVENT_SOURCES, EVENT_TYPE_RE, MAX_EVENTS_PER_QUERY, isEventSource } from './event.ts';
export { appendEvent, type AppendEventInput } from './append-event.ts';
export { appendEvents, type EventSink, type PendingEvent } from './pending-events.ts';
export { queryEvents } from './query-events.ts';
