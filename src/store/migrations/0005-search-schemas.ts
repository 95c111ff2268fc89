import { sql, type Kysely } from 'kysely';

/**
 * Search schemas (catalogue §1.8, domain §7.2): which top-level extended-data keys of listings,
 * user profiles and transactions are filterable, per marketplace. The expression indexes that back
 * them are created by src/domain/search-schemas when a schema is set, not here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table search_schemas (
      marketplace_id uuid not null references marketplaces(id),
      schema_for text not null check (schema_for in ('listing', 'userProfile', 'transaction')),
      scope text not null check (scope in ('public', 'protected', 'private', 'metadata')),
      key text not null,
      type text not null check (type in ('enum', 'multi-enum', 'boolean', 'long', 'text')),
      -- JSON of the default value; null = no default
      default_value jsonb,
      doc text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (marketplace_id, schema_for, scope, key)
    );
  `.execute(db);
}
