/**
 * Bookings through transitions over HTTP. The default-booking fixture runs up to its payment
 * action (request-payment is privileged and ends with stripe-create-payment-intent): speculatively
 * with a trusted token, refused with a user token, and refused with a clear 409 for real. The
 * request → accept / decline / expire paths run on BOOKING_REQUEST_PROCESS (written in
 * test-processes.ts without payment actions): pending bookings hold the seat, accept keeps it,
 * decline and expiry release it; timers on a FakeClock; wrong actor / state / params refused with
 * nothing changed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BOOKING_REQUEST_PROCESS } from './test-processes.ts';
import { createListing, eventsOf, renewTokens, lastSequence, mailTo, pushFixture, pushProcessAs, runJobs, snapshot, startWorld, type World } from './helpers.ts';

let w: World;
let listingId: string;
let slot = 0;

before(async () => {
  w = await startWorld();
  await pushFixture(w, 'default-booking');
  await pushProcessAs(w, 'booking-request', BOOKING_REQUEST_PROCESS);
  listingId = await createListing(w, { title: 'Sauna', seats: 1 });
});
after(async () => w.server.close());

const DAY = 86_400_000;
const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** A fresh two-hour slot (10 days ahead, one day later per call), so tests do not compete for seats. */
function nextSlot(): { bookingStart: string; bookingEnd: string } {
  slot += 1;
  const start = new Date(Date.parse('2030-03-11T10:00:00.000Z') + slot * DAY);
  return { bookingStart: start.toISOString(), bookingEnd: new Date(start.getTime() + 2 * 3_600_000).toISOString() };
}

const LINE_ITEMS = [
  { code: 'line-item/hour', unitPrice: eur(2500), quantity: 2, includeFor: ['customer', 'provider'] },
  { code: 'line-item/customer-commission', unitPrice: eur(5000), percentage: 10, includeFor: ['customer'] },
  { code: 'line-item/provider-commission', unitPrice: eur(5000), percentage: -15, includeFor: ['provider'] },
];

const request = (times: { bookingStart?: string; bookingEnd: string }, caller = w.asTrustedCustomer, extra: Record<string, unknown> = {}) =>
  caller.post('transactions/initiate?expand=true&include=booking', {
    processAlias: 'booking-request/release-1',
    transition: 'transition/request',
    params: { listingId, ...times, lineItems: LINE_ITEMS, protectedData: { note: 'two of us' }, ...extra },
  });

const transition = (id: string, name: string, caller = w.asProvider, params: Record<string, unknown> = {}) =>
  caller.post('transactions/transition?expand=true&include=booking', { id, transition: name, params });

const bookingOf = (res: Awaited<ReturnType<typeof request>>) => res.body.included?.find((r) => r.type === 'booking');

test('default-booking fixture: request-payment is privileged; speculative with a trusted token prices it; for real it stops at the payment action', async () => {
  const times = nextSlot();
  const body = { processAlias: 'default-booking/release-1', transition: 'transition/request-payment', params: { listingId, ...times, lineItems: LINE_ITEMS, cardToken: 'CheckoutPage_speculative_card_token' } };
  const before = await snapshot(w);
  const userToken = await w.asCustomer.post('transactions/initiate_speculative', body);
  assert.equal(userToken.status, 403);
  assert.equal(userToken.body.errors?.[0]?.code, 'forbidden');

  const speculative = await w.asTrustedCustomer.post('transactions/initiate_speculative?expand=true&include=booking', body);
  assert.equal(speculative.status, 200, JSON.stringify(speculative.body));
  const a = speculative.body.data?.attributes ?? {};
  assert.equal(a.state, 'state/pending-payment');
  assert.deepEqual(a.payinTotal, eur(5500));
  assert.deepEqual(a.payoutTotal, eur(4250));
  // The customer sees the items that count for the customer.
  assert.deepEqual((a.lineItems as { code: string }[]).map((i) => i.code), ['line-item/hour', 'line-item/customer-commission']);
  assert.deepEqual(bookingOf(speculative)?.attributes, { seats: 1, start: times.bookingStart, end: times.bookingEnd, displayStart: times.bookingStart, displayEnd: times.bookingEnd, state: 'pending' });

  const real = await w.asTrustedCustomer.post('transactions/initiate', body);
  assert.equal(real.status, 409);
  // The marketplace has payments `none`: the payment action refuses, nothing changed.
  assert.equal(real.body.errors?.[0]?.code, 'stripe-missing-api-key');
  assert.deepEqual(await snapshot(w), before);
});

test('request → accept: the pending booking holds the seat, accept keeps it; events in order; customer notified', async () => {
  const times = nextSlot();
  const since = await lastSequence(w);
  const req = await request(times);
  assert.equal(req.status, 200, JSON.stringify(req.body));
  const id = req.body.data?.id ?? '';
  assert.equal(req.body.data?.attributes?.state, 'state/requested');
  assert.equal(bookingOf(req)?.attributes?.state, 'pending');
  assert.deepEqual(
    (await eventsOf(w, since)).map((e) => e.eventType),
    ['booking/created', 'transaction/initiated'],
  );

  // The seat is held: another request for the same slot is refused.
  const competing = await request(times, w.asTrustedCustomer);
  assert.equal(competing.status, 409);
  assert.equal(competing.body.errors?.[0]?.code, 'transaction-booking-time-not-available');

  const mid = await lastSequence(w);
  const accepted = await transition(id, 'transition/accept');
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  assert.equal(accepted.body.data?.attributes?.state, 'state/accepted');
  assert.equal(bookingOf(accepted)?.attributes?.state, 'accepted');
  const events = await eventsOf(w, mid);
  assert.deepEqual(events.map((e) => e.eventType), ['booking/updated', 'transaction/transitioned']);
  assert.equal(events[0]?.source, 'source/transaction');
  const previous = events[1]?.previousValues as { attributes: Record<string, unknown> } | null;
  assert.equal(previous?.attributes.state, 'state/requested');
  assert.equal(previous?.attributes.lastTransition, 'transition/request');

  // Still held after accept.
  assert.equal((await request(times)).status, 409);

  await runJobs(w);
  const toCustomer = mailTo(w, w.customer).find((m) => m.subject === 'Accepted: Sauna');
  assert.ok(toCustomer, 'the customer got the acceptance');
  assert.match(toCustomer.html, /Pete P accepted; total 55 EUR/);
  assert.ok(mailTo(w, w.provider).some((m) => m.subject === 'New request for Sauna'));
});

test('decline releases the seat and reverses the line items; the slot can be booked again', async () => {
  const times = nextSlot();
  const id = (await request(times)).body.data?.id ?? '';
  const declined = await transition(id, 'transition/decline');
  assert.equal(declined.status, 200);
  const a = declined.body.data?.attributes ?? {};
  assert.equal(a.state, 'state/declined');
  assert.equal(bookingOf(declined)?.attributes?.state, 'declined');
  assert.deepEqual(a.payinTotal, eur(0));
  assert.deepEqual(a.payoutTotal, eur(0));
  // The provider sees its own items and their reversals.
  assert.deepEqual((a.lineItems as { code: string; reversal: boolean }[]).map((i) => `${i.code}${i.reversal ? ' (reversal)' : ''}`), [
    'line-item/hour',
    'line-item/provider-commission',
    'line-item/hour (reversal)',
    'line-item/provider-commission (reversal)',
  ]);
  const again = await request(times);
  assert.equal(again.status, 200);
});

test('the Integration API sees every line item and runs operator transitions only', async () => {
  const times = nextSlot();
  const id = (await request(times)).body.data?.id ?? '';
  const shown = await w.asInteg.get(`transactions/show?id=${id}`);
  assert.equal(shown.status, 200);
  assert.equal((shown.body.data?.attributes?.lineItems as unknown[]).length, 3);
  const notOperator = await w.asInteg.post('transactions/transition', { id, transition: 'transition/accept', params: {} });
  assert.equal(notOperator.status, 403);
  assert.equal((await transition(id, 'transition/accept')).status, 200);
  // Operator transitions are not for the Marketplace API.
  const fromMarketplace = await transition(id, 'transition/operator-cancel', w.asTrustedProvider);
  assert.equal(fromMarketplace.status, 403);
  const cancelled = await w.asInteg.post('transactions/transition?expand=true&include=booking', { id, transition: 'transition/operator-cancel', params: {} });
  assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
  assert.equal(cancelled.body.data?.attributes?.state, 'state/cancelled');
  assert.equal(cancelled.body.included?.find((r) => r.type === 'booking')?.attributes?.state, 'cancelled');
  const history = cancelled.body.data?.attributes?.transitions as { by: string }[];
  assert.deepEqual(history.map((h) => h.by), ['customer', 'provider', 'operator']);
  // The seat is free again.
  assert.equal((await request(times)).status, 200);
});

test('expire: the timer declines the booking after 3 days and frees the seat; accept first cancels it', async () => {
  const times = nextSlot();
  const expiring = (await request(times)).body.data?.id ?? '';
  const other = nextSlot();
  const acceptedFirst = (await request(other)).body.data?.id ?? '';
  assert.equal((await transition(acceptedFirst, 'transition/accept')).status, 200);

  w.clock.advance(3 * DAY - 60_000);
  await runJobs(w);
  await renewTokens(w);
  assert.equal((await w.asCustomer.get(`transactions/show?id=${expiring}`)).body.data?.attributes?.state, 'state/requested');
  w.clock.advance(60_000);
  await runJobs(w);
  await renewTokens(w);
  const shown = await w.asCustomer.get(`transactions/show?id=${expiring}&include=booking`);
  const a = shown.body.data?.attributes ?? {};
  assert.equal(a.state, 'state/expired');
  assert.deepEqual((a.transitions as { transition: string; by: string }[]).at(-1), { transition: 'transition/expire', createdAt: w.clock.now().toISOString(), by: 'system' });
  assert.equal(shown.body.included?.find((r) => r.type === 'booking')?.attributes?.state, 'declined');
  assert.equal((await w.asCustomer.get(`transactions/show?id=${acceptedFirst}`)).body.data?.attributes?.state, 'state/accepted');
  // Freed: the slot can be requested again.
  assert.equal((await request(times)).status, 200);
});

test('bad input: wrong actor, wrong state, privileged without trust, missing and malformed params — nothing changed', async () => {
  const times = nextSlot();
  const id = (await request(times)).body.data?.id ?? '';
  const before = await snapshot(w);
  const wrongActor = await transition(id, 'transition/accept', w.asCustomer);
  assert.equal(wrongActor.status, 403);
  assert.equal(wrongActor.body.errors?.[0]?.code, 'forbidden');
  const stranger = await transition(id, 'transition/accept', w.asThird);
  assert.equal(stranger.status, 403);
  const timer = await transition(id, 'transition/expire');
  assert.equal(timer.status, 403);
  const wrongState = await transition(id, 'transition/review-2-by-provider', w.asProvider, { reviewRating: 5, reviewContent: 'x' });
  assert.equal(wrongState.status, 409);
  assert.equal(wrongState.body.errors?.[0]?.code, 'transaction-invalid-transition');
  const unknown = await transition(id, 'transition/teleport');
  assert.equal(unknown.status, 400);
  const unknownTx = await transition('6f1c1f8e-0000-4000-8000-000000000000', 'transition/accept');
  assert.equal(unknownTx.status, 409);
  assert.equal(unknownTx.body.errors?.[0]?.code, 'transaction-not-found');

  const fresh = nextSlot();
  const untrusted = await request(fresh, w.asCustomer);
  assert.equal(untrusted.status, 403);
  const noStart = await request({ bookingEnd: fresh.bookingEnd });
  assert.equal(noStart.status, 400);
  assert.equal(noStart.body.errors?.[0]?.code, 'validation-missing-key');
  assert.deepEqual(noStart.body.errors?.[0]?.source?.path, ['params', 'bookingStart']);
  const badItems = await request(fresh, w.asTrustedCustomer, { lineItems: [{ code: 'hour', unitPrice: eur(100), quantity: 1 }] });
  assert.equal(badItems.status, 400);
  assert.equal(badItems.body.errors?.[0]?.code, 'validation-invalid-value');
  const wrongTotal = await request(fresh, w.asTrustedCustomer, { lineItems: [{ code: 'line-item/day', unitPrice: eur(100), quantity: 2, lineTotal: eur(300) }] });
  assert.equal(wrongTotal.status, 400);
  const mixed = await request(fresh, w.asTrustedCustomer, { lineItems: [{ code: 'line-item/day', unitPrice: eur(100), quantity: 1 }, { code: 'line-item/fee', unitPrice: { amount: 100, currency: 'USD' }, quantity: 1 }] });
  assert.equal(mixed.status, 400);
  const badSeats = await request(fresh, w.asTrustedCustomer, { seats: 0 });
  assert.equal(badSeats.status, 400);
  assert.deepEqual(badSeats.body.errors?.[0]?.source?.path, ['params', 'seats']);
  assert.deepEqual(await snapshot(w), before);
});
