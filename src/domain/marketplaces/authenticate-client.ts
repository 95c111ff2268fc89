import { verifySecret } from '../../lib/secrets.ts';
import type { Executor } from '../../store/db.ts';
import type { Application } from './marketplace.ts';
import { findApplicationByClientId } from './marketplaces.store.ts';

/**
 * Finds the live application with this client id and, when a secret is given, checks it.
 * Returns undefined for an unknown or revoked client or a wrong secret (callers pick the error).
 */
export async function authenticateClient(
  db: Executor,
  clientId: string,
  clientSecret?: string,
): Promise<Application | undefined> {
  const found = await findApplicationByClientId(db, clientId);
  if (!found || found.app.revokedAt) return undefined;
  if (clientSecret !== undefined && !(await verifySecret(clientSecret, found.secretHash))) return undefined;
  return found.app;
}
