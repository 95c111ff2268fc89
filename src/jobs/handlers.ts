/**
 * The app's job handlers by kind, passed to startWorker by `bazaar start` and `bazaar worker`.
 * A module that schedules jobs registers its kind here (the process engine: 'transition' for
 * delayed transitions, 'notification' for delayed emails); a worker only claims kinds it knows.
 */
import type { Config } from '../config.ts';
import type { Mailer } from '../domain/email/index.ts';
import type { Clock } from '../lib/clock.ts';
import type { Db } from '../store/db.ts';
import type { JobHandlers } from './worker.ts';
import { processJobHandlers } from '../process-engine/index.ts';

/** What handlers may need besides the job's own transaction. */
export interface JobHandlerDeps {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly mailer: Mailer;
}

/** Builds the handler table; one line per job kind. */
export function buildJobHandlers(deps: JobHandlerDeps): JobHandlers {
  return {
    // 'transition' (delayed transitions) and 'notification' (transaction emails)
    ...processJobHandlers({ mailer: deps.mailer, defaultUrl: deps.config.publicUrl }),
  };
}
