import { Transaction } from 'kysely';
import { createProcessVersion } from '../../domain/processes/index.ts';
import type { Executor, Trx } from '../../store/db.ts';
import type { ProcessProblem } from '../definition/index.ts';
import { cacheProcess } from './process-cache.ts';
import type { TemplateFiles } from './process-directory.ts';
import { validatePush } from './validate-push.ts';

/** A process directory's content, as `bazaar process push` sends it. */
export interface PushProcessInput {
  readonly marketplaceId: string;
  readonly name: string;
  /** process.edn text. */
  readonly source: string;
  /** Template name → its files (`subject` and `html` required, `text` optional). */
  readonly templates: Readonly<Record<string, TemplateFiles>>;
  readonly now?: Date;
  /** Only store when the process has no version yet (bootstrap of defaults). */
  readonly ifAbsent?: boolean;
}

export interface PushProcessResult {
  /** The new version, or the latest one when nothing changed. */
  readonly version: number;
  /** False when the content equals the latest version's (no new version). */
  readonly created: boolean;
  /** Non-fatal findings (unknown keys, deprecated actions, unused templates). */
  readonly warnings: readonly ProcessProblem[];
}

/** Runs `fn` in the caller's transaction, or in a new one when given the database. */
export function inTransaction<T>(db: Executor, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return db instanceof Transaction ? fn(db) : db.transaction().execute(fn);
}

/**
 * Validates a process (process.edn through checkProcess, templates present and parseable) and
 * stores it as the next version of `name` — or nothing when it equals the latest version.
 * Throws bad-request `process-invalid` listing every problem with its location (nothing stored),
 * or validation-invalid-value for a bad process or template name.
 */
export async function pushProcess(
  db: Executor,
  input: PushProcessInput,
): Promise<PushProcessResult> {
  const valid = validatePush(input);
  const { version, created } = await inTransaction(db, (trx) =>
    createProcessVersion(trx, {
      marketplaceId: input.marketplaceId,
      name: input.name,
      source: input.source,
      templates: valid.templates,
      now: input.now ?? new Date(),
      ...(input.ifAbsent === true ? { ifAbsent: true } : {}),
    }),
  );
  if (created) {
    cacheProcess(input.marketplaceId, {
      name: version.name,
      version: version.version,
      definition: valid.definition,
      templates: version.templates,
    });
  }
  return { version: version.version, created, warnings: valid.warnings };
}
