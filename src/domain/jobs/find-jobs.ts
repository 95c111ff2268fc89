import type { Executor } from '../../store/db.ts';
import type { Job, JobState } from './jobs.ts';
import { selectJobs } from './jobs.store.ts';

/**
 * The marketplace's jobs whose key starts with `keyPrefix` (all when omitted), optionally only in
 * some states, by run time. The engine reads a transaction's pending timers with it (e.g. the
 * `delayed-transition.run-at` of notification emails).
 */
export function findJobs(
  db: Executor,
  filter: { marketplaceId: string; keyPrefix?: string; states?: readonly JobState[] },
): Promise<Job[]> {
  return selectJobs(db, filter);
}
