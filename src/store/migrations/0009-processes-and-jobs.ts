import { sql, type Kysely } from 'kysely';

/**
 * Transaction process versions and aliases (domain §1.9), and the jobs table the worker loop runs.
 *
 * - `process_versions`: one row per pushed version of a named process in a marketplace, numbered
 *   1, 2, … per name. Rows are immutable: a transaction binds to (name, version) for its whole life,
 *   so a version is never edited or deleted. `source` is the process.edn text exactly as pushed;
 *   `templates` maps template name → {subject, html, text?}; `checksum` (SHA-256 over both) lets a
 *   push of unchanged content create no version.
 * - `process_aliases`: `NAME/ALIAS` → version; the foreign key keeps an alias on an existing version.
 * - `jobs`: delayed work (timers, notifications). `key` is unique among pending jobs of a
 *   marketplace, for dedupe and for cancelling by prefix (every timer of one transaction). It is
 *   `collate "C"` so the unique index also serves `key like 'prefix%'`. Workers claim due rows with
 *   `for update skip locked` on the partial `run_at` index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table process_versions (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      name text not null,
      version integer not null check (version > 0),
      source text not null,
      templates jsonb not null,
      checksum text not null,
      created_at timestamptz not null default now(),
      unique (marketplace_id, name, version)
    );

    create table process_aliases (
      marketplace_id uuid not null,
      name text not null,
      alias text not null,
      version integer not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (marketplace_id, name, alias),
      foreign key (marketplace_id, name, version) references process_versions (marketplace_id, name, version)
    );

    create table jobs (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      kind text not null,
      key text collate "C" not null,
      payload jsonb not null default '{}'::jsonb,
      run_at timestamptz not null,
      state text not null default 'pending' check (state in ('pending', 'done', 'failed', 'cancelled')),
      attempts integer not null default 0 check (attempts >= 0),
      last_error text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index jobs_pending_key_idx on jobs (marketplace_id, key) where state = 'pending';
    create index jobs_due_idx on jobs (run_at) where state = 'pending';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table jobs;
    drop table process_aliases;
    drop table process_versions;
  `.execute(db);
}
