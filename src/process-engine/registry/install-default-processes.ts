// Bazaar's own transaction processes (the top-level processes/ directory), installed in a
// marketplace with alias `release-1` — the dev marketplace at every start.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { notFound } from '../../domain/errors.ts';
import { findMarketplaceBySlug } from '../../domain/marketplaces/index.ts';
import { createProcessAlias, listProcesses } from '../../domain/processes/index.ts';
import type { Db } from '../../store/db.ts';
import { readProcessDirectory } from './process-directory.ts';
import { pushProcess } from './push-process.ts';

/** The directory of Bazaar's default processes (sources are run in place by tsx). */
export const DEFAULT_PROCESSES_DIR = fileURLToPath(new URL('../../../processes/', import.meta.url));

/** The alias the default processes get, as the hosted platform names its defaults' aliases. */
export const DEFAULT_ALIAS = 'release-1';

/** Names of the default processes (sub-directories of DEFAULT_PROCESSES_DIR). */
export function defaultProcessNames(dir = DEFAULT_PROCESSES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/**
 * Installs each default process that the marketplace does not have yet (any version of that name),
 * as version 1 with alias `release-1`. Idempotent and safe with concurrent starts: a process the
 * operator already has — even changed or re-aliased — is left alone. Returns the installed names.
 * Throws not-found (marketplace) or process-invalid (a broken default: a bug, caught by tests).
 */
export async function installDefaultProcesses(
  db: Db,
  input: { marketplaceSlug: string; now: Date; dir?: string },
): Promise<string[]> {
  const marketplace = await findMarketplaceBySlug(db, input.marketplaceSlug);
  if (!marketplace) throw notFound(`No marketplace "${input.marketplaceSlug}".`);
  const dir = input.dir ?? DEFAULT_PROCESSES_DIR;
  const installed: string[] = [];
  // Restarts find every default present: skip reading and validating them (one query).
  const present = new Set(
    (await listProcesses(db, { marketplaceId: marketplace.id })).map((p) => p.name),
  );
  for (const name of defaultProcessNames(dir)) {
    if (present.has(name)) continue;
    const files = readProcessDirectory(join(dir, name));
    const created = await db.transaction().execute(async (trx) => {
      const pushed = await pushProcess(trx, {
        marketplaceId: marketplace.id,
        name,
        ...files,
        now: input.now,
        ifAbsent: true,
      });
      if (pushed.created) {
        await createProcessAlias(trx, {
          marketplaceId: marketplace.id,
          name,
          alias: DEFAULT_ALIAS,
          version: pushed.version,
          now: input.now,
        });
      }
      return pushed.created;
    });
    if (created) installed.push(name);
  }
  return installed;
}
