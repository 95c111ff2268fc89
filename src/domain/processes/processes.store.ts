import { sql, type Selectable } from 'kysely';
import type { Executor, Trx } from '../../store/db.ts';
import type { ProcessAliasesTable, ProcessVersionsTable } from '../../store/tables/processes.ts';
import type {
  ProcessAlias,
  ProcessTemplate,
  ProcessTemplates,
  ProcessVersion,
} from './processes.ts';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The stored templates JSON (written by insertProcessVersion); anything malformed is dropped. */
function toTemplates(value: unknown): ProcessTemplates {
  const out: Record<string, ProcessTemplate> = {};
  if (!isRecord(value)) return out;
  for (const [name, t] of Object.entries(value)) {
    if (!isRecord(t) || typeof t.subject !== 'string' || typeof t.html !== 'string') continue;
    out[name] =
      typeof t.text === 'string'
        ? { subject: t.subject, html: t.html, text: t.text }
        : { subject: t.subject, html: t.html };
  }
  return out;
}

const toProcessVersion = (row: Selectable<ProcessVersionsTable>): ProcessVersion => ({
  id: row.id,
  marketplaceId: row.marketplace_id,
  name: row.name,
  version: row.version,
  source: row.source,
  templates: toTemplates(row.templates),
  checksum: row.checksum,
  createdAt: row.created_at,
});

const toProcessAlias = (row: Selectable<ProcessAliasesTable>): ProcessAlias => ({
  marketplaceId: row.marketplace_id,
  name: row.name,
  alias: row.alias,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * Serialises pushes of one process name until the transaction ends, so two concurrent pushes
 * cannot both pick version N+1 (there is no row to lock before the first version exists).
 */
export async function lockProcessName(
  trx: Trx,
  marketplaceId: string,
  name: string,
): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`process-versions:${marketplaceId}:${name}`}))`.execute(
    trx,
  );
}

/** The newest version of a process, or undefined when it has none. */
export async function selectLatestVersion(
  db: Executor,
  marketplaceId: string,
  name: string,
): Promise<ProcessVersion | undefined> {
  const row = await db
    .selectFrom('process_versions')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('name', '=', name)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toProcessVersion(row);
}

export async function insertProcessVersion(
  trx: Trx,
  v: Omit<ProcessVersion, 'createdAt'>,
  now: Date,
): Promise<ProcessVersion> {
  const row = await trx
    .insertInto('process_versions')
    .values({
      id: v.id,
      marketplace_id: v.marketplaceId,
      name: v.name,
      version: v.version,
      source: v.source,
      templates: JSON.stringify(v.templates),
      checksum: v.checksum,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toProcessVersion(row);
}

/** The row of one version (selection left to the caller). */
const oneVersion = (db: Executor, marketplaceId: string, name: string, version: number) =>
  db.selectFrom('process_versions').where('marketplace_id', '=', marketplaceId).where('name', '=', name).where('version', '=', version);

export async function selectProcessVersion(
  db: Executor,
  marketplaceId: string,
  name: string,
  version: number,
): Promise<ProcessVersion | undefined> {
  const row = await oneVersion(db, marketplaceId, name, version).selectAll().executeTakeFirst();
  return row && toProcessVersion(row);
}

/** Whether the version exists (without reading its content). */
export async function versionExists(
  db: Executor,
  marketplaceId: string,
  name: string,
  version: number,
): Promise<boolean> {
  const row = await oneVersion(db, marketplaceId, name, version).select('id').executeTakeFirst();
  return row !== undefined;
}

/** Newest version per process name, in name order. */
export async function selectLatestVersions(
  db: Executor,
  marketplaceId: string,
): Promise<{ name: string; version: number; createdAt: Date }[]> {
  const rows = await db
    .selectFrom('process_versions')
    .select(['name', 'version', 'created_at'])
    .distinctOn('name')
    .where('marketplace_id', '=', marketplaceId)
    .orderBy('name')
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({ name: r.name, version: r.version, createdAt: r.created_at }));
}

/** Every version of one process, newest first, without content. */
export async function selectVersionSummaries(
  db: Executor,
  marketplaceId: string,
  name: string,
): Promise<{ version: number; checksum: string; createdAt: Date }[]> {
  const rows = await db
    .selectFrom('process_versions')
    .select(['version', 'checksum', 'created_at'])
    .where('marketplace_id', '=', marketplaceId)
    .where('name', '=', name)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({ version: r.version, checksum: r.checksum, createdAt: r.created_at }));
}

/** A marketplace's aliases (of one process when `name` is given), by name then alias. */
export async function selectAliases(
  db: Executor,
  marketplaceId: string,
  name?: string,
): Promise<ProcessAlias[]> {
  let q = db.selectFrom('process_aliases').selectAll().where('marketplace_id', '=', marketplaceId);
  if (name !== undefined) q = q.where('name', '=', name);
  const rows = await q.orderBy('name').orderBy('alias').execute();
  return rows.map(toProcessAlias);
}

export async function selectAlias(
  db: Executor,
  marketplaceId: string,
  name: string,
  alias: string,
): Promise<ProcessAlias | undefined> {
  const row = await db
    .selectFrom('process_aliases')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('name', '=', name)
    .where('alias', '=', alias)
    .executeTakeFirst();
  return row && toProcessAlias(row);
}

/** Inserts an alias; undefined when it already exists (nothing changed). */
export async function insertAlias(
  trx: Trx,
  a: { marketplaceId: string; name: string; alias: string; version: number },
  now: Date,
): Promise<ProcessAlias | undefined> {
  const row = await trx
    .insertInto('process_aliases')
    .values({
      marketplace_id: a.marketplaceId,
      name: a.name,
      alias: a.alias,
      version: a.version,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['marketplace_id', 'name', 'alias']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toProcessAlias(row);
}

/** Points an existing alias to another version; undefined when there is no such alias. */
export async function updateAlias(
  trx: Trx,
  a: { marketplaceId: string; name: string; alias: string; version: number },
  now: Date,
): Promise<ProcessAlias | undefined> {
  const row = await trx
    .updateTable('process_aliases')
    .set({ version: a.version, updated_at: now })
    .where('marketplace_id', '=', a.marketplaceId)
    .where('name', '=', a.name)
    .where('alias', '=', a.alias)
    .returningAll()
    .executeTakeFirst();
  return row && toProcessAlias(row);
}

export async function deleteAlias(
  trx: Trx,
  a: { marketplaceId: string; name: string; alias: string },
): Promise<ProcessAlias | undefined> {
  const row = await trx
    .deleteFrom('process_aliases')
    .where('marketplace_id', '=', a.marketplaceId)
    .where('name', '=', a.name)
    .where('alias', '=', a.alias)
    .returningAll()
    .executeTakeFirst();
  return row && toProcessAlias(row);
}
