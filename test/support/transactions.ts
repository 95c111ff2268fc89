/**
 * Transaction factory for tests of modules that hang off a transaction (messages, reviews, …):
 * inserts a row directly, in the state asked for, without running a process. Creates the missing
 * parents too: a published listing of the provider and a one-transition process version.
 * Tests of the engine itself initiate transactions through the runner instead.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../src/store/db.ts';

export interface TestTransactionInput {
  marketplaceId: string;
  customerId: string;
  providerId: string;
  /** A listing of the provider; created (published) when absent. */
  listingId?: string;
  /** Default `test-process` (version 1 is created when missing). */
  processName?: string;
  /** Default `state/inquiry`. */
  state?: string;
  /** Default `transition/inquire`. */
  lastTransition?: string;
  protectedData?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  createdAt?: Date;
}

export interface TestTransaction {
  id: string;
  marketplaceId: string;
  listingId: string;
  customerId: string;
  providerId: string;
  processName: string;
  state: string;
}

const TEST_PROCESS_EDN = `{:format :v3
 :transitions [{:name :transition/inquire :actor :actor.role/customer :actions [] :to :state/inquiry}]}`;

/** Inserts a transaction between the two users (and its missing listing and process version). */
export async function createTestTransaction(db: Db, input: TestTransactionInput): Promise<TestTransaction> {
  const processName = input.processName ?? 'test-process';
  const state = input.state ?? 'state/inquiry';
  const lastTransition = input.lastTransition ?? 'transition/inquire';
  const at = input.createdAt ?? new Date();
  const id = randomUUID();
  return db.transaction().execute(async (trx) => {
    let listingId = input.listingId;
    if (listingId === undefined) {
      listingId = randomUUID();
      await sql`insert into listings (id, marketplace_id, author_id, state, title)
        values (${listingId}, ${input.marketplaceId}, ${input.providerId}, 'published', 'Test listing')`.execute(trx);
    }
    await sql`insert into process_versions (id, marketplace_id, name, version, source, templates, checksum)
      values (${randomUUID()}, ${input.marketplaceId}, ${processName}, 1, ${TEST_PROCESS_EDN}, '{}'::jsonb, 'test-factory')
      on conflict (marketplace_id, name, version) do nothing`.execute(trx);
    const transitions = JSON.stringify([{ transition: lastTransition, createdAt: at.toISOString(), by: 'customer' }]);
    await sql`insert into transactions (id, marketplace_id, process_name, process_version, listing_id, customer_id, provider_id,
        state, last_transition, last_transitioned_at, transitions, protected_data, metadata, created_at, updated_at)
      values (${id}, ${input.marketplaceId}, ${processName}, 1, ${listingId}, ${input.customerId}, ${input.providerId},
        ${state}, ${lastTransition}, ${at}, ${transitions}::jsonb, ${JSON.stringify(input.protectedData ?? {})}::jsonb,
        ${JSON.stringify(input.metadata ?? {})}::jsonb, ${at}, ${at})`.execute(trx);
    return { id, marketplaceId: input.marketplaceId, listingId, customerId: input.customerId, providerId: input.providerId, processName, state };
  });
}
