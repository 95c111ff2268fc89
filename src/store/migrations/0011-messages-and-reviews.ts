import { sql, type Kysely } from 'kysely';

/**
 * Messages and reviews (domain §6): both hang off a transaction.
 *
 * Messages are sent by either party at any time; queries read one transaction's messages newest
 * first, hence the (transaction, created_at desc, seq desc) index. `seq` (insertion order) breaks
 * ties between rows created at the same instant, so "newest first" is stable across pages.
 *
 * Reviews are written by the review actions of a process: one per author per transaction (the
 * unique index backs the 409 `transaction-already-reviewed-by-*` check even under concurrent
 * transitions); `ofProvider` reviews (customer → provider) carry the listing, `ofCustomer` ones do
 * not. Public queries filter by listing or subject, newest first, public ones only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table messages (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      transaction_id uuid not null references transactions(id),
      sender_id uuid not null references users(id),
      content text not null,
      deleted boolean not null default false,
      created_at timestamptz not null default now(),
      seq bigint generated always as identity
    );
    create index messages_transaction_idx on messages (transaction_id, created_at desc, seq desc);

    create table reviews (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      transaction_id uuid not null references transactions(id),
      listing_id uuid references listings(id),
      author_id uuid not null references users(id),
      subject_id uuid not null references users(id),
      type text not null check (type in ('ofProvider', 'ofCustomer')),
      state text not null check (state in ('pending', 'public')),
      rating integer not null check (rating between 1 and 5),
      content text not null,
      deleted boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      seq bigint generated always as identity,
      check ((type = 'ofProvider') = (listing_id is not null))
    );
    create unique index reviews_transaction_author_idx on reviews (transaction_id, author_id);
    create index reviews_listing_idx on reviews (marketplace_id, listing_id, created_at desc, seq desc) where listing_id is not null and not deleted;
    create index reviews_subject_idx on reviews (marketplace_id, subject_id, created_at desc, seq desc) where not deleted;
  `.execute(db);
}
