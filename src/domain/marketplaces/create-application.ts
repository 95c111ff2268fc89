import { badRequest, notFound } from '../errors.ts';
import { newId, randomToken } from '../../lib/ids.ts';
import { hashSecret } from '../../lib/secrets.ts';
import type { Trx } from '../../store/db.ts';
import type { Application, ApplicationKind } from './marketplace.ts';
import { findMarketplaceBySlug, insertApplication } from './marketplaces.store.ts';

/**
 * Creates a client application in a marketplace. The client secret is returned once and stored
 * only as a scrypt hash. Throws not-found (marketplace) or bad-request.
 */
export async function createApplication(
  trx: Trx,
  input: { marketplaceSlug: string; kind: ApplicationKind; name: string },
): Promise<{ application: Application; clientSecret: string }> {
  const marketplace = await findMarketplaceBySlug(trx, input.marketplaceSlug);
  if (!marketplace) throw notFound(`No marketplace "${input.marketplaceSlug}".`);
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) throw badRequest('validation-invalid-value', 'name must be 1–200 characters.');
  const clientSecret = randomToken(32);
  const application = await insertApplication(trx, {
    id: newId(),
    marketplaceId: marketplace.id,
    clientId: newId(),
    secretHash: await hashSecret(clientSecret),
    kind: input.kind,
    name,
  });
  return { application, clientSecret };
}
