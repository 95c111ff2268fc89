import { findMarketplaceById, revokeApplication } from '../marketplaces/index.ts';
import { notFound } from '../errors.ts';
import type { Trx } from '../../store/db.ts';
import type { AppListing } from './list-apps.ts';

/**
 * Revokes a client application: its client id stops authenticating. Throws not-found when no
 * live application has this client id (unknown or already revoked).
 */
export async function revokeApp(trx: Trx, input: { clientId: string; at: Date }): Promise<AppListing> {
  const application = await revokeApplication(trx, input.clientId, input.at);
  if (!application) throw notFound(`No active application with client id "${input.clientId}".`);
  const marketplace = await findMarketplaceById(trx, application.marketplaceId);
  return { application, marketplaceSlug: marketplace?.slug ?? '' };
}
