import {
  createApplication,
  createMarketplace,
  findMarketplaceBySlug,
  listApplications,
  type Application,
} from '../marketplaces/index.ts';
import { sha256 } from '../../lib/secrets.ts';
import type { Executor, Trx } from '../../store/db.ts';
import {
  BOOTSTRAP_SETTING,
  DEV_MARKETPLACE,
  type BootstrapAdminKey,
  type BootstrapApp,
  type BootstrapRecord,
  type BootstrapResult,
} from './admin.ts';
import {
  countLiveAdminKeys,
  findLiveAdminKeyByHash,
  findSetting,
  insertSettingIfAbsent,
  updateSetting,
} from './admin.store.ts';
import { createAdminKey } from './create-admin-key.ts';

const isBootstrapRecord = (value: unknown): value is BootstrapRecord =>
  typeof value === 'object' &&
  value !== null &&
  'marketplaceSlug' in value &&
  typeof value.marketplaceSlug === 'string' &&
  'marketplaceClientId' in value &&
  typeof value.marketplaceClientId === 'string' &&
  'integrationClientId' in value &&
  typeof value.integrationClientId === 'string';

/**
 * Prepares an instance at start. On an empty database (no bootstrap record yet) it creates the
 * admin key (from `adminKey` when given, else generated), the marketplace `dev` with one
 * Marketplace API and one Integration API application, and records their client ids; secrets
 * are returned only then. On later starts it returns the recorded ids without secrets.
 * Throws bad-request when the given admin key is too short.
 */
export async function bootstrapInstance(trx: Trx, input: { adminKey: string | undefined }): Promise<BootstrapResult> {
  const claimed = await insertSettingIfAbsent(trx, BOOTSTRAP_SETTING, { pending: true });
  if (!claimed) return describeExisting(trx, input.adminKey);

  let adminKey: BootstrapAdminKey;
  if ((await countLiveAdminKeys(trx)) === 0) {
    const created = await createAdminKey(trx, { name: 'bootstrap', key: input.adminKey });
    adminKey = input.adminKey === undefined ? { kind: 'generated', key: created.key } : { kind: 'from-env' };
  } else {
    adminKey = await existingAdminKey(trx, input.adminKey);
  }

  const marketplace =
    (await findMarketplaceBySlug(trx, DEV_MARKETPLACE.slug)) ??
    (await createMarketplace(trx, { slug: DEV_MARKETPLACE.slug, name: DEV_MARKETPLACE.name }));
  const web = await createApplication(trx, { marketplaceSlug: marketplace.slug, kind: 'marketplace', name: 'Dev web app' });
  const ops = await createApplication(trx, { marketplaceSlug: marketplace.slug, kind: 'integration', name: 'Dev integration' });
  const record: BootstrapRecord = {
    marketplaceSlug: marketplace.slug,
    marketplaceClientId: web.application.clientId,
    integrationClientId: ops.application.clientId,
    createdAt: new Date().toISOString(),
  };
  await updateSetting(trx, BOOTSTRAP_SETTING, record);
  return {
    firstStart: true,
    adminKey,
    marketplace: { slug: marketplace.slug, name: marketplace.name },
    apps: [
      { kind: 'marketplace', clientId: web.application.clientId, clientSecret: web.clientSecret, revoked: false },
      { kind: 'integration', clientId: ops.application.clientId, clientSecret: ops.clientSecret, revoked: false },
    ],
  };
}

async function existingAdminKey(db: Executor, envKey: string | undefined): Promise<BootstrapAdminKey> {
  const envKeyKnown = envKey === undefined ? undefined : (await findLiveAdminKeyByHash(db, sha256(envKey))) !== undefined;
  return { kind: 'existing', envKeyKnown };
}

async function describeExisting(db: Executor, envKey: string | undefined): Promise<BootstrapResult> {
  const adminKey = await existingAdminKey(db, envKey);
  const record = await findSetting(db, BOOTSTRAP_SETTING);
  if (!isBootstrapRecord(record)) return { firstStart: false, adminKey, marketplace: undefined, apps: [] };
  const marketplace = await findMarketplaceBySlug(db, record.marketplaceSlug);
  const apps: Application[] = marketplace ? await listApplications(db, marketplace.id) : [];
  const describe = (kind: BootstrapApp['kind'], clientId: string): BootstrapApp => {
    const app = apps.find((a) => a.clientId === clientId);
    return { kind, clientId, clientSecret: undefined, revoked: !app || app.revokedAt !== null };
  };
  return {
    firstStart: false,
    adminKey,
    marketplace: marketplace && { slug: marketplace.slug, name: marketplace.name },
    apps: [describe('marketplace', record.marketplaceClientId), describe('integration', record.integrationClientId)],
  };
}
