import { sql, type Kysely } from 'kysely';

/**
 * One GiST index that answers the marketplace search page's usual query in a single index scan:
 * a map box (`bounds`), usually with `keywords` and a `price` range, over published listings.
 *
 * Before it, such a query was a BitmapAnd of the geo GiST index and the keyword GIN index: the GIN
 * side read every listing containing the word anywhere (a quarter of the table for a common word),
 * and the heap then rechecked each row in the box with the word to apply the price. In one GiST
 * index the box, the word (a tsvector signature), the price and the marketplace are all tested
 * while walking the box's part of the tree, so the heap sees only near-matches (domain 7.3;
 * docs/performance.md T2).
 *
 * `price_amount` and `marketplace_id` need the btree_gist operator classes. btree_gist ships with
 * PostgreSQL's contrib (a "trusted" extension since PostgreSQL 13: the database owner may create
 * it) and with PGlite (loaded in src/store/db.ts). A server without it gets the same index without
 * those two columns; search results are the same either way, only slower.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const available = await sql<{ name: string }>`select name from pg_available_extensions where name = 'btree_gist'`.execute(db);
  if (available.rows.length > 0) {
    await sql`create extension if not exists btree_gist`.execute(db);
    await sql`
      create index listings_published_geo_search_idx on listings
        using gist (point(lng, lat), search_vector, price_amount, marketplace_id)
        where state = 'published' and not deleted and lat is not null
    `.execute(db);
  } else {
    await sql`
      create index listings_published_geo_search_idx on listings
        using gist (point(lng, lat), search_vector)
        where state = 'published' and not deleted and lat is not null
    `.execute(db);
  }
}
