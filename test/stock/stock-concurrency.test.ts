/**
 * Stock never oversells under concurrency (PostgreSQL server only: PGlite has one connection).
 * Each attempt is its own DB transaction from a pool of many connections; reservations append their
 * events last, as a transition would. After each race the tables must agree: the ledger's sum equals
 * `listings.stock_quantity`, and no prefix of the ledger (in writing order) is negative.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import {
  createOwnListing,
  findListingsByIds,
  type ListingActor,
} from '../../src/domain/listings/index.ts';
import {
  compareAndSetStock,
  createStockAdjustment,
  createStockReservation,
} from '../../src/domain/stock/index.ts';
import type { DbHandle } from '../../src/store/db.ts';
import { openTestDb, testDatabaseUrl } from '../support/db.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { inTransaction } from './helpers.ts';

const skip = !testDatabaseUrl && 'needs TEST_DATABASE_URL (a PostgreSQL server)';
const ATTEMPTS = 200;
const NOW = new Date('2030-01-07T12:00:00Z');

let handle: DbHandle;
let m: TestMarketplace;
let author: TestUser;
let operator: ListingActor;

before(async () => {
  if (skip) return;
  handle = await openTestDb({ max: 40 });
  m = await createTestMarketplace(handle.db, 'Stock race');
  author = await createTestUser(handle.db, m.marketplace.id);
  operator = { kind: 'operator', clientId: m.integrationApp.clientId, requestId: null };
});
after(async () => {
  if (!skip) await handle.close();
});

/** A published listing with `units` in stock. */
async function listingWithStock(units: number): Promise<string> {
  const listing = await handle.db.transaction().execute((trx) =>
    createOwnListing(trx, {
      marketplaceId: m.marketplace.id,
      actor: {
        kind: 'user',
        userId: author.user.id,
        clientId: m.marketplaceApp.clientId,
        requestId: null,
      },
      draft: false,
      fields: { title: 'Last units' },
      now: NOW,
    }),
  );
  await handle.db
    .transaction()
    .execute((trx) =>
      compareAndSetStock(trx, {
        marketplaceId: m.marketplace.id,
        actor: operator,
        listingId: listing.id,
        oldTotal: null,
        newTotal: units,
        now: NOW,
      }),
    );
  return listing.id;
}

const reserveOne = (listingId: string) =>
  inTransaction(handle.db, (trx, events) =>
    createStockReservation(
      trx,
      {
        marketplaceId: m.marketplace.id,
        listingId,
        transactionId: randomUUID(),
        quantity: 1,
        state: 'pending',
        now: NOW,
      },
      events,
    ),
  );

const adjust = (listingId: string, quantity: number) =>
  handle.db
    .transaction()
    .execute((trx) =>
      createStockAdjustment(trx, {
        marketplaceId: m.marketplace.id,
        actor: operator,
        listingId,
        quantity,
        now: NOW,
      }),
    );

/**
 * What a client does with compare_and_set to take one unit: read the total, set it one lower;
 * on `old-total-mismatch` read again and retry. Resolves 'taken', or 'empty' when it reads 0.
 */
async function casTakeOne(listingId: string): Promise<'taken' | 'empty'> {
  for (let tries = 0; tries < 500; tries++) {
    const [listing] = await findListingsByIds(handle.db, m.marketplace.id, [listingId]);
    const current = listing?.stockQuantity ?? null;
    if (current === null || current === 0) return 'empty';
    try {
      await handle.db
        .transaction()
        .execute((trx) =>
          compareAndSetStock(trx, {
            marketplaceId: m.marketplace.id,
            actor: operator,
            listingId,
            oldTotal: current,
            newTotal: current - 1,
            now: NOW,
          }),
        );
      return 'taken';
    } catch (e) {
      if ((e as { code?: string }).code !== 'old-total-mismatch') throw e;
    }
  }
  throw new Error('compare_and_set never got through');
}

/** The tables' view: stored total, ledger sum, lowest running total in writing order, entries. */
async function ledger(
  listingId: string,
): Promise<{ total: number | null; sum: number; lowest: number; entries: number }> {
  const total = await sql<{
    q: number | null;
  }>`select stock_quantity as q from listings where id = ${listingId}`.execute(handle.db);
  const rows = await sql<{
    quantity: number;
  }>`select quantity from stock_adjustments where listing_id = ${listingId} order by created_at, id`.execute(
    handle.db,
  );
  let running = 0;
  let lowest = 0;
  for (const r of rows.rows) {
    running += r.quantity;
    lowest = Math.min(lowest, running);
  }
  return { total: total.rows[0]?.q ?? null, sum: running, lowest, entries: rows.rows.length };
}

const codeOf = (r: PromiseSettledResult<unknown>): string | undefined =>
  r.status === 'rejected' ? (r.reason as { code?: string }).code : undefined;

const eventCount = async (listingId: string, type: string): Promise<number> => {
  const rows = await sql<{
    n: number;
  }>`select count(*)::int as n from events where marketplace_id = ${m.marketplace.id} and event_type = ${type} and ${listingId} = any(related_resource_ids)`.execute(
    handle.db,
  );
  return rows.rows[0]?.n ?? -1;
};

test(
  `${ATTEMPTS} concurrent attempts to reserve 1 of the last 5 units: exactly 5 succeed`,
  { skip },
  async () => {
    const id = await listingWithStock(5);
    const results = await Promise.allSettled(
      Array.from({ length: ATTEMPTS }, () => reserveOne(id)),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 5);
    assert.deepEqual(
      results.filter((r) => r.status === 'rejected').map(codeOf),
      Array.from({ length: ATTEMPTS - 5 }, () => 'transaction-listing-insufficient-stock'),
    );
    // 1 entry setting the stock, 5 taking one unit each.
    assert.deepEqual(await ledger(id), { total: 0, sum: 0, lowest: 0, entries: 6 });
    const reservations = await sql<{
      n: number;
    }>`select count(*)::int as n from stock_reservations where listing_id = ${id} and state = 'pending'`.execute(
      handle.db,
    );
    assert.equal(reservations.rows[0]?.n, 5);
    assert.equal(await eventCount(id, 'stockReservation/created'), 5);
    assert.equal(await eventCount(id, 'stockAdjustment/created'), 6);
  },
);

test(
  `${ATTEMPTS} concurrent reservations, adjustments and compare_and_set on 5 units: never negative, the ledger adds up`,
  { skip },
  async () => {
    const id = await listingWithStock(5);
    // 20 restocks of one unit race with 180 takers of one unit: reservations, direct removals and
    // read-then-compare_and_set clients.
    const ops: (() => Promise<unknown>)[] = [];
    for (let i = 0; i < ATTEMPTS; i++) {
      if (i % 10 === 0) ops.push(() => adjust(id, 1));
      else if (i % 3 === 0) ops.push(() => reserveOne(id));
      else if (i % 3 === 1) ops.push(() => adjust(id, -1));
      else ops.push(() => casTakeOne(id));
    }
    const results = await Promise.allSettled(ops.map((op) => op()));
    const refusals = new Set(results.map(codeOf).filter((c) => c !== undefined));
    // Every refusal is the catalogue's answer for "not enough stock"; nothing else went wrong.
    for (const c of refusals)
      assert.ok(['transaction-listing-insufficient-stock', 'stock-total-negative'].includes(c), c);
    const restocks = ops.filter((_, i) => i % 10 === 0).length;
    const taken = results.filter(
      (r, i) => i % 10 !== 0 && r.status === 'fulfilled' && r.value !== 'empty',
    ).length;
    assert.ok(
      results.filter((_, i) => i % 10 === 0).every((r) => r.status === 'fulfilled'),
      'restocks always succeed',
    );
    const after = await ledger(id);
    assert.equal(after.total, after.sum);
    assert.equal(after.lowest, 0);
    assert.equal(after.total, 5 + restocks - taken);
    assert.ok(after.total !== null && after.total >= 0);

    // Drain what is left, one unit at a time; then the listing is empty and the ledger sums to 0.
    let drained = 0;
    while (
      await reserveOne(id).then(
        () => true,
        (e: { code?: string }) =>
          e.code === 'transaction-listing-insufficient-stock' ? false : Promise.reject(e),
      )
    )
      drained++;
    assert.equal(taken + drained, 5 + restocks);
    const end = await ledger(id);
    assert.deepEqual(
      { total: end.total, sum: end.sum, lowest: end.lowest },
      { total: 0, sum: 0, lowest: 0 },
    );
    assert.equal(end.entries, 1 + restocks + taken + drained);
  },
);
