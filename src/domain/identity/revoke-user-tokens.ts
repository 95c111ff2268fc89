import type { Trx } from '../../store/db.ts';
import type { Clock } from '../../lib/clock.ts';
import { revokeUserFamilies } from './identity.store.ts';

/**
 * Revokes every session of a user (all token families: user, trusted and login-as tokens), e.g.
 * on ban, deletion or password change; their access tokens are refused from the next request.
 * Returns how many families were revoked. Throws nothing.
 */
export async function revokeUserTokens(
  trx: Trx,
  clock: Clock,
  input: { marketplaceId: string; userId: string; reason: string },
): Promise<number> {
  return revokeUserFamilies(trx, input.marketplaceId, input.userId, clock.now(), input.reason);
}
