import type { Json, Timestamp } from './marketplaces.ts';

export interface EventsTable {
  marketplace_id: string;
  /** Strictly increasing per marketplace, in commit order (see domain/events). */
  sequence_id: number;
  id: string;
  event_type: string;
  resource_type: string;
  resource_id: string;
  related_resource_ids: string[];
  /** The resource after the change, tagged JSON (lib/tagged-json); null for deletions. */
  resource: Json | null;
  previous_values: Json | null;
  source: string;
  audit_data: Json | null;
  created_at: Timestamp;
}

export interface EventCountersTable {
  marketplace_id: string;
  last_sequence_id: number;
}

export interface EventTables {
  events: EventsTable;
  event_counters: EventCountersTable;
}
