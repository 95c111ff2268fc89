/**
 * Overlapping exceptions never slip in side by side (PostgreSQL server only): concurrent creates of
 * overlapping exceptions on one listing serialise on the listing lock; exactly one is stored.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createAvailabilityException,
  findListingExceptions,
} from '../../src/domain/availability/index.ts';
import type { DbHandle } from '../../src/store/db.ts';
import { openTestDb, testDatabaseUrl } from '../support/db.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser } from '../support/users.ts';
import { createPlannedListing, everyDay } from '../bookings/helpers.ts';

const skip = !testDatabaseUrl && 'needs TEST_DATABASE_URL (a PostgreSQL server)';
let handle: DbHandle;
let m: TestMarketplace;

before(async () => {
  if (skip) return;
  handle = await openTestDb({ max: 20 });
  m = await createTestMarketplace(handle.db, 'Exception race');
});
after(async () => {
  if (!skip) await handle.close();
});

test(
  '50 concurrent overlapping exceptions: one stored, the rest 409 availability-exception-overlap',
  { skip },
  async () => {
    const author = await createTestUser(handle.db, m.marketplace.id);
    const listing = await createPlannedListing(handle.db, m, author, everyDay(2));
    const now = new Date('2030-01-01T00:00:00Z');
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        handle.db.transaction().execute((trx) =>
          createAvailabilityException(trx, {
            marketplaceId: m.marketplace.id,
            actor: { kind: 'operator', clientId: m.integrationApp.clientId, requestId: null },
            listingId: listing.id,
            // Each overlaps every other: all contain 2030-02-01T12:00Z.
            start: new Date(Date.UTC(2030, 1, 1, 12) - (i + 1) * 5 * 60_000),
            end: new Date(Date.UTC(2030, 1, 1, 12) + (i + 1) * 5 * 60_000),
            seats: i % 3,
            now,
          }),
        ),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results)
      if (r.status === 'rejected')
        assert.equal((r.reason as { code?: string }).code, 'availability-exception-overlap');
    const stored = await findListingExceptions(handle.db, m.marketplace.id, [listing.id], {
      start: new Date('2030-01-01T00:00:00Z'),
      end: new Date('2030-03-01T00:00:00Z'),
    });
    assert.equal(stored.length, 1);
  },
);
