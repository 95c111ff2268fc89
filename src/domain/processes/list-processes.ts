import { notFound } from '../errors.ts';
import type { Executor } from '../../store/db.ts';
import type { ProcessSummary, ProcessVersionSummary } from './processes.ts';
import { selectAliases, selectLatestVersions, selectVersionSummaries } from './processes.store.ts';

/** Every process of a marketplace with its latest version and aliases, by name. */
export async function listProcesses(
  db: Executor,
  input: { marketplaceId: string },
): Promise<ProcessSummary[]> {
  const [latest, aliases] = await Promise.all([
    selectLatestVersions(db, input.marketplaceId),
    selectAliases(db, input.marketplaceId),
  ]);
  return latest.map((p) => ({
    name: p.name,
    latestVersion: p.version,
    latestCreatedAt: p.createdAt,
    aliases: aliases.filter((a) => a.name === p.name),
  }));
}

/** The versions of one process, newest first, with their aliases. Throws not-found for an unknown process. */
export async function listProcessVersions(
  db: Executor,
  input: { marketplaceId: string; name: string },
): Promise<ProcessVersionSummary[]> {
  const [versions, aliases] = await Promise.all([
    selectVersionSummaries(db, input.marketplaceId, input.name),
    selectAliases(db, input.marketplaceId, input.name),
  ]);
  if (versions.length === 0) throw notFound(`No process ${input.name}.`);
  return versions.map((v) => ({
    name: input.name,
    version: v.version,
    checksum: v.checksum,
    createdAt: v.createdAt,
    aliases: aliases.filter((a) => a.version === v.version).map((a) => a.alias),
  }));
}
