/** Shared setup of the availability tests: a server on a fixed clock, users, tokens, listings. */
import { FakeClock } from '../../src/lib/clock.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { anonToken, api, integToken, userToken } from '../listings/helpers.ts';

/** Monday 7 January 2030, 12:00 UTC: every test's "now". */
export const NOW = new Date('2030-01-07T12:00:00Z');

export interface AvailabilityWorld {
  server: TestServer;
  m: TestMarketplace;
  alice: TestUser;
  bob: TestUser;
  asAlice: ReturnType<typeof api>;
  asBob: ReturnType<typeof api>;
  asAnon: ReturnType<typeof api>;
  asInteg: ReturnType<typeof api>;
}

/** A server (inject only unless `listen`), a marketplace, Alice (author), Bob, and callers. */
export async function availabilityWorld(
  opts: { listen?: boolean } = {},
): Promise<AvailabilityWorld> {
  const server = await startTestServer({ listen: opts.listen ?? false, clock: new FakeClock(NOW) });
  const m = await createTestMarketplace(server.handle.db, 'Availability');
  const alice = await createTestUser(server.handle.db, m.marketplace.id);
  const bob = await createTestUser(server.handle.db, m.marketplace.id);
  return {
    server,
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
  caller: ReturnType<typeof api>,
  availabilityPlan: unknown,
  opts: { draft?: boolean } = {},
): Promise<string> {
  const res = await caller.post(`own_listings/${opts.draft ? 'create_draft' : 'create'}`, {
    title: 'Sauna',
    availabilityPlan,
  });
  if (res.status !== 200 || !res.body.data)
    throw new Error(`listing create failed: ${JSON.stringify(res.body)}`);
  return res.body.data.id;
}

/** A time plan in UTC with 1 seat 09:00–17:00 every day. */
export const weekdaysPlan = {
  type: 'availability-plan/time',
  timezone: 'Etc/UTC',
  entries: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((dayOfWeek) => ({
    dayOfWeek,
    seats: 1,
    startTime: '09:00',
    endTime: '17:00',
  })),
};
