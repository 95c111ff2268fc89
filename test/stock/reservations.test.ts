/**
 * Stock reservation primitives (domain §2.4, §5) on the test database, as the process engine calls
 * them inside a transition's DB transaction: the ledger effect of every state change (checked
 * against the tables), the stock checks, the events pushed, the conflicts; and the Integration API
 * `stock_reservations/show` with its includes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  changeStockReservationState,
  createStockReservation,
  findStockReservation,
  findStockReservationOfTransaction,
  type StockReservation,
  type StockReservationStateChange,
} from '../../src/domain/stock/index.ts';
import { queryEvents } from '../../src/domain/events/index.ts';
import { Keyword, Uuid } from '../../src/lib/values.ts';
import {
  createListing,
  domainError,
  inTransaction,
  ledgerOf,
  stockWorld,
  type StockWorld,
} from './helpers.ts';

let w: StockWorld;

before(async () => {
  w = await stockWorld();
});
after(async () => w.server.close());

/** A listing of Alice with `units` in stock (set through the API, as an author would). */
async function listingWithStock(units: number | null): Promise<string> {
  const id = await createListing(w.asAlice);
  if (units !== null) {
    const res = await w.asAlice.post('stock/compare_and_set', {
      listingId: id,
      oldTotal: null,
      newTotal: units,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
  return id;
}

const reserve = (
  listingId: string,
  quantity: number,
  state: 'pending' | 'proposed',
  transactionId: string = randomUUID(),
) =>
  inTransaction(w.server.handle.db, (trx, events) =>
    createStockReservation(
      trx,
      {
        marketplaceId: w.m.marketplace.id,
        listingId,
        transactionId,
        quantity,
        state,
        now: w.clock.now(),
      },
      events,
    ),
  );

const move = (reservation: StockReservation, to: StockReservationStateChange) =>
  inTransaction(w.server.handle.db, (trx, events) =>
    changeStockReservationState(
      trx,
      { marketplaceId: w.m.marketplace.id, reservationId: reservation.id, to, now: w.clock.now() },
      events,
    ),
  );

/** The listing's stock total and the quantities of the ledger entries linked to `reservationId`. */
async function effects(
  listingId: string,
  reservationId: string,
): Promise<{ total: number | null; sum: number; linked: number[] }> {
  const ledger = await ledgerOf(w.server.handle.db, listingId);
  return {
    total: ledger.total,
    sum: ledger.sum,
    linked: ledger.entries.filter((e) => e.reservationId === reservationId).map((e) => e.quantity),
  };
}

test('pending: takes the units at once; accept keeps them (no entry); cancel gives them back', async () => {
  const id = await listingWithStock(5);
  const tx = randomUUID();
  const { result: r, eventTypes } = await reserve(id, 2, 'pending', tx);
  assert.equal(r.state, 'pending');
  assert.equal(r.transactionId, tx);
  assert.deepEqual(eventTypes, ['stockReservation/created', 'stockAdjustment/created']);
  assert.deepEqual(await effects(id, r.id), { total: 3, sum: 3, linked: [-2] });

  const accepted = await move(r, 'accepted');
  assert.equal(accepted.result.state, 'accepted');
  assert.deepEqual(accepted.eventTypes, ['stockReservation/updated']);
  assert.deepEqual(await effects(id, r.id), { total: 3, sum: 3, linked: [-2] });

  const cancelled = await move(r, 'cancelled');
  assert.deepEqual(cancelled.eventTypes, ['stockReservation/updated', 'stockAdjustment/created']);
  assert.deepEqual(await effects(id, r.id), { total: 5, sum: 5, linked: [-2, 2] });

  assert.deepEqual(
    await findStockReservationOfTransaction(w.server.handle.db, w.m.marketplace.id, tx),
    cancelled.result,
  );
  assert.deepEqual(
    await findStockReservation(w.server.handle.db, w.m.marketplace.id, r.id),
    cancelled.result,
  );
  assert.equal(
    await findStockReservationOfTransaction(w.server.handle.db, w.m.marketplace.id, randomUUID()),
    undefined,
  );
});

test('pending → declined gives the units back', async () => {
  const id = await listingWithStock(3);
  const { result: r } = await reserve(id, 3, 'pending');
  assert.deepEqual(await effects(id, r.id), { total: 0, sum: 0, linked: [-3] });
  await move(r, 'declined');
  assert.deepEqual(await effects(id, r.id), { total: 3, sum: 3, linked: [-3, 3] });
});

test('proposed: holds nothing; accept takes the units after a stock check; decline records nothing', async () => {
  const id = await listingWithStock(4);
  const { result: a, eventTypes } = await reserve(id, 3, 'proposed');
  assert.deepEqual(eventTypes, ['stockReservation/created']);
  const { result: b } = await reserve(id, 3, 'proposed');
  assert.deepEqual(await effects(id, a.id), { total: 4, sum: 4, linked: [] });

  const accepted = await move(a, 'accepted');
  assert.deepEqual(accepted.eventTypes, ['stockReservation/updated', 'stockAdjustment/created']);
  assert.deepEqual(await effects(id, a.id), { total: 1, sum: 1, linked: [-3] });
  // The second proposal no longer fits: accepting it fails and changes nothing.
  await assert.rejects(
    move(b, 'accepted'),
    domainError('conflict', 'transaction-listing-insufficient-stock'),
  );
  assert.equal(
    (await findStockReservation(w.server.handle.db, w.m.marketplace.id, b.id))?.state,
    'proposed',
  );
  const declined = await move(b, 'declined');
  assert.deepEqual(declined.eventTypes, ['stockReservation/updated']);
  assert.deepEqual(await effects(id, b.id), { total: 1, sum: 1, linked: [] });
});

test('creating needs enough (and defined) stock; one reservation per transaction; a live listing', async () => {
  const id = await listingWithStock(2);
  await assert.rejects(
    reserve(id, 3, 'pending'),
    domainError('conflict', 'transaction-listing-insufficient-stock'),
  );
  await assert.rejects(
    reserve(id, 3, 'proposed'),
    domainError('conflict', 'transaction-listing-insufficient-stock'),
  );
  const undefinedStock = await listingWithStock(null);
  await assert.rejects(
    reserve(undefinedStock, 1, 'pending'),
    domainError('conflict', 'transaction-listing-insufficient-stock'),
  );
  for (const quantity of [0, -1, 1.5]) {
    await assert.rejects(
      reserve(id, quantity, 'pending'),
      domainError('bad-request', 'validation-invalid-value'),
    );
  }
  const tx = randomUUID();
  await reserve(id, 1, 'pending', tx);
  await assert.rejects(
    reserve(id, 1, 'pending', tx),
    domainError('conflict', 'transaction-invalid-action-sequence'),
  );
  await assert.rejects(
    reserve(randomUUID(), 1, 'pending'),
    domainError('conflict', 'transaction-listing-not-found'),
  );
  assert.deepEqual(
    (await ledgerOf(w.server.handle.db, id)).entries.map((e) => e.quantity),
    [2, -1],
  );
  assert.equal((await ledgerOf(w.server.handle.db, id)).total, 1);
});

test('state changes out of order are conflicts with their own codes, and change nothing', async () => {
  const id = await listingWithStock(5);
  const { result: pending } = await reserve(id, 1, 'pending');
  await assert.rejects(
    move(pending, 'cancelled'),
    domainError('conflict', 'transaction-stock-reservation-state-not-accepted'),
  );
  await move(pending, 'declined');
  for (const to of ['accepted', 'declined'] as const) {
    await assert.rejects(
      move(pending, to),
      domainError('conflict', 'transaction-stock-reservation-state-not-pending'),
    );
  }
  await assert.rejects(
    move(pending, 'cancelled'),
    domainError('conflict', 'transaction-stock-reservation-state-not-accepted'),
  );
  const { result: accepted } = await reserve(id, 2, 'pending');
  await move(accepted, 'accepted');
  await assert.rejects(
    move(accepted, 'accepted'),
    domainError('conflict', 'transaction-stock-reservation-state-not-pending'),
  );
  await move(accepted, 'cancelled');
  await assert.rejects(
    move(accepted, 'cancelled'),
    domainError('conflict', 'transaction-stock-reservation-state-not-accepted'),
  );
  assert.deepEqual(await ledgerOf(w.server.handle.db, id).then((l) => [l.total, l.sum]), [5, 5]);
  await assert.rejects(
    inTransaction(w.server.handle.db, (trx, events) =>
      changeStockReservationState(
        trx,
        { marketplaceId: w.m.marketplace.id, reservationId: randomUUID(), to: 'accepted' },
        events,
      ),
    ),
    domainError('not-found', 'not-found'),
  );
});

test('events: the reservation as the Integration API shows it, with previous state; adjustments link to it', async () => {
  const id = await listingWithStock(5);
  const tx = randomUUID();
  const { result: r } = await reserve(id, 2, 'pending', tx);
  await move(r, 'declined');
  const events = await queryEvents(w.server.handle.db, w.m.marketplace.id, { resourceId: r.id });
  assert.deepEqual(
    events.map((e) => [e.eventType, e.source]),
    [
      ['stockReservation/created', 'source/transaction'],
      ['stockReservation/updated', 'source/transaction'],
    ],
  );
  assert.deepEqual(events[1]?.resource, {
    id: new Uuid(r.id),
    type: new Keyword('stockReservation'),
    attributes: { quantity: 2, state: 'declined' },
    relationships: {
      listing: { data: { id: new Uuid(id), type: new Keyword('listing') } },
      transaction: { data: { id: new Uuid(tx), type: new Keyword('transaction') } },
    },
  });
  assert.deepEqual(events[1]?.previousValues, {
    attributes: { state: 'pending' },
    relationships: {},
  });
  const adjustments = await queryEvents(w.server.handle.db, w.m.marketplace.id, {
    relatedResourceId: r.id,
    eventTypes: ['stockAdjustment/created'],
  });
  assert.deepEqual(
    adjustments.map((e) => (e.resource?.attributes as { quantity: number }).quantity),
    [-2, 2],
  );
  // The transaction's related events include its reservation's.
  const ofTx = await queryEvents(w.server.handle.db, w.m.marketplace.id, { relatedResourceId: tx });
  assert.deepEqual(
    ofTx.map((e) => e.eventType),
    ['stockReservation/created', 'stockReservation/updated'],
  );
});

test('Integration API stock_reservations/show with listing and stockAdjustments; reservations seen from adjustments', async () => {
  const id = await listingWithStock(6);
  const { result: r } = await reserve(id, 2, 'pending');
  await move(r, 'declined');
  const res = await w.asInteg.get(
    `stock_reservations/show?id=${r.id}&include=listing,stockAdjustments`,
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body.data?.attributes, { quantity: 2, state: 'declined' });
  assert.deepEqual(res.body.data?.relationships?.listing, { data: { id, type: 'listing' } });
  const refs = res.body.data?.relationships?.stockAdjustments?.data as {
    id: string;
    type: string;
  }[];
  const adjustments = refs.map(
    (ref) =>
      res.body.included?.find((i) => i.type === 'stockAdjustment' && i.id === ref.id)?.attributes
        ?.quantity,
  );
  assert.deepEqual(adjustments, [-2, 2]);
  assert.equal(res.body.included?.find((i) => i.type === 'listing')?.attributes?.title, 'Teapot');

  // Without include: attributes only.
  const bare = await w.asInteg.get(`stock_reservations/show?id=${r.id}`);
  assert.equal(bare.body.data?.relationships, undefined);
  assert.equal((await w.asInteg.get(`stock_reservations/show?id=${randomUUID()}`)).status, 404);
  assert.equal((await w.asInteg.get('stock_reservations/show?id=nope')).status, 400);
  assert.equal(
    (await w.asInteg.get('stock_reservations/show')).body.errors?.[0]?.code,
    'validation-missing-key',
  );
  assert.equal(
    (await w.asInteg.get(`stock_reservations/show?id=${r.id}&include=transactionz`)).status,
    400,
  );

  // The author sees the reservation behind an adjustment of their listing (Marketplace API).
  const q = await w.asAlice.get(
    `stock_adjustments/query?listingId=${id}&start=2029-06-01T00:00:00Z&end=2030-01-08T00:00:00Z&include=stockReservation,stockReservation.stockAdjustments`,
  );
  assert.equal(q.status, 200, JSON.stringify(q.body));
  const linked = (
    q.body.data as unknown as {
      relationships: { stockReservation: { data: { id: string } | null } };
    }[]
  ).map((d) => d.relationships.stockReservation.data?.id ?? null);
  assert.deepEqual(linked, [null, r.id, r.id]);
  const reservation = q.body.included?.find((i) => i.type === 'stockReservation');
  assert.deepEqual(reservation?.attributes, { quantity: 2, state: 'declined' });
  assert.equal((reservation?.relationships?.stockAdjustments?.data as unknown[]).length, 2);
  // The Marketplace API has no stock_reservations/show.
  assert.equal((await w.asAlice.get(`stock_reservations/show?id=${r.id}`)).status, 404);
});
