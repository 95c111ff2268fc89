import { sql, type Kysely } from 'kysely';

/** Marketplaces, applications, admin keys, users, tokens, the event log and hosted assets. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table instance_settings (
      key text primary key,
      value jsonb not null,
      created_at timestamptz not null default now()
    );
    create table admin_keys (
      id uuid primary key,
      name text not null,
      key_hash text not null unique,
      revoked_at timestamptz,
      created_at timestamptz not null default now()
    );
    create table marketplaces (
      id uuid primary key,
      slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
      name text not null,
      description text,
      settings jsonb not null default '{}',
      created_at timestamptz not null default now()
    );
    create table applications (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      client_id text not null unique,
      client_secret_hash text not null,
      kind text not null check (kind in ('marketplace', 'integration')),
      name text not null,
      revoked_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index applications_marketplace_idx on applications (marketplace_id);

    create table users (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      email text not null,
      password_hash text,
      state text not null default 'active' check (state in ('active', 'pendingApproval', 'banned')),
      email_verified boolean not null default false,
      pending_email text,
      first_name text not null default '',
      last_name text not null default '',
      display_name text not null default '',
      bio text,
      public_data jsonb not null default '{}',
      protected_data jsonb not null default '{}',
      private_data jsonb not null default '{}',
      metadata jsonb not null default '{}',
      permissions jsonb not null default '{}',
      profile_image_id uuid,
      deleted boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index users_email_idx on users (marketplace_id, lower(email)) where not deleted;
    create index users_created_idx on users (marketplace_id, created_at);

    create table token_families (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      application_id uuid not null references applications(id),
      user_id uuid references users(id),
      scope text not null,
      revoked_at timestamptz,
      revoked_reason text,
      created_at timestamptz not null default now()
    );
    create index token_families_user_idx on token_families (user_id);
    create table refresh_tokens (
      token_hash text primary key,
      family_id uuid not null references token_families(id),
      marketplace_id uuid not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index refresh_tokens_family_idx on refresh_tokens (family_id);
    create table auth_codes (
      code_hash text primary key,
      marketplace_id uuid not null,
      application_id uuid not null references applications(id),
      user_id uuid not null references users(id),
      redirect_uri text not null,
      code_challenge text not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    );

    create table event_counters (
      marketplace_id uuid primary key references marketplaces(id),
      last_sequence_id bigint not null default 0
    );
    create table events (
      marketplace_id uuid not null references marketplaces(id),
      sequence_id bigint not null,
      id uuid not null unique,
      event_type text not null,
      resource_type text not null,
      resource_id uuid not null,
      related_resource_ids uuid[] not null default '{}',
      resource jsonb,
      previous_values jsonb,
      source text not null,
      audit_data jsonb,
      created_at timestamptz not null default now(),
      primary key (marketplace_id, sequence_id)
    );
    create index events_resource_idx on events (marketplace_id, resource_id, sequence_id);
    create index events_related_idx on events using gin (related_resource_ids);
    create index events_created_idx on events (marketplace_id, created_at);

    create table asset_versions (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      version text not null,
      created_at timestamptz not null default now(),
      unique (marketplace_id, version)
    );
    create table assets (
      version_id uuid not null references asset_versions(id),
      marketplace_id uuid not null,
      path text not null,
      content jsonb not null,
      etag text not null,
      primary key (version_id, path)
    );
    create table asset_aliases (
      marketplace_id uuid not null references marketplaces(id),
      alias text not null,
      version_id uuid not null references asset_versions(id),
      updated_at timestamptz not null default now(),
      primary key (marketplace_id, alias)
    );
  `.execute(db);
}
