/**
 * The database tests run on: embedded PGlite in memory by default, a PostgreSQL server when
 * TEST_DATABASE_URL is set (CI does both). Tests never wipe tables: factories create a fresh
 * marketplace per test, so files run in parallel against one server database.
 */
import { connectPostgres, openPglite, type DbHandle } from '../../src/store/db.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

/** Opens and migrates the test database. Close it when the test file ends. */
export async function openTestDb(opts: { max?: number } = {}): Promise<DbHandle> {
  const handle = testDatabaseUrl ? connectPostgres(testDatabaseUrl, opts) : await openPglite(undefined);
  await migrateToLatest(handle.db);
  return handle;
}
