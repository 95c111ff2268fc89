import { sql, type Kysely } from 'kysely';

/** Identity providers per marketplace (OpenID Connect, Google, Facebook) and users' linked IdP accounts. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table identity_providers (
      marketplace_id uuid not null references marketplaces(id),
      idp_id text not null check (idp_id ~ '^[a-z0-9-]{1,64}$'),
      type text not null check (type in ('oidc', 'google', 'facebook')),
      issuer text,
      jwks_url text,
      client_ids text[] not null check (cardinality(client_ids) > 0),
      -- Facebook's debug_token needs the app secret itself, so it cannot be hashed
      facebook_app_secret text,
      created_at timestamptz not null default now(),
      primary key (marketplace_id, idp_id),
      check (type = 'facebook' or (issuer is not null and jwks_url is not null)),
      check ((type = 'facebook') = (facebook_app_secret is not null))
    );

    -- No foreign key to identity_providers: links survive removing and re-adding a provider.
    create table user_identities (
      marketplace_id uuid not null references marketplaces(id),
      user_id uuid not null references users(id),
      idp_id text not null,
      idp_user_id text not null,
      email text,
      created_at timestamptz not null default now(),
      primary key (marketplace_id, idp_id, idp_user_id)
    );
    create index user_identities_user_idx on user_identities (marketplace_id, user_id);
  `.execute(db);
}
