import { notFound } from '../errors.ts';
import type { Executor } from '../../store/db.ts';
import type { ProcessVersion } from './processes.ts';
import { selectAlias, selectAliases, selectProcessVersion } from './processes.store.ts';

/** A version of a process, or undefined. */
export function findProcessVersion(
  db: Executor,
  input: { marketplaceId: string; name: string; version: number },
): Promise<ProcessVersion | undefined> {
  return selectProcessVersion(db, input.marketplaceId, input.name, input.version);
}

/**
 * The version alias `name/alias` points to now, or undefined when there is no such alias. A
 * transaction resolves its alias once, at initiation, and keeps the version (§1.9).
 */
export async function findProcessVersionByAlias(
  db: Executor,
  input: { marketplaceId: string; name: string; alias: string },
): Promise<ProcessVersion | undefined> {
  const alias = await selectAlias(db, input.marketplaceId, input.name, input.alias);
  return alias && selectProcessVersion(db, input.marketplaceId, input.name, alias.version);
}

/** The version number alias `name/alias` points to now, or undefined when there is no such alias. */
export async function resolveAliasVersion(
  db: Executor,
  input: { marketplaceId: string; name: string; alias: string },
): Promise<number | undefined> {
  return (await selectAlias(db, input.marketplaceId, input.name, input.alias))?.version;
}

/**
 * A version with its content and the aliases that point to it, by number or by alias (exactly one),
 * as `process pull` writes it to disk. Throws not-found.
 */
export async function pullProcessVersion(
  db: Executor,
  input: { marketplaceId: string; name: string; version?: number; alias?: string },
): Promise<{ version: ProcessVersion; aliases: string[] }> {
  const found =
    input.alias !== undefined
      ? await findProcessVersionByAlias(db, {
          marketplaceId: input.marketplaceId,
          name: input.name,
          alias: input.alias,
        })
      : input.version !== undefined
        ? await findProcessVersion(db, {
            marketplaceId: input.marketplaceId,
            name: input.name,
            version: input.version,
          })
        : undefined;
  if (!found) {
    const which =
      input.alias !== undefined
        ? `alias ${input.name}/${input.alias}`
        : `version ${input.version ?? '?'} of process ${input.name}`;
    throw notFound(`No ${which}.`);
  }
  const aliases = (await selectAliases(db, input.marketplaceId, input.name))
    .filter((a) => a.version === found.version)
    .map((a) => a.alias);
  return { version: found, aliases };
}
