import { sql, type Kysely } from 'kysely';

/**
 * Single-use account tokens sent by email (email verification, password reset), stored as SHA-256
 * hashes; plus the index `users/query` sorts and pages by.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table user_email_tokens (
      token_hash text primary key,
      marketplace_id uuid not null references marketplaces(id),
      user_id uuid not null references users(id),
      purpose text not null check (purpose in ('verify-email', 'reset-password')),
      -- the address the token was mailed to: verifying it proves this address, not another one
      email text not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index user_email_tokens_user_idx on user_email_tokens (marketplace_id, user_id, purpose);
  `.execute(db);
}
