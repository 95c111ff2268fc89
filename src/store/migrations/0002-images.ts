import { sql, type Kysely } from 'kysely';

/** Uploaded images: the original's blob and size, and the random keys of its public variant URLs. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table images (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      -- the uploading user (Marketplace API); null for Integration API uploads
      owner_user_id uuid references users(id),
      application_id uuid not null references applications(id),
      original_key text not null,
      content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp', 'image/gif')),
      width integer not null check (width > 0),
      height integer not null check (height > 0),
      byte_size integer not null check (byte_size > 0),
      has_alpha boolean not null,
      -- public, random, in every variant URL; unrelated to id so URLs cannot be derived from ids
      url_key text not null unique,
      -- secret: signs each variant spec in a URL, so only handed-out variants can be rendered
      signing_key text not null,
      created_at timestamptz not null default now()
    );
    create index images_owner_idx on images (marketplace_id, owner_user_id);
  `.execute(db);
}
