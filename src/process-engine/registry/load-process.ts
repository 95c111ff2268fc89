import {
  findProcessVersion,
  parseAliasRef,
  resolveAliasVersion,
} from '../../domain/processes/index.ts';
import type { Executor } from '../../store/db.ts';
import { parseProcess } from '../definition/index.ts';
import { cachedProcess, cacheProcess, type LoadedProcess } from './process-cache.ts';

/**
 * A stored process version, parsed (cached: versions never change), or undefined when there is no
 * such version. The transition runner loads a transaction's bound version with it.
 */
export async function loadProcessVersion(
  db: Executor,
  marketplaceId: string,
  name: string,
  version: number,
): Promise<LoadedProcess | undefined> {
  const cached = cachedProcess(marketplaceId, name, version);
  if (cached) return cached;
  const stored = await findProcessVersion(db, { marketplaceId, name, version });
  if (!stored) return undefined;
  // Stored versions passed checkProcess at push time; parseProcess throws only if the checker got
  // stricter since — an operator must then push a fixed version.
  const loaded: LoadedProcess = {
    name: stored.name,
    version: stored.version,
    definition: parseProcess(stored.source),
    templates: stored.templates,
  };
  cacheProcess(marketplaceId, loaded);
  return loaded;
}

/**
 * The version `name/alias` points to now (e.g. `default-booking/release-1`), parsed, or undefined
 * for a malformed reference or an unknown alias. Initiation resolves the alias once and keeps the
 * version for the transaction's life (§1.9); aliases themselves are never cached.
 */
export async function loadProcessByAlias(
  db: Executor,
  marketplaceId: string,
  processAlias: string,
): Promise<LoadedProcess | undefined> {
  const ref = parseAliasRef(processAlias);
  if (!ref) return undefined;
  const version = await resolveAliasVersion(db, {
    marketplaceId,
    name: ref.name,
    alias: ref.alias,
  });
  return version === undefined
    ? undefined
    : loadProcessVersion(db, marketplaceId, ref.name, version);
}
