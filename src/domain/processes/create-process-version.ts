import { newId } from '../../lib/ids.ts';
import type { Trx } from '../../store/db.ts';
import {
  processChecksum,
  validateName,
  type ProcessTemplates,
  type ProcessVersion,
} from './processes.ts';
import { insertProcessVersion, lockProcessName, selectLatestVersion } from './processes.store.ts';

/** What createProcessVersion stores. The caller has validated `source` and `templates`. */
export interface CreateProcessVersionInput {
  readonly marketplaceId: string;
  readonly name: string;
  readonly source: string;
  readonly templates: ProcessTemplates;
  readonly now: Date;
  /** Store only when the process has no version yet (bootstrapping defaults never shadows a push). */
  readonly ifAbsent?: boolean;
}

/**
 * Stores a new version (latest + 1) of a process, unless the content equals the latest version's:
 * then nothing is written and that version is returned with `created: false` (§1.1 "no changes").
 * With `ifAbsent`, an existing process is left as it is whatever its content.
 * Only the process engine's registry calls this, after validating the definition and templates.
 * Throws bad-request (validation-invalid-value) for a bad process or template name.
 */
export async function createProcessVersion(
  trx: Trx,
  input: CreateProcessVersionInput,
): Promise<{ version: ProcessVersion; created: boolean }> {
  validateName('process', input.name);
  for (const template of Object.keys(input.templates)) validateName('template', template);
  await lockProcessName(trx, input.marketplaceId, input.name);
  const checksum = processChecksum(input.source, input.templates);
  const latest = await selectLatestVersion(trx, input.marketplaceId, input.name);
  if (latest !== undefined && (latest.checksum === checksum || input.ifAbsent === true)) {
    return { version: latest, created: false };
  }
  const version = await insertProcessVersion(
    trx,
    {
      id: newId(),
      marketplaceId: input.marketplaceId,
      name: input.name,
      version: (latest?.version ?? 0) + 1,
      source: input.source,
      templates: input.templates,
      checksum,
    },
    input.now,
  );
  return { version, created: true };
}
