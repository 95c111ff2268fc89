import { verifySecret } from '../../lib/secrets.ts';
import type { Executor } from '../../store/db.ts';
import type { User } from './user.ts';
import { findUserRowByEmail } from './users.store.ts';

/**
 * A well-formed scrypt hash of nothing in particular: verified against when the user does not
 * exist (or has no password), so a miss costs as much time as a wrong password.
 */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Returns the live user with this email and password, or undefined (unknown email, no password, wrong password). Throws nothing. */
export async function verifyUserPassword(
  db: Executor,
  marketplaceId: string,
  email: string,
  password: string,
): Promise<User | undefined> {
  const found = await findUserRowByEmail(db, marketplaceId, email.trim());
  const hash = found?.passwordHash ?? DUMMY_HASH;
  const ok = await verifySecret(password, hash);
  return ok && found?.passwordHash ? found.user : undefined;
}
