import { sql, type Kysely } from 'kysely';

/**
 * Listings. Search columns (the keyword vector, the geo point) are maintained by the listings store
 * in the same statement that writes the listing; indexes for search live here and in search-schema
 * indexes created per schema.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table listings (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      author_id uuid not null references users(id),
      state text not null check (state in ('draft', 'pendingApproval', 'published', 'closed')),
      deleted boolean not null default false,
      title text not null,
      description text,
      lat double precision,
      lng double precision,
      price_amount bigint,
      price_currency text,
      availability_plan jsonb,
      public_data jsonb not null default '{}',
      private_data jsonb not null default '{}',
      metadata jsonb not null default '{}',
      image_ids uuid[] not null default '{}',
      search_vector tsvector not null default ''::tsvector,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((lat is null) = (lng is null)),
      check ((price_amount is null) = (price_currency is null))
    );
    create index listings_author_idx on listings (marketplace_id, author_id, created_at desc);
    create index listings_published_created_idx on listings (marketplace_id, created_at desc) where state = 'published' and not deleted;
    create index listings_published_price_idx on listings (marketplace_id, price_amount) where state = 'published' and not deleted;
    create index listings_search_idx on listings using gin (search_vector);
    create index listings_geo_idx on listings using gist (point(lng, lat)) where lat is not null;
    create index listings_state_created_idx on listings (marketplace_id, state, created_at desc);
  `.execute(db);
}
