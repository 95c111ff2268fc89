import type { Selectable } from 'kysely';
import type { Executor } from '../../store/db.ts';
import type { UsersTable } from '../../store/tables/identity.ts';
import type { User } from './user.ts';

const toUser = (row: Selectable<UsersTable>): User => ({
  id: row.id,
  marketplaceId: row.marketplace_id,
  email: row.email,
  emailVerified: row.email_verified,
  state: row.state,
  firstName: row.first_name,
  lastName: row.last_name,
  displayName: row.display_name,
  createdAt: row.created_at,
});

export async function insertUser(
  db: Executor,
  u: {
    id: string;
    marketplaceId: string;
    email: string;
    passwordHash: string | null;
    firstName: string;
    lastName: string;
    displayName: string;
  },
): Promise<User> {
  const row = await db
    .insertInto('users')
    .values({
      id: u.id,
      marketplace_id: u.marketplaceId,
      email: u.email,
      password_hash: u.passwordHash,
      state: 'active',
      pending_email: null,
      first_name: u.firstName,
      last_name: u.lastName,
      display_name: u.displayName,
      bio: null,
      public_data: '{}',
      protected_data: '{}',
      private_data: '{}',
      metadata: '{}',
      permissions: '{}',
      profile_image_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUser(row);
}

/** A live (not deleted) user by email, case-insensitively (uses users_email_idx). */
export async function findUserRowByEmail(
  db: Executor,
  marketplaceId: string,
  email: string,
): Promise<{ user: User; passwordHash: string | null } | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .where('deleted', '=', false)
    .executeTakeFirst();
  return row && { user: toUser(row), passwordHash: row.password_hash };
}

/** A live (not deleted) user by id within a marketplace. */
export async function findUserById(db: Executor, marketplaceId: string, id: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('id', '=', id)
    .where('deleted', '=', false)
    .executeTakeFirst();
  return row && toUser(row);
}
