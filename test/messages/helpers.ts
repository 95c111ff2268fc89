/** Shared setup of the messages and reviews tests: a marketplace with a customer, a provider, a third user and tokens. */
import { sql } from 'kysely';
import { createTestTransaction } from '../support/transactions.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { anonToken, api, integToken, userToken } from '../listings/helpers.ts';
import type { FakeClock } from '../../src/lib/clock.ts';

export interface World {
  server: TestServer;
  m: TestMarketplace;
  customer: TestUser;
  provider: TestUser;
  third: TestUser;
  asCustomer: ReturnType<typeof api>;
  asProvider: ReturnType<typeof api>;
  asThird: ReturnType<typeof api>;
  asAnon: ReturnType<typeof api>;
  asInteg: ReturnType<typeof api>;
}

/** A server (inject only) and a fresh marketplace with three users and a caller per role. */
export async function startWorld(opts: { clock?: FakeClock } = {}): Promise<World> {
  const server = await startTestServer({ listen: false, ...(opts.clock ? { clock: opts.clock } : {}) });
  const m = await createTestMarketplace(server.handle.db, 'Messages and reviews');
  const customer = await createTestUser(server.handle.db, m.marketplace.id, { firstName: 'Cora', lastName: 'Customer' });
  const provider = await createTestUser(server.handle.db, m.marketplace.id, { firstName: 'Pete', lastName: 'Provider' });
  const third = await createTestUser(server.handle.db, m.marketplace.id);
  return {
    server,
    m,
    customer,
    provider,
    third,
    asCustomer: api(server, 'api', await userToken(server, m, customer)),
    asProvider: api(server, 'api', await userToken(server, m, provider)),
    asThird: api(server, 'api', await userToken(server, m, third)),
    asAnon: api(server, 'api', await anonToken(server, m)),
    asInteg: api(server, 'integration_api', await integToken(server, m)),
  };
}

/** A transaction between the world's customer and provider (on a new or the given listing of the provider). */
export async function newTransaction(w: Pick<World, 'server' | 'm' | 'customer' | 'provider'>, opts: { listingId?: string } = {}): Promise<{ id: string; listingId: string }> {
  const tx = await createTestTransaction(w.server.handle.db, {
    marketplaceId: w.m.marketplace.id,
    customerId: w.customer.user.id,
    providerId: w.provider.user.id,
    ...opts,
  });
  return { id: tx.id, listingId: tx.listingId };
}

/** How many messages the marketplace holds (to show a refused command stored nothing). */
export async function countMessages(w: Pick<World, 'server' | 'm'>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from messages where marketplace_id = ${w.m.marketplace.id}`.execute(w.server.handle.db);
  return rows[0]?.n ?? -1;
}

/** The transaction's last message time as stored (the transactions module's column). */
export async function lastMessageAt(w: Pick<World, 'server'>, transactionId: string): Promise<Date | null> {
  const { rows } = await sql<{ at: Date | null }>`select last_message_at as at from transactions where id = ${transactionId}`.execute(w.server.handle.db);
  return rows[0]?.at ?? null;
}
