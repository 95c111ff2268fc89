import { sha256 } from '../../lib/secrets.ts';
import type { Executor } from '../../store/db.ts';
import type { AdminKey } from './admin.ts';
import { findLiveAdminKeyByHash } from './admin.store.ts';

/**
 * Resolves an admin key to its live record by hash lookup (no comparison of secrets in memory).
 * Returns undefined for an unknown or revoked key; callers answer 401.
 */
export async function authenticateAdminKey(db: Executor, key: string): Promise<AdminKey | undefined> {
  if (key.length === 0 || key.length > 512) return undefined;
  return findLiveAdminKeyByHash(db, sha256(key));
}
