/**
 * The job loop. A placeholder until the jobs table arrives: it ticks on an interval and does
 * nothing, so `bazaar start` and `bazaar worker` already have their final shape (start, stop).
 */
import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.ts';
import type { Db } from '../store/db.ts';

export interface WorkerDeps {
  db: Db;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'error' | 'debug'>;
  /** Pause between polls, in ms. */
  intervalMs?: number;
}

export interface Worker {
  /** Stops polling and waits for the current tick to finish. */
  stop(): Promise<void>;
}

export function startWorker(deps: WorkerDeps): Worker {
  const intervalMs = deps.intervalMs ?? 1000;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const tick = async (): Promise<void> => {
    // Job claiming (FOR UPDATE SKIP LOCKED) arrives with the jobs table.
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = tick()
        .catch((err: unknown) => deps.logger.error({ err }, 'worker tick failed'))
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };

  deps.logger.debug({ intervalMs }, 'worker started');
  schedule();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
      deps.logger.debug('worker stopped');
    },
  };
}
