import { sql, type Kysely } from 'kysely';

/**
 * A transaction's payment lease: a transition that calls a payment provider holds it while the
 * provider calls run (outside any DB transaction, so the row lock cannot cover them). Another
 * transition of the same transaction meanwhile gets 409 `transaction-locked` instead of running
 * its own provider calls against a payment that is changing (an accept capturing while a decline
 * refunds). `payment_lease_transition` lets a retry of the same transition take the lease over:
 * its provider calls reuse the same idempotency keys.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table transactions
      add column payment_lease_id uuid,
      add column payment_lease_transition text,
      add column payment_lease_until timestamptz
  `.execute(db);
}
