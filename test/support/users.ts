/** Users for tests, created through the users module (sign-up proper arrives with the users issue). */
import { randomUUID } from 'node:crypto';
import { createUser, type User } from '../../src/domain/users/index.ts';
import type { Db } from '../../src/store/db.ts';

export interface TestUser {
  user: User;
  email: string;
  password: string;
}

/** A user in the marketplace with a random email and a known password. */
export async function createTestUser(
  db: Db,
  marketplaceId: string,
  overrides: { email?: string; password?: string; firstName?: string; lastName?: string } = {},
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
    }),
  );
  return { user, email, password };
}
