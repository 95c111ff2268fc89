/**
 * Concurrency of transitions on a PostgreSQL server (skipped on embedded PGlite, which has one
 * connection): customers racing for a listing's last seat or last units never oversell (the
 * capacity lock), and two transitions of one transaction at once leave exactly one applied (the
 * transaction row lock: the other fails with 409, `transaction-locked` or
 * `transaction-invalid-transition`).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testDatabaseUrl } from '../support/db.ts';
import { createTestUser } from '../support/users.ts';
import { api } from '../listings/helpers.ts';
import { BOOKING_REQUEST_PROCESS, STOCK_PURCHASE_PROCESS } from '../transactions/test-processes.ts';
import { createListing, pushProcessAs, startWorld, trustedToken, type Caller, type World } from '../transactions/helpers.ts';

const skip = testDatabaseUrl === undefined ? 'needs PostgreSQL (TEST_DATABASE_URL)' : false;

let w: World;
let buyers: Caller[] = [];

before(async () => {
  if (skip) return;
  w = await startWorld();
  await pushProcessAs(w, 'booking-request', BOOKING_REQUEST_PROCESS);
  await pushProcessAs(w, 'stock-purchase', STOCK_PURCHASE_PROCESS);
  buyers = [];
  for (let i = 0; i < 6; i++) {
    const u = await createTestUser(w.server.handle.db, w.m.marketplace.id);
    buyers.push(api(w.server, 'api', await trustedToken(w.server, w.m, u)));
  }
});
after(async () => {
  if (!skip) await w.server.close();
});

const statuses = (results: { status: number }[]) => results.map((r) => r.status).sort();

test('six customers race for one seat: one request holds it, five are refused', { skip }, async () => {
  const listingId = await createListing(w, { seats: 1 });
  const results = await Promise.all(
    buyers.map((b) =>
      b.post('transactions/initiate', {
        processAlias: 'booking-request/release-1',
        transition: 'transition/request',
        params: { listingId, bookingStart: '2030-04-01T10:00:00.000Z', bookingEnd: '2030-04-01T11:00:00.000Z', lineItems: [{ code: 'line-item/hour', unitPrice: { amount: 100, currency: 'EUR' }, quantity: 1 }] },
      }),
    ),
  );
  assert.deepEqual(statuses(results), [200, 409, 409, 409, 409, 409]);
  assert.ok(results.filter((r) => r.status === 409).every((r) => r.body.errors?.[0]?.code === 'transaction-booking-time-not-available'));
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from bookings where listing_id = ${listingId} and state in ('pending', 'accepted')`.execute(w.server.handle.db);
  assert.equal(rows[0]?.n, 1);
  const txs = await sql<{ n: number }>`select count(*)::int as n from transactions where listing_id = ${listingId}`.execute(w.server.handle.db);
  assert.equal(txs.rows[0]?.n, 1);
});

test('six customers buy 2 of 5 units at once: two purchases succeed, the stock never goes below zero', { skip }, async () => {
  const listingId = await createListing(w, { stock: 5 });
  const results = await Promise.all(
    buyers.map((b) =>
      b.post('transactions/initiate', {
        processAlias: 'stock-purchase/release-1',
        transition: 'transition/request',
        params: { listingId, stockReservationQuantity: 2, lineItems: [{ code: 'line-item/item', unitPrice: { amount: 100, currency: 'EUR' }, quantity: 2 }] },
      }),
    ),
  );
  assert.deepEqual(statuses(results), [200, 200, 409, 409, 409, 409]);
  const { rows } = await sql<{ q: number }>`select stock_quantity as q from listings where id = ${listingId}`.execute(w.server.handle.db);
  assert.equal(rows[0]?.q, 1);
});

test('accept and decline of one request at once: exactly one applies, the other gets 409', { skip }, async () => {
  const listingId = await createListing(w, { seats: 1 });
  const req = await w.asTrustedCustomer.post('transactions/initiate', {
    processAlias: 'booking-request/release-1',
    transition: 'transition/request',
    params: { listingId, bookingStart: '2030-04-02T10:00:00.000Z', bookingEnd: '2030-04-02T11:00:00.000Z', lineItems: [{ code: 'line-item/hour', unitPrice: { amount: 100, currency: 'EUR' }, quantity: 1 }] },
  });
  const id = req.body.data?.id ?? '';
  const results = await Promise.all(['transition/accept', 'transition/decline', 'transition/accept', 'transition/decline'].map((transition) => w.asProvider.post('transactions/transition', { id, transition, params: {} })));
  assert.deepEqual(statuses(results), [200, 409, 409, 409]);
  for (const r of results.filter((x) => x.status === 409)) {
    assert.ok(['transaction-locked', 'transaction-invalid-transition'].includes(r.body.errors?.[0]?.code ?? ''), JSON.stringify(r.body));
  }
  const winner = results.find((r) => r.status === 200)?.body.data;
  const { rows } = await sql<{ state: string; transitions: unknown[]; booking: string }>`
    select t.state, t.transitions, b.state as booking from transactions t join bookings b on b.transaction_id = t.id where t.id = ${id}`.execute(w.server.handle.db);
  assert.equal(rows[0]?.transitions.length, 2);
  assert.equal(rows[0]?.booking, rows[0]?.state === 'state/accepted' ? 'accepted' : 'declined');
  assert.ok(winner);
});
