import { findMarketplaceBySlug, updateMarketplaceSettings } from '../marketplaces/index.ts';
import { notFound } from '../errors.ts';
import type { Executor, Trx } from '../../store/db.ts';
import { accessSettingsOf, type AccessSettingName, type AccessSettings } from './access.ts';

/** Settings to change; absent ones keep their value. */
export type AccessSettingsChange = Partial<Record<AccessSettingName, boolean>>;

/** A marketplace's access-control settings, by slug. Throws not-found. */
export async function showAccessSettings(db: Executor, input: { marketplaceSlug: string }): Promise<AccessSettings> {
  const marketplace = await findMarketplaceBySlug(db, input.marketplaceSlug);
  if (!marketplace) throw notFound(`No marketplace "${input.marketplaceSlug}".`);
  return accessSettingsOf(marketplace.settings);
}

/**
 * Changes a marketplace's access-control settings (operators: `bazaar marketplace config`) and
 * returns them all. Other settings are kept. Existing users keep their state and permissions:
 * the toggles decide which user-level values count (see effectivePermissions). Throws not-found.
 */
export async function configureAccessSettings(trx: Trx, input: { marketplaceSlug: string; changes: AccessSettingsChange }): Promise<AccessSettings> {
  // Locked: two operators changing different settings at once must not undo each other.
  const marketplace = await findMarketplaceBySlug(trx, input.marketplaceSlug, { forUpdate: true });
  if (!marketplace) throw notFound(`No marketplace "${input.marketplaceSlug}".`);
  const updated = await updateMarketplaceSettings(trx, marketplace.id, { ...marketplace.settings, ...input.changes });
  if (!updated) throw notFound(`No marketplace "${input.marketplaceSlug}".`);
  return accessSettingsOf(updated.settings);
}
