import { Migrator, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Db } from './db.ts';
import { migrations } from './migrations/index.ts';

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  // Modules add migrations in parallel branches; each touches only its own tables, so one that lands
  // with a lower number than an applied one is still applied rather than refused.
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'bazaar_migrations',
    migrationLockTableName: 'bazaar_migrations_lock',
    allowUnorderedMigrations: true,
  });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
