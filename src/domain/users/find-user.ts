import type { Executor } from '../../store/db.ts';
import type { User } from './user.ts';
import { findUserRowByEmail } from './users.store.ts';

/** The live (not deleted) user with this email in the marketplace, case-insensitively, or undefined. Throws nothing. */
export async function findUserByEmail(db: Executor, marketplaceId: string, email: string): Promise<User | undefined> {
  return (await findUserRowByEmail(db, marketplaceId, email.trim()))?.user;
}
