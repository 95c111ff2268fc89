import { sql, type Kysely } from 'kysely';

/**
 * Transactions (domain §1.9, §1.12; catalogue §5.8): one row per transaction of a process.
 *
 * - The process is bound by (name, version) at initiation — the version the alias pointed to then —
 *   and never changes (the foreign key keeps the version row alive).
 * - `state` / `last_transition` hold the names exactly as the process spells them
 *   (`state/preauthorized`, `transition/request-payment`), as the API shows them. `transitions` is the history
 *   `[{transition, createdAt, by}]`, which also gives every state-entry time that time expressions
 *   need (`first-entered-state`, `last-entered-state`, `first-transitioned`).
 * - `line_items` is the stored line-item list (jsonb, money in minor units); payin/payout totals are
 *   columns so `hasPayin` and the Integration API can filter on them. Both share the line items'
 *   currency; null until a pricing action ran (inquiries never get totals).
 * - `last_message_at` is set by messages/send, for the `hasMessage` filter and `lastMessageAt` sort.
 *
 * Queries read one party's transactions newest first (`only=order|sale`), or the marketplace's
 * (Integration API), optionally by listing; hence the indexes below.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table transactions (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      process_name text not null,
      process_version integer not null,
      listing_id uuid not null references listings(id),
      customer_id uuid not null references users(id),
      provider_id uuid not null references users(id),
      state text not null,
      last_transition text not null,
      last_transitioned_at timestamptz not null,
      transitions jsonb not null default '[]',
      line_items jsonb not null default '[]',
      payin_total_amount bigint,
      payin_total_currency text,
      payout_total_amount bigint,
      payout_total_currency text,
      protected_data jsonb not null default '{}',
      metadata jsonb not null default '{}',
      last_message_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      foreign key (marketplace_id, process_name, process_version)
        references process_versions (marketplace_id, name, version),
      check ((payin_total_amount is null) = (payin_total_currency is null)),
      check ((payout_total_amount is null) = (payout_total_currency is null))
    );
    create index transactions_created_idx on transactions (marketplace_id, created_at desc);
    create index transactions_customer_idx on transactions (marketplace_id, customer_id, created_at desc);
    create index transactions_provider_idx on transactions (marketplace_id, provider_id, created_at desc);
    create index transactions_listing_idx on transactions (marketplace_id, listing_id, created_at desc);
    create index transactions_transitioned_idx on transactions (marketplace_id, last_transitioned_at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table transactions;`.execute(db);
}
