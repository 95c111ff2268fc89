import type { Trx } from '../../store/db.ts';
import { idpNotFound } from './idp.ts';
import { deleteIdentityProvider } from './idp.store.ts';

/**
 * Removes an identity provider. Users' links to it stay, so re-adding the provider restores their
 * logins. Throws bad-request `idp-not-found`.
 */
export async function removeIdentityProvider(trx: Trx, input: { marketplaceId: string; idpId: string }): Promise<void> {
  if (!(await deleteIdentityProvider(trx, input.marketplaceId, input.idpId))) throw idpNotFound(input.idpId);
}
