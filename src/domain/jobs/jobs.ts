/**
 * Jobs: work to run later, exactly once, by the worker loop (src/jobs/worker.ts). A job is a row:
 * the worker claims a due one with `for update skip locked` and runs its handler in the same DB
 * transaction that marks it done, so the handler's effects and the completion commit together.
 */
import type { JobState } from '../../store/tables/jobs.ts';

export type { JobState };

/** A job's JSON payload (what its handler needs: transaction id, transition name, …). */
export type JobPayload = Readonly<Record<string, unknown>>;

export interface Job {
  readonly id: string;
  readonly marketplaceId: string;
  /** Selects the handler ('transition', 'notification', …). */
  readonly kind: string;
  /** Unique among the marketplace's pending jobs; prefixes group jobs for cancelJobs. */
  readonly key: string;
  readonly payload: JobPayload;
  readonly runAt: Date;
  readonly state: JobState;
  /** Runs tried so far (a successful run counts too). */
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** How often and how late a failing job is retried. */
export interface RetryPolicy {
  /** After this many failed runs the job is given up (state `failed`). */
  readonly maxAttempts: number;
  /** Delay after the first failure; doubles with each further one. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 10_000,
  maxDelayMs: 60 * 60_000,
};

/** Exponential backoff: the delay before run `attempts + 1`, given `attempts` failed runs (≥ 1). */
export function retryDelayMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 30));
}

/** `prefix` as a LIKE pattern matching every key that starts with it (`%`, `_`, `\` escaped). */
export function keyPrefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The longest error text kept in `last_error` (stack traces are for the logs). */
export const MAX_ERROR_LENGTH = 2000;

/** An error as one bounded line for `last_error`. */
export function describeJobError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
