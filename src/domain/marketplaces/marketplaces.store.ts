import type { Executor } from '../../store/db.ts';
import type { ApplicationsTable, MarketplacesTable } from '../../store/tables/marketplaces.ts';
import type { Selectable } from 'kysely';
import type { Application, ApplicationKind, Marketplace, MarketplaceSettings } from './marketplace.ts';

const toMarketplace = (row: Selectable<MarketplacesTable>): Marketplace => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  description: row.description,
  settings: row.settings,
  createdAt: row.created_at,
});

const toApplication = (row: Selectable<ApplicationsTable>): Application => ({
  id: row.id,
  marketplaceId: row.marketplace_id,
  clientId: row.client_id,
  kind: row.kind,
  name: row.name,
  revokedAt: row.revoked_at,
  createdAt: row.created_at,
});

export async function insertMarketplace(
  db: Executor,
  m: { id: string; slug: string; name: string; description: string | null; settings: MarketplaceSettings },
): Promise<Marketplace> {
  const row = await db
    .insertInto('marketplaces')
    .values({ ...m, settings: JSON.stringify(m.settings) })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.insertInto('event_counters').values({ marketplace_id: m.id, last_sequence_id: 0 }).execute();
  return toMarketplace(row);
}

export async function findMarketplaceById(db: Executor, id: string): Promise<Marketplace | undefined> {
  const row = await db.selectFrom('marketplaces').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toMarketplace(row);
}

/** The marketplace by slug; `forUpdate` locks its row (read-modify-write of its settings). */
export async function findMarketplaceBySlug(db: Executor, slug: string, opts: { forUpdate?: boolean } = {}): Promise<Marketplace | undefined> {
  let q = db.selectFrom('marketplaces').selectAll().where('slug', '=', slug);
  if (opts.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toMarketplace(row);
}

export async function listMarketplaces(db: Executor): Promise<Marketplace[]> {
  const rows = await db.selectFrom('marketplaces').selectAll().orderBy('created_at').execute();
  return rows.map(toMarketplace);
}

export async function updateMarketplaceSettings(
  db: Executor,
  id: string,
  settings: MarketplaceSettings,
): Promise<Marketplace | undefined> {
  const row = await db
    .updateTable('marketplaces')
    .set({ settings: JSON.stringify(settings) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toMarketplace(row);
}

export async function insertApplication(
  db: Executor,
  a: { id: string; marketplaceId: string; clientId: string; secretHash: string; kind: ApplicationKind; name: string },
): Promise<Application> {
  const row = await db
    .insertInto('applications')
    .values({
      id: a.id,
      marketplace_id: a.marketplaceId,
      client_id: a.clientId,
      client_secret_hash: a.secretHash,
      kind: a.kind,
      name: a.name,
      revoked_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toApplication(row);
}

/** The application and its secret hash, by public client id (revoked ones included). */
export async function findApplicationByClientId(
  db: Executor,
  clientId: string,
): Promise<{ app: Application; secretHash: string } | undefined> {
  const row = await db.selectFrom('applications').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  return row && { app: toApplication(row), secretHash: row.client_secret_hash };
}

export async function findApplicationById(db: Executor, id: string): Promise<Application | undefined> {
  const row = await db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toApplication(row);
}

export async function listApplications(db: Executor, marketplaceId?: string): Promise<Application[]> {
  let q = db.selectFrom('applications').selectAll().orderBy('created_at');
  if (marketplaceId) q = q.where('marketplace_id', '=', marketplaceId);
  return (await q.execute()).map(toApplication);
}

export async function revokeApplication(db: Executor, clientId: string, at: Date): Promise<Application | undefined> {
  const row = await db
    .updateTable('applications')
    .set({ revoked_at: at })
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row && toApplication(row);
}
