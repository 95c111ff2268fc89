/**
 * Shared setup of the stock tests: a server on a fixed clock, users and callers, listings, a
 * runner for the reservation primitives, and the ground truth read straight from the tables
 * (independent of the stock module: the sum of the ledger and the listing's stored total).
 */
import { sql } from 'kysely';
import { appendEvents, type PendingEvent } from '../../src/domain/events/index.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import type { Db, Executor, Trx } from '../../src/store/db.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { anonToken, api, integToken, userToken } from '../listings/helpers.ts';

/** Monday 7 January 2030, 12:00 UTC: every test's "now". */
export const NOW = new Date('2030-01-07T12:00:00Z');

export type Caller = ReturnType<typeof api>;

export interface StockWorld {
  server: TestServer;
  clock: FakeClock;
  m: TestMarketplace;
  alice: TestUser;
  bob: TestUser;
  asAlice: Caller;
  asBob: Caller;
  asAnon: Caller;
  asInteg: Caller;
}

/** A server (inject only unless `listen`), a marketplace, Alice (author), Bob, and callers. */
export async function stockWorld(opts: { listen?: boolean } = {}): Promise<StockWorld> {
  const clock = new FakeClock(NOW);
  const server = await startTestServer({ listen: opts.listen ?? false, clock });
  const m = await createTestMarketplace(server.handle.db, 'Stock');
  const alice = await createTestUser(server.handle.db, m.marketplace.id);
  const bob = await createTestUser(server.handle.db, m.marketplace.id);
  return {
    server,
    clock,
    m,
    alice,
    bob,
    asAlice: api(server, 'api', await userToken(server, m, alice)),
    asBob: api(server, 'api', await userToken(server, m, bob)),
    asAnon: api(server, 'api', await anonToken(server, m)),
    asInteg: api(server, 'integration_api', await integToken(server, m)),
  };
}

/** Creates a listing as the caller (`own_listings/create`, or `create_draft`) and returns its id. */
export async function createListing(
  caller: Caller,
  opts: { draft?: boolean; title?: string } = {},
): Promise<string> {
  const res = await caller.post(`own_listings/${opts.draft ? 'create_draft' : 'create'}`, {
    title: opts.title ?? 'Teapot',
  });
  if (res.status !== 200 || !res.body.data)
    throw new Error(`listing create failed: ${JSON.stringify(res.body)}`);
  return res.body.data.id;
}

/** What the tables say about a listing's stock: the stored total, the ledger's sum and entries. */
export async function ledgerOf(
  db: Executor,
  listingId: string,
): Promise<{
  total: number | null;
  sum: number;
  entries: { quantity: number; reservationId: string | null }[];
}> {
  const listing = await sql<{
    stock_quantity: number | null;
  }>`select stock_quantity from listings where id = ${listingId}`.execute(db);
  const rows = await sql<{ quantity: number; reservation_id: string | null }>`
    select quantity, reservation_id from stock_adjustments where listing_id = ${listingId} order by at, created_at, id`.execute(
    db,
  );
  const entries = rows.rows.map((r) => ({ quantity: r.quantity, reservationId: r.reservation_id }));
  return {
    total: listing.rows[0]?.stock_quantity ?? null,
    sum: entries.reduce((s, e) => s + e.quantity, 0),
    entries,
  };
}

/** Event types of a marketplace's events about a listing (related resource), in order. */
export async function listingEventTypes(
  db: Executor,
  marketplaceId: string,
  listingId: string,
): Promise<string[]> {
  const rows = await sql<{ event_type: string }>`
    select event_type from events where marketplace_id = ${marketplaceId} and ${listingId} = any(related_resource_ids) order by sequence_id`.execute(
    db,
  );
  return rows.rows.map((r) => r.event_type);
}

/**
 * Runs stock primitives in one DB transaction, as a transition would, and appends the events they
 * pushed last (source/transaction). Returns the primitive's result and the appended event types.
 */
export async function inTransaction<T>(
  db: Db,
  run: (trx: Trx, events: PendingEvent[]) => Promise<T>,
): Promise<{ result: T; eventTypes: string[] }> {
  return db.transaction().execute(async (trx) => {
    const events: PendingEvent[] = [];
    const result = await run(trx, events);
    const appended = await appendEvents(trx, events, {
      source: 'source/transaction',
      auditData: { userId: null, adminId: null, requestId: null, clientId: null },
    });
    return { result, eventTypes: appended.map((e) => e.eventType) };
  });
}

/** `{kind, code}` matcher for assert.rejects. */
export const domainError = (kind: string, code: string) => (e: unknown) => {
  const err = e as { kind?: string; code?: string };
  if (err.kind !== kind || err.code !== code)
    throw new Error(
      `expected ${kind}/${code}, got ${String(err.kind)}/${String(err.code)}: ${String(e)}`,
    );
  return true;
};

/** The query string of a window. */
export const window = (start: string, end: string): string =>
  `start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`;
