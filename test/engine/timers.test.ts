/**
 * Timers of the transition engine on a FakeClock (domain §1.8): delayed transitions scheduled on
 * state entry and fired by the worker's handlers as the system actor, cancelled when an earlier
 * transition leaves the state (with the state's delayed notifications; immediate ones still go),
 * a review window that closes and publishes the review, a failed automatic transition that keeps
 * the others of its state from running, and (PostgreSQL) two workers racing for one due timer.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { findJobs } from '../../src/domain/jobs/index.ts';
import { runDueJobs } from '../../src/jobs/worker.ts';
import { processJobHandlers } from '../../src/process-engine/index.ts';
import { testDatabaseUrl } from '../support/db.ts';
import { BOOKING_REQUEST_PROCESS } from '../transactions/test-processes.ts';
import { createListing, mailTo, pushProcessAs, renewTokens, runJobs, startWorld, type World } from '../transactions/helpers.ts';

let w: World;
let listingId: string;
let slot = 0;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** Two delayed transitions from one state: the first due one fails (`:action/fail`). */
const FAILING_TIMER_PROCESS = {
  source: `{:format :v3
 :transitions
 [{:name :transition/start :actor :actor.role/customer :actions [] :to :state/waiting}
  {:name :transition/break
   :at {:fn/plus [{:fn/timepoint [:time/first-entered-state :state/waiting]} {:fn/period ["PT1H"]}]}
   :actions [{:name :action/fail}]
   :from :state/waiting
   :to :state/broken}
  {:name :transition/finish
   :at {:fn/plus [{:fn/timepoint [:time/first-entered-state :state/waiting]} {:fn/period ["PT2H"]}]}
   :actions []
   :from :state/waiting
   :to :state/finished}
  {:name :transition/operator-finish :actor :actor.role/operator :actions [] :from :state/waiting :to :state/finished}]}`,
  templates: {},
};

before(async () => {
  w = await startWorld({ start: new Date('2030-05-01T08:00:00.000Z') });
  await pushProcessAs(w, 'booking-request', BOOKING_REQUEST_PROCESS);
  await pushProcessAs(w, 'failing-timer', FAILING_TIMER_PROCESS);
  listingId = await createListing(w, { title: 'Boat', seats: 1 });
});
after(async () => w.server.close());

/** A request for a 2-hour slot starting `inDays` days from now (a different date per call). */
async function request(inDays: number): Promise<{ id: string; start: Date; end: Date }> {
  slot += 1;
  const start = new Date(w.clock.now().getTime() + inDays * DAY + slot * 3 * HOUR);
  const end = new Date(start.getTime() + 2 * HOUR);
  const res = await w.asTrustedCustomer.post('transactions/initiate', {
    processAlias: 'booking-request/release-1',
    transition: 'transition/request',
    params: { listingId, bookingStart: start.toISOString(), bookingEnd: end.toISOString(), lineItems: [{ code: 'line-item/hour', unitPrice: eur(1000), quantity: 2 }] },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { id: res.body.data?.id ?? '', start, end };
}

const jobsOf = (id: string) => findJobs(w.server.handle.db, { marketplaceId: w.m.marketplace.id, keyPrefix: `tx:${id}:` });
const stateOf = async (id: string): Promise<string> => {
  const { rows } = await sql<{ state: string }>`select state from transactions where id = ${id}`.execute(w.server.handle.db);
  return rows[0]?.state ?? '';
};

test('a request that expires: the expire timer is scheduled at entry (earliest of +3 days and booking start) and fired by the worker as system', async () => {
  const { id, start } = await request(10);
  const requestedAt = w.clock.now();
  const jobs = await jobsOf(id);
  const timer = jobs.find((j) => j.kind === 'transition');
  const reminder = jobs.find((j) => j.kind === 'notification');
  assert.equal(timer?.key, `tx:${id}:e1:transition:transition/expire`);
  assert.equal(timer?.runAt.toISOString(), new Date(Math.min(requestedAt.getTime() + 3 * DAY, start.getTime())).toISOString());
  assert.equal(reminder?.key, `tx:${id}:e1:notification:notification/request-reminder`);
  assert.equal(reminder?.runAt.toISOString(), new Date(requestedAt.getTime() + DAY).toISOString());

  w.clock.set(new Date(requestedAt.getTime() + 3 * DAY - 1000));
  await runJobs(w);
  assert.equal(await stateOf(id), 'state/requested');
  assert.ok(mailTo(w, w.provider).some((m) => m.subject === 'Reminder: answer Cora C'), 'the delayed reminder went after one day');
  w.clock.advance(1000);
  await runJobs(w);
  assert.equal(await stateOf(id), 'state/expired');
  const { rows } = await sql<{ state: string }>`select state from bookings where transaction_id = ${id}`.execute(w.server.handle.db);
  assert.equal(rows[0]?.state, 'declined');
  assert.equal((await jobsOf(id)).find((j) => j.kind === 'transition')?.state, 'done');
});

test('a timer cancelled by an earlier transition: accept cancels expire and the delayed reminder; the immediate notifications still go', async () => {
  await renewTokens(w);
  const { id } = await request(20);
  const sentBefore = w.mailer.sent.length;
  const accepted = await w.asProvider.post('transactions/transition', { id, transition: 'transition/accept', params: {} });
  assert.equal(accepted.status, 200);
  const jobs = await jobsOf(id);
  const byKey = new Map(jobs.map((j) => [j.key, j.state]));
  assert.equal(byKey.get(`tx:${id}:e1:transition:transition/expire`), 'cancelled');
  assert.equal(byKey.get(`tx:${id}:e1:notification:notification/request-reminder`), 'cancelled');
  assert.equal(byKey.get(`tx:${id}:e2:transition:transition/complete`), 'pending');
  await runJobs(w);
  const sent = w.mailer.sent.slice(sentBefore).map((m) => `${m.to} ${m.subject}`);
  assert.deepEqual(sent.sort(), [`${w.customer.email} Accepted: Boat`, `${w.provider.email} New request for Boat`].sort());
  w.clock.advance(4 * DAY);
  await runJobs(w);
  assert.equal(await stateOf(id), 'state/accepted');
});

test('a review window that closes: complete after booking end, the customer reviews, the window expiry publishes the review', async () => {
  await renewTokens(w);
  const { id, end } = await request(2);
  assert.equal((await w.asProvider.post('transactions/transition', { id, transition: 'transition/accept', params: {} })).status, 200);
  w.clock.set(new Date(end.getTime() + DAY));
  await runJobs(w);
  assert.equal(await stateOf(id), 'state/delivered');
  await renewTokens(w);
  const reviewed = await w.asCustomer.post('transactions/transition?expand=true&include=reviews', {
    id,
    transition: 'transition/review-1-by-customer',
    params: { reviewRating: 4, reviewContent: 'Smooth sailing' },
  });
  assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body));
  assert.equal(reviewed.body.included?.find((r) => r.type === 'review')?.attributes?.state, 'pending');
  const twice = await w.asCustomer.post('transactions/transition', { id, transition: 'transition/review-1-by-customer', params: { reviewRating: 4, reviewContent: 'x' } });
  assert.equal(twice.status, 409);
  w.clock.set(new Date(end.getTime() + 7 * DAY));
  await runJobs(w);
  assert.equal(await stateOf(id), 'state/reviewed');
  const { rows } = await sql<{ state: string; rating: number }>`select state, rating from reviews where transaction_id = ${id}`.execute(w.server.handle.db);
  assert.deepEqual(rows, [{ state: 'public', rating: 4 }]);
});

test('a failed automatic transition keeps the state\'s other timers from running; an operator can still move on', async () => {
  await renewTokens(w);
  const started = await w.asCustomer.post('transactions/initiate', { processAlias: 'failing-timer/release-1', transition: 'transition/start', params: { listingId } });
  assert.equal(started.status, 200);
  const id = started.body.data?.id ?? '';
  w.clock.advance(HOUR);
  await runJobs(w);
  w.clock.advance(HOUR);
  await runJobs(w);
  assert.equal(await stateOf(id), 'state/waiting');
  const states = new Map((await jobsOf(id)).map((j) => [j.key, j.state]));
  assert.equal(states.get(`tx:${id}:e1:transition:transition/break`), 'failed');
  assert.equal(states.get(`tx:${id}:e1:transition:transition/finish`), 'done');
  await renewTokens(w);
  assert.equal((await w.asInteg.post('transactions/transition', { id, transition: 'transition/operator-finish', params: {} })).status, 200);
  assert.equal(await stateOf(id), 'state/finished');
});

test('two workers racing for one due timer: the transition runs once', { skip: testDatabaseUrl === undefined ? 'needs PostgreSQL (TEST_DATABASE_URL)' : false }, async () => {
  await renewTokens(w);
  const { id } = await request(1);
  w.clock.advance(3 * DAY);
  const handlers = processJobHandlers({ mailer: w.mailer, defaultUrl: 'https://example.test' });
  const worker = () => runDueJobs({ db: w.server.handle.db, clock: w.clock, handlers, marketplaceId: w.m.marketplace.id });
  await Promise.all([worker(), worker(), worker()]);
  const { rows } = await sql<{ transitions: { transition: string }[] }>`select transitions from transactions where id = ${id}`.execute(w.server.handle.db);
  assert.deepEqual(rows[0]?.transitions.map((t) => t.transition), ['transition/request', 'transition/expire']);
});
