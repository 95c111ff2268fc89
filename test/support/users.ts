/**
 * User factory: a user with a known password in the given marketplace (see createTestMarketplace).
 */
import { randomUUID } from 'node:crypto';
import { createUser, type CreateUserInput, type User } from '../../src/domain/users/index.ts';
import type { Db } from '../../src/store/db.ts';

export interface TestUser {
  user: User;
  email: string;
  password: string;
}

/** Creates a user (unique email, random password unless overridden) and returns the credentials too. */
export async function createTestUser(
  db: Db,
  marketplaceId: string,
  overrides: Partial<Omit<CreateUserInput, 'marketplaceId'>> = {},
): Promise<TestUser> {
  const email = overrides.email ?? `user-${randomUUID().slice(0, 12)}@example.com`;
  const password = overrides.password ?? `pw-${randomUUID()}`;
  const user = await db.transaction().execute((trx) =>
    createUser(trx, {
      marketplaceId,
      email,
      password,
      firstName: overrides.firstName ?? 'Test',
      lastName: overrides.lastName ?? 'User',
      ...(overrides.displayName !== undefined ? { displayName: overrides.displayName } : {}),
    }),
  );
  return { user, email, password };
}
