import { sha256 } from '../../lib/secrets.ts';
import type { Trx } from '../../store/db.ts';
import type { IdentityContext } from './identity.ts';
import { findRefreshToken, revokeFamily } from './identity.store.ts';
import { verifyAccessToken } from './verify-access-token.ts';

/**
 * Logout (`POST /revoke`): with a live access token of the same application, revokes the family of
 * the presented refresh token (every token of that login). An unknown refresh token is not an
 * error (RFC 7009 §2.2). Throws unauthorized `auth-invalid-access-token`.
 */
export async function revokeToken(
  trx: Trx,
  ctx: IdentityContext,
  input: { accessToken: string; refreshToken: string },
): Promise<void> {
  const principal = await verifyAccessToken(trx, ctx, input.accessToken);
  const stored = await findRefreshToken(trx, sha256(input.refreshToken), { lock: false });
  if (!stored || stored.family.applicationId !== principal.applicationId) return;
  await revokeFamily(trx, stored.family.id, ctx.clock.now(), 'revoked');
}
