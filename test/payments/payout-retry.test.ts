/**
 * Payouts waiting for funds: at Stripe captured funds reach the seller's balance as pending and
 * become available days later, so the complete transition's payout is refused (`balance_insufficient`)
 * and the payment is marked `scheduled`. The worker's `payments/retry-payouts` job (the handlers
 * `bazaar start`/`bazaar worker` use) sends it once the funds are there — once, with the stand-in
 * keeping the books — and repeats hourly only while something waits.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryMailer } from '../../src/domain/email/index.ts';
import { runDueJobs } from '../../src/jobs/worker.ts';
import { buildJobHandlers } from '../../src/jobs/handlers.ts';
import { payoutsOf, renewStripeCallers, sellerBalance, startStripeWorld, stripePaymentOf, type StripeWorld } from './stripe-world.ts';

let w: StripeWorld;
before(async () => {
  w = await startStripeWorld();
});
after(async () => w.close());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PAYOUT = 4250;

const runWorker = () =>
  runDueJobs({
    db: w.server.handle.db,
    clock: w.clock,
    handlers: buildJobHandlers({ config: w.server.config, db: w.server.handle.db, clock: w.clock, mailer: createMemoryMailer(), payments: w.server.payments }),
    marketplaceId: w.m.marketplace.id,
  });

const pendingRetryJobs = () =>
  w.server.handle.db
    .selectFrom('jobs')
    .select(['key', 'run_at'])
    .where('marketplace_id', '=', w.m.marketplace.id)
    .where('kind', '=', 'payments/retry-payouts')
    .where('state', '=', 'pending')
    .execute();

test('a payout refused for pending funds is scheduled; the worker job retries hourly and pays out once when the funds are available', async () => {
  w.standIn.pendingFunds = true;
  const day = new Date(w.clock.now().getTime() + 10 * DAY);
  day.setUTCHours(10, 0, 0, 0);
  const bookingEnd = new Date(day.getTime() + 2 * HOUR);
  const req = await w.asTrustedCustomer.post('transactions/initiate?expand=true', {
    processAlias: 'default-booking/release-1',
    transition: 'transition/request-payment',
    params: {
      listingId: w.listingId,
      bookingStart: day.toISOString(),
      bookingEnd: bookingEnd.toISOString(),
      paymentMethod: 'pm_card_visa',
      lineItems: [
        { code: 'line-item/hour', unitPrice: { amount: 2500, currency: 'EUR' }, quantity: 2, includeFor: ['customer', 'provider'] },
        { code: 'line-item/customer-commission', unitPrice: { amount: 5000, currency: 'EUR' }, percentage: 10, includeFor: ['customer'] },
        { code: 'line-item/provider-commission', unitPrice: { amount: 5000, currency: 'EUR' }, percentage: -15, includeFor: ['provider'] },
      ],
    },
  });
  assert.equal(req.status, 200, JSON.stringify(req.body));
  const id = req.body.data?.id ?? '';
  assert.equal((await w.asCustomer.post('transactions/transition', { id, transition: 'transition/confirm-payment', params: {} })).status, 200);
  assert.equal((await w.asProvider.post('transactions/transition', { id, transition: 'transition/accept', params: {} })).status, 200);
  assert.equal(sellerBalance(w, 'eur'), 0, 'captured funds are pending, not available');

  // complete (booking end + 2 days): delivered, the payout waits.
  const completeAt = new Date(bookingEnd.getTime() + 2 * DAY + 1_000);
  w.clock.set(completeAt);
  await runWorker();
  await renewStripeCallers(w);
  assert.equal((await w.asInteg.get(`transactions/show?id=${id}`)).body.data?.attributes?.state, 'state/delivered');
  let payment = await stripePaymentOf(w, id);
  assert.deepEqual([payment.payoutStatus, payment.payoutId], ['scheduled', null]);
  assert.equal(payoutsOf(w, id).length, 0);
  // The retry runs at the start of the hour after next.
  const firstRun = new Date(Math.floor(completeAt.getTime() / HOUR) * HOUR + 2 * HOUR);
  assert.deepEqual((await pendingRetryJobs()).map((j) => new Date(j.run_at).toISOString()), [firstRun.toISOString()]);

  w.clock.set(new Date(firstRun.getTime() - 1_000));
  await runWorker();
  assert.equal(payoutsOf(w, id).length, 0, 'not due yet');

  // Due, but the funds are still pending: still scheduled, the next run two hours on.
  w.clock.set(firstRun);
  await runWorker();
  assert.equal((await stripePaymentOf(w, id)).payoutStatus, 'scheduled');
  assert.equal(payoutsOf(w, id).length, 0);
  const secondRun = new Date(firstRun.getTime() + 2 * HOUR);
  assert.deepEqual((await pendingRetryJobs()).map((j) => new Date(j.run_at).toISOString()), [secondRun.toISOString()]);

  // Stripe makes the funds available; the next run pays out, once.
  w.standIn.releaseFunds(w.sellerAccountId);
  assert.equal(sellerBalance(w, 'eur'), PAYOUT);
  w.clock.set(secondRun);
  await runWorker();
  payment = await stripePaymentOf(w, id);
  const payouts = payoutsOf(w, id);
  assert.equal(payouts.length, 1);
  assert.deepEqual([payouts[0]?.amount, payouts[0]?.account], [PAYOUT, w.sellerAccountId]);
  assert.deepEqual([payment.payoutId, payment.payoutStatus], [payouts[0]?.id, 'pending']);
  assert.equal(sellerBalance(w, 'eur'), 0);
  assert.deepEqual(await pendingRetryJobs(), [], 'nothing waits: no further runs');

  w.clock.set(new Date(secondRun.getTime() + DAY));
  await runWorker();
  assert.equal(payoutsOf(w, id).length, 1, 'never paid twice');
});
