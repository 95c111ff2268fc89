import { changeMarketplaceSettings, marketplaceBySlug } from '../marketplaces/index.ts';
import type { Executor, Trx } from '../../store/db.ts';
import { accessSettingsOf, type AccessSettingName, type AccessSettings } from './access.ts';

/** Settings to change; absent ones keep their value. */
export type AccessSettingsChange = Partial<Record<AccessSettingName, boolean>>;

/** A marketplace's access-control settings, by slug. Throws not-found. */
export async function showAccessSettings(db: Executor, input: { marketplaceSlug: string }): Promise<AccessSettings> {
  return accessSettingsOf((await marketplaceBySlug(db, input.marketplaceSlug)).settings);
}

/**
 * Changes a marketplace's access-control settings (operators: `bazaar marketplace config`) and
 * returns them all. Other settings are kept. Existing users keep their state and permissions:
 * the toggles decide which user-level values count (see effectivePermissions). Throws not-found.
 */
export async function configureAccessSettings(trx: Trx, input: { marketplaceSlug: string; changes: AccessSettingsChange }): Promise<AccessSettings> {
  const updated = await changeMarketplaceSettings(trx, input.marketplaceSlug, (settings) => ({ ...settings, ...input.changes }));
  return accessSettingsOf(updated.settings);
}
