/**
 * Access tokens for surface tests, issued by the identity domain's token grant on the server's own
 * database and signing key (the same path `/v1/auth/token` takes).
 */
import { grantToken, identityContextLoader } from '../../src/domain/identity/index.ts';
import type { TestServer } from '../support/app.ts';
import type { TestMarketplace } from '../support/factories.ts';

async function clientCredentials(server: TestServer, clientId: string, clientSecret: string | undefined): Promise<string> {
  const ctx = await identityContextLoader({ db: server.handle.db, config: server.config, clock: server.clock })();
  const result = await server.handle.db
    .transaction()
    .execute((trx) => grantToken(trx, ctx, { grantType: 'client_credentials', clientId, clientSecret, scope: undefined }));
  if (!result.ok) throw result.error;
  return result.token.accessToken;
}

/** An `integ` token of the marketplace's Integration API application. */
export const integrationToken = (server: TestServer, m: TestMarketplace): Promise<string> =>
  clientCredentials(server, m.integrationApp.clientId, m.integrationApp.clientSecret);

/** An anonymous `public-read` token of the marketplace's Marketplace API application. */
export const anonymousToken = (server: TestServer, m: TestMarketplace): Promise<string> =>
  clientCredentials(server, m.marketplaceApp.clientId, undefined);

/** Header sets for app.inject. */
export const bearer = (token: string, accept = 'application/json'): Record<string, string> => ({
  authorization: `Bearer ${token}`,
  accept,
});
