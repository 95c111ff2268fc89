import { sql, type Kysely } from 'kysely';

/**
 * Capacity: availability exceptions, bookings, stock reservations and the stock ledger.
 *
 * Every write that competes for a listing's capacity (a booking that holds seats, a stock
 * reservation, an adjustment, an exception) first locks the listing's row (`select … for update`)
 * inside its transaction; the checks then read a stable picture. `listings.stock_quantity` is the
 * running total of the ledger, written in the same transaction as each adjustment (null = the
 * listing has no stock defined yet), so search can filter on it with an index.
 *
 * `transaction_id` columns get their foreign keys when the transactions table arrives.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table availability_exceptions (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      listing_id uuid not null references listings(id) on delete cascade,
      start_at timestamptz not null,
      end_at timestamptz not null,
      seats integer not null check (seats >= 0),
      created_at timestamptz not null default now(),
      check (end_at > start_at)
    );
    create index availability_exceptions_listing_idx on availability_exceptions (listing_id, start_at);

    create table bookings (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      listing_id uuid not null references listings(id),
      transaction_id uuid,
      seats integer not null check (seats > 0),
      start_at timestamptz not null,
      end_at timestamptz not null,
      display_start timestamptz not null,
      display_end timestamptz not null,
      state text not null check (state in ('pending', 'proposed', 'accepted', 'declined', 'cancelled')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (end_at > start_at)
    );
    create unique index bookings_transaction_idx on bookings (transaction_id) where transaction_id is not null;
    create index bookings_holding_idx on bookings (listing_id, start_at, end_at) where state in ('pending', 'accepted');
    create index bookings_listing_idx on bookings (listing_id, start_at);

    create table stock_reservations (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      listing_id uuid not null references listings(id),
      transaction_id uuid,
      quantity integer not null check (quantity > 0),
      state text not null check (state in ('pending', 'proposed', 'accepted', 'declined', 'cancelled')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index stock_reservations_transaction_idx on stock_reservations (transaction_id) where transaction_id is not null;
    create index stock_reservations_listing_idx on stock_reservations (listing_id);

    create table stock_adjustments (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      listing_id uuid not null references listings(id),
      reservation_id uuid references stock_reservations(id),
      quantity integer not null,
      at timestamptz not null default now(),
      created_at timestamptz not null default now()
    );
    create index stock_adjustments_listing_idx on stock_adjustments (listing_id, at);
    create index stock_adjustments_reservation_idx on stock_adjustments (reservation_id) where reservation_id is not null;

    alter table listings add column stock_quantity integer;
    create index listings_published_stock_idx on listings (marketplace_id, stock_quantity) where state = 'published' and not deleted;
  `.execute(db);
}
