import { badRequest } from '../errors.ts';
import { newId, randomToken } from '../../lib/ids.ts';
import { sha256 } from '../../lib/secrets.ts';
import type { Trx } from '../../store/db.ts';
import { ADMIN_KEY_PREFIX, MIN_ADMIN_KEY_LENGTH, type AdminKey } from './admin.ts';
import { insertAdminKey } from './admin.store.ts';

/**
 * Stores an admin key (the given one, or a new random one) as its SHA-256 and returns the key once.
 * Throws bad-request when a given key is too short.
 */
export async function createAdminKey(
  trx: Trx,
  input: { name: string; key?: string | undefined },
): Promise<{ adminKey: AdminKey; key: string }> {
  if (input.key !== undefined && input.key.length < MIN_ADMIN_KEY_LENGTH) {
    throw badRequest('validation-invalid-value', `An admin key must be at least ${MIN_ADMIN_KEY_LENGTH} characters.`);
  }
  const key = input.key ?? `${ADMIN_KEY_PREFIX}${randomToken(32)}`;
  const adminKey = await insertAdminKey(trx, { id: newId(), name: input.name, keyHash: sha256(key) });
  return { adminKey, key };
}
