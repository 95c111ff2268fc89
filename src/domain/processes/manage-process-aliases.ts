import { conflict, notFound } from '../errors.ts';
import type { Trx } from '../../store/db.ts';
import { validateName, type ProcessAlias } from './processes.ts';
import { deleteAlias, insertAlias, updateAlias, versionExists } from './processes.store.ts';

interface AliasInput {
  readonly marketplaceId: string;
  readonly name: string;
  readonly alias: string;
  readonly version: number;
  readonly now: Date;
}

async function requireVersion(trx: Trx, input: AliasInput): Promise<void> {
  validateName('process', input.name);
  validateName('alias', input.alias);
  if (!(await versionExists(trx, input.marketplaceId, input.name, input.version))) {
    throw notFound(`No version ${input.version} of process ${input.name}.`);
  }
}

/**
 * Creates alias `name/alias` → version. Throws not-found (no such version), conflict
 * (process-alias-taken: the alias exists; move it with updateProcessAlias) or bad-request.
 */
export async function createProcessAlias(trx: Trx, input: AliasInput): Promise<ProcessAlias> {
  await requireVersion(trx, input);
  const created = await insertAlias(trx, input, input.now);
  if (!created) {
    throw conflict(
      'process-alias-taken',
      `Alias ${input.name}/${input.alias} already exists; use update-alias to point it to another version.`,
    );
  }
  return created;
}

/**
 * Points existing alias `name/alias` to another version. Transactions already initiated stay on
 * the version they started with (§1.9). Throws not-found (alias or version) or bad-request.
 */
export async function updateProcessAlias(trx: Trx, input: AliasInput): Promise<ProcessAlias> {
  await requireVersion(trx, input);
  const updated = await updateAlias(trx, input, input.now);
  if (!updated)
    throw notFound(`No alias ${input.name}/${input.alias}; create it with create-alias.`);
  return updated;
}

/** Removes alias `name/alias`; versions and transactions are untouched. Throws not-found. */
export async function deleteProcessAlias(
  trx: Trx,
  input: { marketplaceId: string; name: string; alias: string },
): Promise<ProcessAlias> {
  const removed = await deleteAlias(trx, input);
  if (!removed) throw notFound(`No alias ${input.name}/${input.alias}.`);
  return removed;
}
