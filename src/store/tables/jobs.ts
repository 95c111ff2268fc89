import type { Json, Timestamp } from './marketplaces.ts';

export type JobState = 'pending' | 'done' | 'failed' | 'cancelled';

export interface JobsTable {
  id: string;
  marketplace_id: string;
  /** Which handler runs it ('transition', 'notification', …). */
  kind: string;
  /** Unique among the marketplace's pending jobs; prefixes group them for cancellation. */
  key: string;
  payload: Json<Record<string, unknown>>;
  run_at: Timestamp;
  state: JobState;
  attempts: number;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface JobTables {
  jobs: JobsTable;
}
