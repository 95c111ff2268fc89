import type { Config } from '../../config.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Executor } from '../../store/db.ts';
import type { IdentityContext } from './identity.ts';
import { TokenSigner } from './token-signer.ts';

/**
 * Returns a loader that builds the identity context (signing key from the database, lifetimes from
 * config) on first call and then reuses it. A failed load is retried on the next call.
 */
export function identityContextLoader(deps: { db: Executor; config: Config; clock: Clock }): () => Promise<IdentityContext> {
  let pending: Promise<IdentityContext> | undefined;
  return () => {
    pending ??= TokenSigner.load(deps.db).then(
      (signer) => ({
        signer,
        clock: deps.clock,
        lifetimes: {
          accessTokenTtlSeconds: deps.config.accessTokenTtlSeconds,
          refreshTokenTtlSeconds: deps.config.refreshTokenTtlSeconds,
          integrationRefreshTokenTtlSeconds: deps.config.integrationRefreshTokenTtlSeconds,
          loginAsTokenTtlSeconds: deps.config.loginAsTokenTtlSeconds,
        },
      }),
      (e: unknown) => {
        pending = undefined;
        throw e;
      },
    );
    return pending;
  };
}
