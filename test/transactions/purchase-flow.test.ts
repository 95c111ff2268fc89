/**
 * Stock through transitions over HTTP. The default-purchase fixture runs its inquiry and, up to its
 * payment action, `request-payment` (speculative: the stock reservation it would take; for real:
 * a clear 409 and the stock untouched). The purchase itself — stock reserved at request, accepted,
 * delivered, received, completed at once by a timer, reviewed by both and published — runs on
 * STOCK_PURCHASE_PROCESS (test-processes.ts, no payment actions), with the ledger checked at each
 * step; decline and an operator cancel give the units back; too large a quantity is refused.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { STOCK_PURCHASE_PROCESS } from './test-processes.ts';
import { createListing, eventsOf, lastSequence, pushFixture, pushProcessAs, runJobs, snapshot, startWorld, type World } from './helpers.ts';

let w: World;
let listingId: string;

before(async () => {
  w = await startWorld();
  await pushFixture(w, 'default-purchase');
  await pushProcessAs(w, 'stock-purchase', STOCK_PURCHASE_PROCESS);
  listingId = await createListing(w, { title: 'Teapot', price: { amount: 1500, currency: 'EUR' }, stock: 5 });
});
after(async () => w.server.close());

const ITEMS = (quantity: number) => [
  { code: 'line-item/item', unitPrice: { amount: 1500, currency: 'EUR' }, quantity, includeFor: ['customer', 'provider'] },
  { code: 'line-item/provider-commission', unitPrice: { amount: 1500 * quantity, currency: 'EUR' }, percentage: -10, includeFor: ['provider'] },
];

const stockOf = async (): Promise<number | null> => {
  const { rows } = await sql<{ q: number | null }>`select stock_quantity as q from listings where id = ${listingId}`.execute(w.server.handle.db);
  return rows[0]?.q ?? null;
};

const buy = (quantity: number, caller = w.asTrustedCustomer) =>
  caller.post('transactions/initiate?expand=true&include=stockReservation', {
    processAlias: 'stock-purchase/release-1',
    transition: 'transition/request',
    params: { listingId, stockReservationQuantity: quantity, lineItems: ITEMS(quantity), protectedData: { deliveryMethod: 'shipping' } },
  });

const move = (id: string, transition: string, caller = w.asProvider, params: Record<string, unknown> = {}) =>
  caller.post('transactions/transition?expand=true&include=stockReservation,reviews', { id, transition, params });

test('default-purchase fixture: inquire; request-payment speculatively reserves stock, for real stops at the payment action', async () => {
  const inquiry = await w.asCustomer.post('transactions/initiate?expand=true', { processAlias: 'default-purchase/release-1', transition: 'transition/inquire', params: { listingId, protectedData: { inquiryMessage: 'Blue?' } } });
  assert.equal(inquiry.status, 200);
  assert.equal(inquiry.body.data?.attributes?.state, 'state/inquiry');
  const id = inquiry.body.data?.id ?? '';
  const body = { id, transition: 'transition/request-payment-after-inquiry', params: { stockReservationQuantity: 2, lineItems: ITEMS(2) } };
  const before = await snapshot(w);
  const speculative = await w.asTrustedCustomer.post('transactions/transition_speculative?expand=true&include=stockReservation', body);
  assert.equal(speculative.status, 200, JSON.stringify(speculative.body));
  assert.equal(speculative.body.data?.attributes?.state, 'state/pending-payment');
  assert.deepEqual(speculative.body.included?.find((r) => r.type === 'stockReservation')?.attributes, { quantity: 2, state: 'pending' });
  assert.deepEqual(speculative.body.data?.attributes?.payinTotal, { amount: 3000, currency: 'EUR' });
  const real = await w.asTrustedCustomer.post('transactions/transition', body);
  assert.equal(real.status, 409);
  // The marketplace has payments `none`: the payment action refuses, nothing changed.
  assert.equal(real.body.errors?.[0]?.code, 'stripe-missing-api-key');
  assert.deepEqual(await snapshot(w), before);
  assert.equal(await stockOf(), 5);
});

test('purchase: stock taken at request, kept on accept; delivered, received, completed by its timer, reviewed and published', async () => {
  const since = await lastSequence(w);
  const req = await buy(2);
  assert.equal(req.status, 200, JSON.stringify(req.body));
  const id = req.body.data?.id ?? '';
  assert.deepEqual(req.body.included?.find((r) => r.type === 'stockReservation')?.attributes, { quantity: 2, state: 'pending' });
  assert.equal(await stockOf(), 3);
  assert.deepEqual((await eventsOf(w, since)).map((e) => e.eventType), ['stockReservation/created', 'stockAdjustment/created', 'transaction/initiated']);
  // The provider sees its commission, the customer does not.
  const asCustomer = (await w.asCustomer.get(`transactions/show?id=${id}`)).body.data?.attributes;
  assert.deepEqual((asCustomer?.lineItems as { code: string }[]).map((i) => i.code), ['line-item/item']);
  assert.deepEqual(asCustomer?.payoutTotal, { amount: 2700, currency: 'EUR' });

  const accepted = await move(id, 'transition/accept');
  assert.equal(accepted.status, 200);
  assert.equal(accepted.body.included?.find((r) => r.type === 'stockReservation')?.attributes?.state, 'accepted');
  assert.equal(await stockOf(), 3);
  assert.equal((await move(id, 'transition/mark-delivered')).status, 200);
  const received = await move(id, 'transition/mark-received', w.asCustomer);
  assert.equal(received.body.data?.attributes?.state, 'state/received');
  // auto-complete is due at the moment `received` was entered: the worker runs it at once.
  assert.equal(await runJobs(w), 1);
  assert.equal((await w.asCustomer.get(`transactions/show?id=${id}`)).body.data?.attributes?.state, 'state/completed');

  const r1 = await move(id, 'transition/review-1-by-customer', w.asCustomer, { reviewRating: 5, reviewContent: 'Lovely teapot' });
  assert.equal(r1.status, 200, JSON.stringify(r1.body));
  const r2 = await move(id, 'transition/review-2-by-provider', w.asProvider, { reviewRating: 4, reviewContent: 'Quick payer' });
  assert.equal(r2.status, 200, JSON.stringify(r2.body));
  assert.equal(r2.body.data?.attributes?.state, 'state/reviewed');
  const reviews = r2.body.included?.filter((r) => r.type === 'review') ?? [];
  assert.deepEqual(reviews.map((r) => [r.attributes?.type, r.attributes?.state, r.attributes?.rating]).sort(), [['ofCustomer', 'public', 4], ['ofProvider', 'public', 5]]);
  assert.equal(await stockOf(), 3);
});

test('decline gives the units back; an operator cancel after accept gives them back; too many units are refused', async () => {
  const declined = (await buy(1)).body.data?.id ?? '';
  assert.equal(await stockOf(), 2);
  const res = await move(declined, 'transition/decline');
  assert.equal(res.status, 200);
  assert.equal(res.body.included?.find((r) => r.type === 'stockReservation')?.attributes?.state, 'declined');
  assert.equal(await stockOf(), 3);

  const cancelled = (await buy(3)).body.data?.id ?? '';
  assert.equal(await stockOf(), 0);
  assert.equal((await move(cancelled, 'transition/accept')).status, 200);
  const before = await snapshot(w);
  const tooMany = await buy(1);
  assert.equal(tooMany.status, 409);
  assert.equal(tooMany.body.errors?.[0]?.code, 'transaction-listing-insufficient-stock');
  assert.deepEqual(await snapshot(w), before);
  const op = await w.asInteg.post('transactions/transition?expand=true&include=stockReservation', { id: cancelled, transition: 'transition/operator-cancel', params: {} });
  assert.equal(op.status, 200, JSON.stringify(op.body));
  assert.equal(op.body.included?.find((r) => r.type === 'stockReservation')?.attributes?.state, 'cancelled');
  assert.equal(await stockOf(), 3);

  // stock_reservations/show includes the transaction (Integration API).
  const reservationId = op.body.included?.find((r) => r.type === 'stockReservation')?.id ?? '';
  const shown = await w.asInteg.get(`stock_reservations/show?id=${reservationId}&include=transaction,transaction.customer,listing`);
  assert.equal(shown.status, 200, JSON.stringify(shown.body));
  assert.deepEqual(shown.body.data?.relationships?.transaction?.data, { id: cancelled, type: 'transaction' });
  assert.ok(shown.body.included?.some((r) => r.type === 'transaction' && r.attributes?.state === 'state/canceled'));
  assert.ok(shown.body.included?.some((r) => r.type === 'user' && r.id === w.customer.user.id));
});

test('bad input: missing or malformed quantity — nothing stored', async () => {
  const before = await snapshot(w);
  const missing = await w.asTrustedCustomer.post('transactions/initiate', { processAlias: 'stock-purchase/release-1', transition: 'transition/request', params: { listingId, lineItems: ITEMS(1) } });
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.body.errors?.[0]?.source?.path, ['params', 'stockReservationQuantity']);
  const zero = await buy(0);
  assert.equal(zero.status, 400);
  const fraction = await w.asTrustedCustomer.post('transactions/initiate', { processAlias: 'stock-purchase/release-1', transition: 'transition/request', params: { listingId, stockReservationQuantity: 1.5, lineItems: ITEMS(1) } });
  assert.equal(fraction.status, 400);
  assert.deepEqual(await snapshot(w), before);
});
