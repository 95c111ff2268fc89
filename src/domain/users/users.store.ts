/** The only code that touches the users and user_email_tokens tables. */
import { sql, type Expression, type Selectable, type SqlBool } from 'kysely';
import type { Executor, Trx } from '../../store/db.ts';
import type { UsersTable } from '../../store/tables/identity.ts';
import type { UserEmailTokenPurpose } from '../../store/tables/users.ts';
import { toPermissions, type ExtendedData, type User, type UserPermissions } from './user.ts';

const objectOf = (value: unknown): ExtendedData => {
  // jsonb columns hold the objects we wrote; anything else reads as empty.
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out: ExtendedData = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
  }
  return out;
};

/** A user from its row (also used by batched reads elsewhere, e.g. a listing page's includes). */
export const toUser = (row: Selectable<UsersTable>): User => ({
  id: row.id,
  marketplaceId: row.marketplace_id,
  email: row.email,
  emailVerified: row.email_verified,
  pendingEmail: row.pending_email,
  state: row.state,
  deleted: row.deleted,
  firstName: row.first_name,
  lastName: row.last_name,
  displayName: row.display_name,
  bio: row.bio,
  publicData: objectOf(row.public_data),
  protectedData: objectOf(row.protected_data),
  privateData: objectOf(row.private_data),
  metadata: objectOf(row.metadata),
  permissions: toPermissions(row.permissions),
  profileImageId: row.profile_image_id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const json = (value: unknown): string => JSON.stringify(value);

export async function insertUser(
  db: Executor,
  u: Pick<
    User,
    | 'id'
    | 'marketplaceId'
    | 'email'
    | 'emailVerified'
    | 'state'
    | 'firstName'
    | 'lastName'
    | 'displayName'
    | 'bio'
    | 'publicData'
    | 'protectedData'
    | 'privateData'
    | 'profileImageId'
  > & { passwordHash: string | null; createdAt?: Date; permissions?: Partial<UserPermissions> },
): Promise<User> {
  const row = await db
    .insertInto('users')
    .values({
      id: u.id,
      marketplace_id: u.marketplaceId,
      email: u.email,
      password_hash: u.passwordHash,
      state: u.state,
      email_verified: u.emailVerified,
      pending_email: null,
      first_name: u.firstName,
      last_name: u.lastName,
      display_name: u.displayName,
      bio: u.bio,
      public_data: json(u.publicData),
      protected_data: json(u.protectedData),
      private_data: json(u.privateData),
      metadata: '{}',
      permissions: json(u.permissions ?? {}),
      profile_image_id: u.profileImageId,
      ...(u.createdAt ? { created_at: u.createdAt, updated_at: u.createdAt } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUser(row);
}

/** Writes every mutable column of `u` (and its password hash when given). */
export async function saveUser(trx: Trx, u: User, passwordHash?: string | null): Promise<User> {
  const row = await trx
    .updateTable('users')
    .set({
      email: u.email,
      email_verified: u.emailVerified,
      pending_email: u.pendingEmail,
      state: u.state,
      deleted: u.deleted,
      first_name: u.firstName,
      last_name: u.lastName,
      display_name: u.displayName,
      bio: u.bio,
      public_data: json(u.publicData),
      protected_data: json(u.protectedData),
      private_data: json(u.privateData),
      metadata: json(u.metadata),
      permissions: json(u.permissions),
      profile_image_id: u.profileImageId,
      updated_at: u.updatedAt,
      ...(passwordHash !== undefined ? { password_hash: passwordHash } : {}),
    })
    .where('marketplace_id', '=', u.marketplaceId)
    .where('id', '=', u.id)
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

/** Users by id, deleted ones included (their public trace is `deleted: true`), in no particular order. */
export async function findUsersByIds(db: Executor, marketplaceId: string, ids: readonly string[]): Promise<User[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('users').selectAll().where('marketplace_id', '=', marketplaceId).where('id', 'in', [...new Set(ids)]).execute();
  return rows.map(toUser);
}

/** A user row with its password hash, locked for update; deleted users included. */
export async function lockUserRow(trx: Trx, marketplaceId: string, id: string): Promise<{ user: User; passwordHash: string | null } | undefined> {
  const row = await trx.selectFrom('users').selectAll().where('marketplace_id', '=', marketplaceId).where('id', '=', id).forUpdate().executeTakeFirst();
  return row && { user: toUser(row), passwordHash: row.password_hash };
}

/** Whether another live user has this address (as email or waiting to verify it). */
export async function emailInUse(db: Executor, marketplaceId: string, email: string, exceptUserId: string): Promise<boolean> {
  const lower = email.toLowerCase();
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('marketplace_id', '=', marketplaceId)
    .where('deleted', '=', false)
    .where('id', '!=', exceptUserId)
    .where((eb) => eb.or([eb(eb.fn('lower', ['email']), '=', lower), eb(eb.fn('lower', ['pending_email']), '=', lower)]))
    .executeTakeFirst();
  return row !== undefined;
}

export interface UserQuery {
  marketplaceId: string;
  createdAtStart: Date | undefined;
  createdAtEnd: Date | undefined;
  /** Compiled extended-data filters over `users` (search-schemas module). */
  extendedData: Expression<SqlBool>;
  direction: 'asc' | 'desc';
  page: number;
  perPage: number;
}

/** Live users by creation time (end exclusive), newest first unless `asc`, with the total count. */
export async function selectUsers(db: Executor, q: UserQuery): Promise<{ users: User[]; totalItems: number }> {
  let base = db.selectFrom('users').where('marketplace_id', '=', q.marketplaceId).where('deleted', '=', false);
  if (q.createdAtStart) base = base.where('created_at', '>=', q.createdAtStart);
  if (q.createdAtEnd) base = base.where('created_at', '<', q.createdAtEnd);
  base = base.where(q.extendedData);
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('created_at', q.direction)
      .orderBy('id', q.direction)
      .limit(q.perPage)
      .offset((q.page - 1) * q.perPage)
      .execute(),
    base.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { users: rows.map(toUser), totalItems: Number(count.n) };
}

// ---- email tokens ----

export interface EmailTokenRow {
  userId: string;
  purpose: UserEmailTokenPurpose;
  email: string;
  expiresAt: Date;
  usedAt: Date | null;
}

export async function insertEmailToken(
  trx: Trx,
  t: { tokenHash: string; marketplaceId: string; userId: string; purpose: UserEmailTokenPurpose; email: string; expiresAt: Date; createdAt: Date },
): Promise<void> {
  await trx
    .insertInto('user_email_tokens')
    .values({
      token_hash: t.tokenHash,
      marketplace_id: t.marketplaceId,
      user_id: t.userId,
      purpose: t.purpose,
      email: t.email,
      expires_at: t.expiresAt,
      created_at: t.createdAt,
    })
    .execute();
}

/** A token by hash, locked so two concurrent uses cannot both succeed. */
export async function lockEmailToken(trx: Trx, marketplaceId: string, tokenHash: string): Promise<EmailTokenRow | undefined> {
  const row = await trx
    .selectFrom('user_email_tokens')
    .select(['user_id', 'purpose', 'email', 'expires_at', 'used_at'])
    .where('marketplace_id', '=', marketplaceId)
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
  return row && { userId: row.user_id, purpose: row.purpose, email: row.email, expiresAt: row.expires_at, usedAt: row.used_at };
}

/** Tokens of a purpose that are neither used nor expired at `now`. */
export async function countActiveEmailTokens(trx: Trx, marketplaceId: string, userId: string, purpose: UserEmailTokenPurpose, now: Date): Promise<number> {
  const row = await trx
    .selectFrom('user_email_tokens')
    .select(sql<string>`count(*)`.as('n'))
    .where('marketplace_id', '=', marketplaceId)
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks every unused token of the user (of one purpose, or all) used at `now`. */
export async function useEmailTokens(trx: Trx, marketplaceId: string, userId: string, now: Date, purpose?: UserEmailTokenPurpose): Promise<void> {
  let q = trx
    .updateTable('user_email_tokens')
    .set({ used_at: now })
    .where('marketplace_id', '=', marketplaceId)
    .where('user_id', '=', userId)
    .where('used_at', 'is', null);
  if (purpose) q = q.where('purpose', '=', purpose);
  await q.execute();
}
