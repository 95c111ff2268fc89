import { issueLoginAsCode } from '../identity/index.ts';
import { findMarketplaceBySlug } from '../marketplaces/index.ts';
import { notFound } from '../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Trx } from '../../store/db.ts';

/**
 * Issues an operator's login-as authorization code for a user of a marketplace (by slug): the
 * operator redirects the browser to `<redirectUri>?code=…` and the front end calls `sdk.loginAs`.
 * Throws not-found (marketplace) plus what issueLoginAsCode throws (bad-request for the client,
 * redirect URI or challenge; not-found user; conflict `user-is-banned`).
 */
export async function issueLoginAs(
  trx: Trx,
  input: { marketplaceSlug: string; userEmail: string; clientId: string; redirectUri: string; codeChallenge: string },
  clock: Clock,
): Promise<{ code: string; expiresAt: Date }> {
  const marketplace = await findMarketplaceBySlug(trx, input.marketplaceSlug);
  if (!marketplace) throw notFound(`No marketplace "${input.marketplaceSlug}".`);
  const { code, expiresAt } = await issueLoginAsCode(
    trx,
    {
      marketplaceId: marketplace.id,
      userEmail: input.userEmail,
      clientId: input.clientId,
      redirectUri: input.redirectUri,
      codeChallenge: input.codeChallenge,
    },
    clock,
  );
  return { code, expiresAt };
}
