/**
 * Shared setup of the transaction and engine tests: a server on a FakeClock with an in-memory
 * mailer, a marketplace with a customer and a provider (verified addresses) and a third user,
 * callers per role (user, trusted user, operator), processes pushed from the shared fixtures or
 * written in a test, listings, the engine's job handlers, and counters to show nothing changed.
 */
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { createMemoryMailer, type OutgoingEmail } from '../../src/domain/email/index.ts';
import { queryEvents, type MarketplaceEvent } from '../../src/domain/events/index.ts';
import { grantToken, identityContextLoader } from '../../src/domain/identity/index.ts';
import { createProcessAlias } from '../../src/domain/processes/index.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { runDueJobs } from '../../src/jobs/worker.ts';
import { processJobHandlers } from '../../src/process-engine/index.ts';
import { pushProcess, readProcessDirectory, type TemplateFiles } from '../../src/process-engine/registry/index.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { anonToken, api, integToken, userToken } from '../listings/helpers.ts';

/** The builders' processes every test loads unchanged. */
export const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures/processes');

export type Caller = ReturnType<typeof api>;

export interface World {
  server: TestServer;
  clock: FakeClock;
  mailer: ReturnType<typeof createMemoryMailer>;
  m: TestMarketplace;
  customer: TestUser;
  provider: TestUser;
  third: TestUser;
  asCustomer: Caller;
  asProvider: Caller;
  asThird: Caller;
  asAnon: Caller;
  asInteg: Caller;
  /** Trusted (token exchange) callers. */
  asTrustedCustomer: Caller;
  asTrustedProvider: Caller;
}

/** A trusted:user token of the user, as `sdk.exchangeToken()` gets it. */
export async function trustedToken(server: TestServer, m: TestMarketplace, u: TestUser): Promise<string> {
  const subjectToken = await userToken(server, m, u);
  const ctx = await identityContextLoader({ db: server.handle.db, config: server.config, clock: server.clock })();
  const result = await server.handle.db.transaction().execute((trx) =>
    grantToken(trx, ctx, { grantType: 'token_exchange', clientId: m.marketplaceApp.clientId, clientSecret: m.marketplaceApp.clientSecret, subjectToken, scope: undefined }),
  );
  if (!result.ok) throw result.error;
  return result.token.accessToken;
}

/** Marks the user's address verified (mail goes only to verified addresses). */
export async function verifyEmailOf(server: TestServer, u: TestUser): Promise<void> {
  await sql`update users set email_verified = true where id = ${u.user.id}`.execute(server.handle.db);
}

/** A server (inject only unless `listen`) on a FakeClock, and a marketplace with three users. */
export async function startWorld(opts: { listen?: boolean; start?: Date } = {}): Promise<World> {
  const clock = new FakeClock(opts.start ?? new Date('2030-03-01T09:00:00.000Z'));
  const mailer = createMemoryMailer();
  const server = await startTestServer({ listen: opts.listen ?? false, clock, mailer });
  const m = await createTestMarketplace(server.handle.db, 'Transactions');
  const customer = await createTestUser(server.handle.db, m.marketplace.id, { firstName: 'Cora', lastName: 'Customer', displayName: 'Cora C' });
  const provider = await createTestUser(server.handle.db, m.marketplace.id, { firstName: 'Pete', lastName: 'Provider', displayName: 'Pete P' });
  const third = await createTestUser(server.handle.db, m.marketplace.id);
  await verifyEmailOf(server, customer);
  await verifyEmailOf(server, provider);
  return { server, clock, mailer, m, customer, provider, third, ...(await callersOf(server, m, { customer, provider, third })) };
}

export type Callers = Pick<World, 'asCustomer' | 'asProvider' | 'asThird' | 'asAnon' | 'asInteg' | 'asTrustedCustomer' | 'asTrustedProvider'>;

/** A caller per role of a world's users (user, trusted, anonymous and Integration tokens). */
export async function callersOf(server: TestServer, m: TestMarketplace, u: { customer: TestUser; provider: TestUser; third: TestUser }): Promise<Callers> {
  return {
    asCustomer: api(server, 'api', await userToken(server, m, u.customer)),
    asProvider: api(server, 'api', await userToken(server, m, u.provider)),
    asThird: api(server, 'api', await userToken(server, m, u.third)),
    asAnon: api(server, 'api', await anonToken(server, m)),
    asInteg: api(server, 'integration_api', await integToken(server, m)),
    asTrustedCustomer: api(server, 'api', await trustedToken(server, m, u.customer)),
    asTrustedProvider: api(server, 'api', await trustedToken(server, m, u.provider)),
  };
}

/** New access tokens for every caller: after moving the clock by days the old ones expired. */
export async function renewTokens(w: World): Promise<void> {
  Object.assign(w, await callersOf(w.server, w.m, w));
}

/** Pushes a process and points `name/alias` at the new version; returns the version. */
export async function pushProcessAs(
  w: Pick<World, 'server' | 'm' | 'clock'>,
  name: string,
  files: { source: string; templates: Record<string, TemplateFiles> },
  alias = 'release-1',
): Promise<number> {
  const db = w.server.handle.db;
  const pushed = await pushProcess(db, { marketplaceId: w.m.marketplace.id, name, source: files.source, templates: files.templates, now: w.clock.now() });
  await db.transaction().execute((trx) => createProcessAlias(trx, { marketplaceId: w.m.marketplace.id, name, alias, version: pushed.version, now: w.clock.now() }));
  return pushed.version;
}

/** Pushes one of the shared fixture processes, unchanged, aliased `<name>/release-1`. */
export const pushFixture = (w: Pick<World, 'server' | 'm' | 'clock'>, name: string): Promise<number> =>
  pushProcessAs(w, name, readProcessDirectory(join(FIXTURES, name)));

/** A trivial template for processes written in tests. */
export const template = (subject: string, html: string): TemplateFiles => ({ subject, html });

/** A published listing of the provider; `stock` sets its stock through compare-and-set. */
export async function createListing(
  w: World,
  opts: { title?: string; price?: { amount: number; currency: string }; seats?: number; stock?: number; author?: Caller; timezone?: string } = {},
): Promise<string> {
  const author = opts.author ?? w.asProvider;
  const res = await author.post('own_listings/create?expand=true', {
    title: opts.title ?? 'Red canoe',
    price: opts.price ?? { amount: 5000, currency: 'EUR' },
    availabilityPlan: {
      type: 'availability-plan/time',
      timezone: opts.timezone ?? 'Etc/UTC',
      entries: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((dayOfWeek) => ({ dayOfWeek, startTime: '00:00', endTime: '00:00', seats: opts.seats ?? 1 })),
    },
  });
  if (res.status !== 200 || !res.body.data) throw new Error(`listing create failed: ${JSON.stringify(res.body)}`);
  const id = res.body.data.id;
  if (opts.stock !== undefined) {
    const set = await author.post('stock/compare_and_set', { listingId: id, oldTotal: null, newTotal: opts.stock });
    if (set.status !== 200) throw new Error(`stock set failed: ${JSON.stringify(set.body)}`);
  }
  return id;
}

/** Runs the jobs due now on the world's clock (the worker loop's work, synchronously). */
export const runJobs = (w: World): Promise<number> =>
  runDueJobs({
    db: w.server.handle.db,
    clock: w.clock,
    handlers: processJobHandlers({ mailer: w.mailer, defaultUrl: 'https://example.test' }),
    marketplaceId: w.m.marketplace.id,
  });

/** The marketplace's events after `afterSequenceId` (all when omitted). */
export const eventsOf = (w: World, afterSequenceId?: number): Promise<MarketplaceEvent[]> =>
  queryEvents(w.server.handle.db, w.m.marketplace.id, { ...(afterSequenceId !== undefined ? { startAfterSequenceId: afterSequenceId } : {}) });

/** The last event's sequence id (0 when none). */
export async function lastSequence(w: World): Promise<number> {
  const { rows } = await sql<{ n: number }>`select coalesce(max(sequence_id), 0)::int as n from events where marketplace_id = ${w.m.marketplace.id}`.execute(w.server.handle.db);
  return rows[0]?.n ?? 0;
}

/** Rows of a table in the world's marketplace (to show a refused command wrote nothing). */
export async function countRows(w: World, table: 'transactions' | 'bookings' | 'stock_reservations' | 'stock_adjustments' | 'reviews' | 'jobs'): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where marketplace_id = ${w.m.marketplace.id}`.execute(w.server.handle.db);
  return rows[0]?.n ?? -1;
}

/** A snapshot of every count a failed command must leave unchanged. */
export async function snapshot(w: World): Promise<Record<string, number>> {
  const tables = ['transactions', 'bookings', 'stock_reservations', 'stock_adjustments', 'reviews', 'jobs'] as const;
  const out: Record<string, number> = { events: await lastSequence(w) };
  for (const t of tables) out[t] = await countRows(w, t);
  return out;
}

/** The mail sent to an address. */
export const mailTo = (w: World, u: TestUser): OutgoingEmail[] => w.mailer.sent.filter((m) => m.to === u.email);
