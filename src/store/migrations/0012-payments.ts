import { sql, type Kysely } from 'kysely';

/**
 * Payments (domain §2.8, catalogue §3.10): the marketplace's payment provider, users' connected
 * seller accounts and customers, each transaction's payment, and the operation log that makes every
 * provider call idempotent.
 *
 * - `payment_settings`: one row per marketplace that configured payments (no row = provider `none`).
 *   The Stripe keys are sealed (`plain:` or `aes-256-gcm:` prefix, see domain/payments/sealed-secret.ts).
 * - `payment_accounts` / `payment_customers`: the user's connected account (seller) and customer
 *   (buyer) at the provider; one of each per user. `data` keeps the provider's last account object.
 * - `transaction_payments`: the one payment intent of a transaction and where its money went
 *   (captured, refunded, paid out). Webhooks move `status`; `synced_at` orders their updates.
 * - `payment_operations`: the outbox of provider calls. A row is written (and committed) BEFORE the
 *   call with its idempotency key, then completed with the result. A `pending` row is an outcome
 *   not yet known (timeout, crash): the next attempt replays the same request with the same key, so
 *   the provider answers with the original result instead of charging twice.
 * - `payment_webhook_events`: provider event ids already applied (providers deliver at least once).
 * - `test_provider_objects` / `test_provider_requests`: the state of the built-in `test` provider
 *   (Stripe-shaped objects) and its idempotency cache, so it behaves like Stripe's test mode across
 *   requests and restarts.
 *
 * `transaction_id` columns get their foreign keys when the transactions table is settled: the
 * initiating transition calls the provider before its transaction row exists.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table payment_settings (
      marketplace_id uuid primary key references marketplaces(id),
      provider text not null check (provider in ('none', 'test', 'stripe')),
      stripe_secret_key text,
      stripe_webhook_secret text,
      updated_at timestamptz not null default now()
    );

    create table payment_accounts (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      user_id uuid not null references users(id),
      provider text not null check (provider in ('test', 'stripe')),
      account_id text not null,
      charges_enabled boolean not null default false,
      payouts_enabled boolean not null default false,
      data jsonb not null default '{}',
      synced_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index payment_accounts_user_idx on payment_accounts (marketplace_id, user_id);
    create unique index payment_accounts_account_idx on payment_accounts (marketplace_id, provider, account_id);

    create table payment_customers (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      user_id uuid not null references users(id),
      provider text not null check (provider in ('test', 'stripe')),
      customer_id text not null,
      default_payment_method jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index payment_customers_user_idx on payment_customers (marketplace_id, user_id);
    create unique index payment_customers_customer_idx on payment_customers (marketplace_id, provider, customer_id);

    create table transaction_payments (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      transaction_id uuid not null,
      provider text not null check (provider in ('test', 'stripe')),
      intent_id text not null,
      client_secret text not null,
      status text not null,
      capture_method text not null check (capture_method in ('manual', 'automatic')),
      amount bigint not null check (amount > 0),
      currency text not null,
      payout_amount bigint not null check (payout_amount >= 0 and payout_amount <= amount),
      destination_account_id text not null,
      customer_id text,
      payment_method_id text,
      amount_captured bigint not null default 0,
      amount_refunded bigint not null default 0,
      payout_id text,
      payout_status text,
      synced_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index transaction_payments_transaction_idx on transaction_payments (marketplace_id, transaction_id);
    create unique index transaction_payments_intent_idx on transaction_payments (marketplace_id, provider, intent_id);

    create table payment_operations (
      id uuid primary key,
      marketplace_id uuid not null references marketplaces(id),
      subject_id uuid not null,
      action text not null,
      attempt integer not null check (attempt >= 1),
      idempotency_key text not null,
      provider text not null check (provider in ('test', 'stripe')),
      state text not null check (state in ('pending', 'succeeded', 'failed')),
      request jsonb not null,
      result jsonb,
      error jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      completed_at timestamptz
    );
    create unique index payment_operations_key_idx on payment_operations (marketplace_id, idempotency_key);
    create unique index payment_operations_attempt_idx on payment_operations (marketplace_id, subject_id, action, attempt);

    create table payment_webhook_events (
      marketplace_id uuid not null references marketplaces(id),
      event_id text not null,
      type text not null,
      received_at timestamptz not null default now(),
      primary key (marketplace_id, event_id)
    );

    create table test_provider_objects (
      marketplace_id uuid not null references marketplaces(id),
      id text not null,
      object text not null,
      data jsonb not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (marketplace_id, id)
    );

    create table test_provider_requests (
      marketplace_id uuid not null references marketplaces(id),
      idempotency_key text not null,
      fingerprint text not null,
      response jsonb not null,
      created_at timestamptz not null default now(),
      primary key (marketplace_id, idempotency_key)
    );
  `.execute(db);
}
