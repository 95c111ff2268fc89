/**
 * Fault tests of the payment actions (issue #7): the payment provider — the Stripe adapter against
 * the local Stripe stand-in, which plays the outside service and misbehaves on request — errors or
 * times out in the middle of a transition of the shared default-booking fixture, or the database
 * fails to commit after the provider succeeded. In every case:
 * - the refused transition leaves the transaction where it was: same state, no new events,
 *   bookings, stock or jobs (a snapshot of the counts, and the transaction shown again);
 * - no money moves twice, read from the stand-in's own records (one intent, one capture, one
 *   refund, one payout) and from the requests it received, grouped by idempotency key;
 * - retrying the same transition succeeds once the provider is back, with the same key.
 * Faults: `500` (nothing applied), `hang` (nothing applied, no answer: a timeout) and
 * `hang-after-apply` (applied at Stripe, the answer lost: the worst case for a client).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { findPaymentOperations } from '../../src/domain/payments/index.ts';
import { snapshot } from '../transactions/helpers.ts';
import { intentsOf, keyedRequestsOf, payoutsOf, refundsOf, renewStripeCallers, runStripeJobs, sellerBalance, startStripeWorld, stripePaymentOf, type StripeWorld } from './stripe-world.ts';

let w: StripeWorld;
let slot = 0;

/** How long the adapter waits for Stripe before the outcome counts as unknown. */
const TIMEOUT_MS = 400;

before(async () => {
  w = await startStripeWorld({ timeoutMs: TIMEOUT_MS });
  await installCommitFault();
});
after(async () => {
  await removeCommitFault();
  await w.close();
});

const DAY = 86_400_000;
type Json = Record<string, unknown>;
const PAYIN = 5500;
const PAYOUT = 4250;
const LINE_ITEMS = [
  { code: 'line-item/hour', unitPrice: { amount: 2500, currency: 'EUR' }, quantity: 2, includeFor: ['customer', 'provider'] },
  { code: 'line-item/customer-commission', unitPrice: { amount: 5000, currency: 'EUR' }, percentage: 10, includeFor: ['customer'] },
  { code: 'line-item/provider-commission', unitPrice: { amount: 5000, currency: 'EUR' }, percentage: -15, includeFor: ['provider'] },
];

function nextSlot(): { bookingStart: string; bookingEnd: string } {
  slot += 1;
  const day = new Date(w.clock.now().getTime() + (10 + slot) * DAY);
  day.setUTCHours(10, 0, 0, 0);
  return { bookingStart: day.toISOString(), bookingEnd: new Date(day.getTime() + 2 * 3_600_000).toISOString() };
}

const key = (id: string, action: string, attempt = 1) => `bazaar:${id}:${action}:${attempt}`;
const transition = (id: string, name: string, caller = w.asProvider, params: Json = {}) => caller.post('transactions/transition?expand=true&include=booking', { id, transition: name, params });
const stateOf = async (id: string) => (await w.asInteg.get(`transactions/show?id=${id}`)).body.data?.attributes?.state;
async function bookingStateOf(id: string): Promise<unknown> {
  const shown = await w.asInteg.get(`transactions/show?id=${id}&include=booking`);
  return shown.body.included?.find((r) => r.type === 'booking')?.attributes?.state;
}
const operationsOf = async (id: string) => (await findPaymentOperations(w.server.handle.db, w.m.marketplace.id, id)).map((o) => `${o.action}:${o.attempt}:${o.state}`).sort();
/** The stand-in's requests for the transaction on a path (regex), as their idempotency keys. */
const keysOn = (id: string, path: RegExp) => keyedRequestsOf(w, id).filter((r) => path.test(r.path)).map((r) => r.idempotencyKey);

/** The code of a refused call: a provider that did not answer is 409 payment-provider-unavailable. */
function assertUnavailable(res: { status: number; body: { errors?: { code: string }[] } }): void {
  assert.equal(res.status, 409, JSON.stringify(res.body));
  assert.equal(res.body.errors?.[0]?.code, 'payment-provider-unavailable');
}

/** A transaction in state/inquiry (no payment yet). */
async function inquiry(): Promise<string> {
  const res = await w.asCustomer.post('transactions/initiate?expand=true', { processAlias: 'default-booking/release-1', transition: 'transition/inquire', params: { listingId: w.listingId } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data?.id ?? '';
}

const requestAfterInquiry = (id: string, times: { bookingStart: string; bookingEnd: string }) =>
  transition(id, 'transition/request-payment-after-inquiry', w.asTrustedCustomer, { ...times, lineItems: LINE_ITEMS, paymentMethod: 'pm_card_visa' });

/** A transaction in state/preauthorized: request-payment with a card, then confirm-payment. */
async function preauthorized(): Promise<{ id: string; intentId: string }> {
  const res = await w.asTrustedCustomer.post('transactions/initiate?expand=true', {
    processAlias: 'default-booking/release-1',
    transition: 'transition/request-payment',
    params: { listingId: w.listingId, ...nextSlot(), lineItems: LINE_ITEMS, paymentMethod: 'pm_card_visa' },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const id = res.body.data?.id ?? '';
  const confirmed = await transition(id, 'transition/confirm-payment', w.asCustomer);
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  return { id, intentId: (await stripePaymentOf(w, id)).intentId };
}

/** A transaction in state/accepted: preauthorized, then accepted (captured). */
async function accepted(): Promise<{ id: string; intentId: string }> {
  const tx = await preauthorized();
  const res = await transition(tx.id, 'transition/accept');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return tx;
}

// A database that fails to commit after the provider answered (a crash, a lost connection, a
// full disk): a trigger refusing the transition's events — which only the real run writes, never
// the rolled-back preview — while the marketplace is listed in h4_fail_commits.
async function installCommitFault(): Promise<void> {
  const db = w.server.handle.db;
  await sql`create table if not exists h4_fail_commits (marketplace_id uuid primary key)`.execute(db);
  await sql`create or replace function h4_fail_commit() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from h4_fail_commits where marketplace_id = new.marketplace_id) then
        raise exception 'injected fault: the commit after the payment phase failed';
      end if;
      return new;
    end $$`.execute(db);
  await sql`drop trigger if exists h4_fail_commit on events`.execute(db);
  await sql`create trigger h4_fail_commit before insert on events for each row execute function h4_fail_commit()`.execute(db);
}

async function removeCommitFault(): Promise<void> {
  const db = w.server.handle.db;
  await sql`drop trigger if exists h4_fail_commit on events`.execute(db);
  await sql`drop function if exists h4_fail_commit()`.execute(db);
  await sql`drop table if exists h4_fail_commits`.execute(db);
}

const failCommits = async (on: boolean): Promise<void> => {
  const db = w.server.handle.db;
  if (on) await sql`insert into h4_fail_commits (marketplace_id) values (${w.m.marketplace.id}) on conflict do nothing`.execute(db);
  else await sql`delete from h4_fail_commits where marketplace_id = ${w.m.marketplace.id}`.execute(db);
};

test('create-intent: a 500, then a timeout after Stripe created the intent; the transaction stays in inquiry; the retry gets that one intent with the same key', async () => {
  const id = await inquiry();
  const times = nextSlot();
  const before = await snapshot(w);

  w.standIn.inject(/^\/v1\/payment_intents$/, '500');
  assertUnavailable(await requestAfterInquiry(id, times));
  assert.equal(intentsOf(w, id).length, 0, 'the 500 applied nothing');

  w.standIn.inject(/^\/v1\/payment_intents$/, 'hang-after-apply');
  const started = Date.now();
  assertUnavailable(await requestAfterInquiry(id, times));
  assert.ok(Date.now() - started >= TIMEOUT_MS, 'the adapter waited for its timeout');
  assert.equal(intentsOf(w, id).length, 1, 'Stripe created the intent; Bazaar never heard back');

  // Nothing moved on Bazaar's side: same state, no booking, no events, no jobs.
  assert.deepEqual(await snapshot(w), before);
  assert.equal(await stateOf(id), 'state/inquiry');
  assert.deepEqual(await operationsOf(id), ['stripe-create-payment-intent:1:pending']);

  const retried = await requestAfterInquiry(id, times);
  assert.equal(retried.status, 200, JSON.stringify(retried.body));
  assert.equal(retried.body.data?.attributes?.state, 'state/pending-payment');
  const intents = intentsOf(w, id);
  assert.equal(intents.length, 1, 'one intent at Stripe');
  const protectedData = retried.body.data?.attributes?.protectedData as { stripePaymentIntents?: { default?: { stripePaymentIntentId: string } } };
  assert.equal(protectedData.stripePaymentIntents?.default?.stripePaymentIntentId, intents[0]?.id, 'the transaction holds the intent Stripe created during the timeout');
  assert.deepEqual(keysOn(id, /^\/v1\/payment_intents$/), Array(3).fill(key(id, 'stripe-create-payment-intent')), 'every attempt carried the same key');
  assert.deepEqual(await operationsOf(id), ['stripe-create-payment-intent:1:succeeded']);
  assert.equal(await bookingStateOf(id), 'pending');
  const after = await snapshot(w);
  assert.deepEqual([after.transactions, after.bookings], [before.transactions, (before.bookings ?? 0) + 1]);
});

test('capture: Stripe errors (500), accept is refused and nothing changes; the retry captures once with the same key', async () => {
  const { id, intentId } = await preauthorized();
  const balance = sellerBalance(w, 'eur');
  const before = await snapshot(w);

  w.standIn.inject(/\/capture$/, '500');
  assertUnavailable(await transition(id, 'transition/accept'));
  assert.deepEqual(await snapshot(w), before);
  assert.equal(await stateOf(id), 'state/preauthorized');
  assert.equal(await bookingStateOf(id), 'pending');
  assert.deepEqual([w.standIn.paymentIntents.get(intentId)?.status, w.standIn.paymentIntents.get(intentId)?.amount_received], ['requires_capture', 0]);
  assert.equal(sellerBalance(w, 'eur'), balance);

  const retried = await transition(id, 'transition/accept');
  assert.equal(retried.status, 200, JSON.stringify(retried.body));
  assert.equal(retried.body.data?.attributes?.state, 'state/accepted');
  assert.deepEqual([w.standIn.paymentIntents.get(intentId)?.status, w.standIn.paymentIntents.get(intentId)?.amount_received], ['succeeded', PAYIN]);
  assert.equal(sellerBalance(w, 'eur') - balance, PAYOUT, 'the seller was credited once');
  assert.deepEqual(keysOn(id, /\/capture$/), [key(id, 'stripe-capture-payment-intent'), key(id, 'stripe-capture-payment-intent')]);
});

test('capture: applied at Stripe but the answer lost (timeout); the retry finds it captured and does not capture again', async () => {
  const { id, intentId } = await preauthorized();
  const balance = sellerBalance(w, 'eur');
  const before = await snapshot(w);

  w.standIn.inject(/\/capture$/, 'hang-after-apply');
  assertUnavailable(await transition(id, 'transition/accept'));
  assert.deepEqual(await snapshot(w), before);
  assert.equal(await stateOf(id), 'state/preauthorized');
  assert.equal(w.standIn.paymentIntents.get(intentId)?.status, 'succeeded', 'Stripe captured');

  const retried = await transition(id, 'transition/accept');
  assert.equal(retried.status, 200, JSON.stringify(retried.body));
  assert.equal(retried.body.data?.attributes?.state, 'state/accepted');
  assert.equal(sellerBalance(w, 'eur') - balance, PAYOUT, 'captured once');
  const captureKeys = keysOn(id, /\/capture$/);
  assert.ok(captureKeys.length >= 1 && captureKeys.every((k) => k === key(id, 'stripe-capture-payment-intent')), JSON.stringify(captureKeys));
  assert.equal((await stripePaymentOf(w, id)).amountCaptured, PAYIN);
});

test('refund: the operator cancels an accepted booking, the refund times out after Stripe applied it; the retry finds the one refund by its key', async () => {
  const { id, intentId } = await accepted();
  const credited = sellerBalance(w, 'eur');
  const before = await snapshot(w);

  w.standIn.inject(/^\/v1\/refunds$/, 'hang-after-apply');
  assertUnavailable(await transition(id, 'transition/cancel', w.asInteg));
  assert.deepEqual(await snapshot(w), before);
  assert.equal(await stateOf(id), 'state/accepted');
  assert.equal(await bookingStateOf(id), 'accepted');
  assert.equal(refundsOf(w, intentId).length, 1, 'Stripe refunded; Bazaar never heard back');

  const retried = await transition(id, 'transition/cancel', w.asInteg);
  assert.equal(retried.status, 200, JSON.stringify(retried.body));
  assert.equal(retried.body.data?.attributes?.state, 'state/cancelled');
  assert.equal(await bookingStateOf(id), 'cancelled');
  const refunds = refundsOf(w, intentId);
  assert.equal(refunds.length, 1, 'one refund at Stripe');
  assert.equal(refunds[0]?.amount, PAYIN);
  assert.equal(credited - sellerBalance(w, 'eur'), PAYOUT, 'the transfer was reversed once');
  assert.deepEqual(keysOn(id, /^\/v1\/refunds$/), [key(id, 'stripe-refund-payment'), key(id, 'stripe-refund-payment')]);
  assert.equal((await stripePaymentOf(w, id)).amountRefunded, PAYIN);
});

test('decline: cancelling the authorisation times out (nothing applied); the booking stays pending; the retry cancels once', async () => {
  const { id, intentId } = await preauthorized();
  const before = await snapshot(w);
  w.standIn.inject(/\/cancel$/, 'hang');
  assertUnavailable(await transition(id, 'transition/decline'));
  assert.deepEqual(await snapshot(w), before);
  assert.equal(await stateOf(id), 'state/preauthorized');
  assert.equal(await bookingStateOf(id), 'pending');
  assert.equal(w.standIn.paymentIntents.get(intentId)?.status, 'requires_capture');

  const retried = await transition(id, 'transition/decline');
  assert.equal(retried.status, 200, JSON.stringify(retried.body));
  assert.equal(retried.body.data?.attributes?.state, 'state/declined');
  assert.equal(w.standIn.paymentIntents.get(intentId)?.status, 'canceled');
  assert.deepEqual(keysOn(id, /\/cancel$/), [key(id, 'stripe-refund-payment'), key(id, 'stripe-refund-payment')]);
});

test('crash-like: Stripe captured but the DB commit failed; the retry finds the capture done and does not call Stripe to capture again', async () => {
  const { id, intentId } = await preauthorized();
  const balance = sellerBalance(w, 'eur');
  const before = await snapshot(w);

  await failCommits(true);
  try {
    const crashed = await transition(id, 'transition/accept');
    assert.ok(crashed.status >= 500, `expected a server error, got ${crashed.status} ${JSON.stringify(crashed.body)}`);
  } finally {
    await failCommits(false);
  }
  assert.deepEqual(await snapshot(w), before, 'no state, events, bookings or jobs from the failed commit');
  assert.equal(await stateOf(id), 'state/preauthorized');
  assert.equal(await bookingStateOf(id), 'pending');
  assert.equal(w.standIn.paymentIntents.get(intentId)?.status, 'succeeded', 'the provider call happened');
  assert.ok((await operationsOf(id)).includes('stripe-capture-payment-intent:1:succeeded'));

  const retried = await transition(id, 'transition/accept');
  assert.equal(retried.status, 200, JSON.stringify(retried.body));
  assert.equal(retried.body.data?.attributes?.state, 'state/accepted');
  assert.equal(await bookingStateOf(id), 'accepted');
  assert.deepEqual(keysOn(id, /\/capture$/), [key(id, 'stripe-capture-payment-intent')], 'one capture request in all');
  assert.equal(sellerBalance(w, 'eur') - balance, PAYOUT);
});

test('crash-like: Stripe created the intent but the DB commit failed; the retry answers from the recorded operation without calling Stripe', async () => {
  const id = await inquiry();
  const times = nextSlot();
  const before = await snapshot(w);
  await failCommits(true);
  try {
    const crashed = await requestAfterInquiry(id, times);
    assert.ok(crashed.status >= 500, `expected a server error, got ${crashed.status}`);
  } finally {
    await failCommits(false);
  }
  assert.deepEqual(await snapshot(w), before);
  assert.equal(await stateOf(id), 'state/inquiry');
  assert.equal(intentsOf(w, id).length, 1);

  const retried = await requestAfterInquiry(id, times);
  assert.equal(retried.status, 200, JSON.stringify(retried.body));
  assert.equal(retried.body.data?.attributes?.state, 'state/pending-payment');
  assert.equal(intentsOf(w, id).length, 1);
  assert.deepEqual(keysOn(id, /^\/v1\/payment_intents$/), [key(id, 'stripe-create-payment-intent')], 'Stripe was asked once');
  assert.deepEqual(await operationsOf(id), ['stripe-create-payment-intent:1:succeeded']);
});

test('timer: the payout of complete times out in the worker; the job is retried and pays out once with the same key', async () => {
  const tx = await accepted();
  const booking = await w.server.handle.db.selectFrom('bookings').select(['end_at']).where('transaction_id', '=', tx.id).executeTakeFirstOrThrow();
  w.clock.set(new Date(new Date(booking.end_at).getTime() + 2 * DAY + 1_000));
  await renewStripeCallers(w);
  const events = (await snapshot(w)).events;

  // Other accepted transactions of this file complete now too: only this one's payout hangs.
  w.standIn.inject(/^\/v1\/payouts$/, 'hang', 1, { idempotencyKey: new RegExp(`^bazaar:${tx.id}:`) });
  await runStripeJobs(w);
  assert.equal(await stateOf(tx.id), 'state/accepted');
  assert.equal(payoutsOf(w, tx.id).length, 0);
  assert.deepEqual(await operationsOf(tx.id), ['stripe-capture-payment-intent:1:succeeded', 'stripe-confirm-payment-intent:1:succeeded', 'stripe-create-payment-intent:1:succeeded', 'stripe-create-payout:1:pending']);
  const transitioned = (await sql<{ n: number }>`select count(*)::int as n from events where marketplace_id = ${w.m.marketplace.id} and sequence_id > ${events} and resource_id = ${tx.id}`.execute(w.server.handle.db)).rows[0]?.n;
  assert.equal(transitioned, 0, 'no event of the transaction');

  // The worker's backoff (10 s first) passes; the provider is back.
  w.clock.advance(60_000);
  await runStripeJobs(w);
  assert.equal(await stateOf(tx.id), 'state/delivered');
  const payouts = payoutsOf(w, tx.id);
  assert.equal(payouts.length, 1);
  assert.equal(payouts[0]?.amount, PAYOUT);
  assert.deepEqual(keysOn(tx.id, /^\/v1\/payouts$/), [key(tx.id, 'stripe-create-payout'), key(tx.id, 'stripe-create-payout')]);
});

// The payment phase runs outside the transaction's row lock, so the engine takes the transaction's
// payment lease for it (run-transition.ts): while accept calls Stripe, decline is refused with 409
// transaction-locked instead of refunding a payment that is being captured. (Before the lease:
// decline refunded at Stripe, its real run was refused, and the accepted transaction's money was
// given back.) Decline's refund is slowed so both phases would overlap without the lease.
test('race: accept and decline of the same transaction at once end consistent (accepted and not refunded, or declined)', async () => {
  const { id, intentId } = await preauthorized();
  w.standIn.inject(/^\/v1\/refunds$/, 'delay-after-apply', 1, { idempotencyKey: new RegExp(`^bazaar:${id}:`), delayMs: TIMEOUT_MS - 150 });
  const accept = transition(id, 'transition/accept');
  await new Promise((resolve) => setTimeout(resolve, 20));
  const decline = transition(id, 'transition/decline');
  const [a, d] = await Promise.all([accept, decline]);
  assert.equal([a.status, d.status].filter((s) => s === 200).length, 1, `one wins: accept ${a.status}, decline ${d.status}`);
  const loser = a.status === 200 ? d : a;
  assert.equal(loser.status, 409);
  const state = await stateOf(id);
  const refunds = refundsOf(w, intentId).length;
  const status = w.standIn.paymentIntents.get(intentId)?.status;
  if (state === 'state/accepted') assert.deepEqual([status, refunds], ['succeeded', 0], 'accepted: the capture stands and nothing was refunded');
  else assert.ok(state === 'state/declined' && (status === 'canceled' || refunds === 1), `declined: released or refunded (${String(state)}, ${String(status)}, ${refunds})`);
});
