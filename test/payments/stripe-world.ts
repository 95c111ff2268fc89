/**
 * Shared setup of the transaction-level Stripe tests (stripe-booking, payment-faults): a listening
 * server on a FakeClock whose marketplace uses the `stripe` payments provider with the Stripe
 * adapter pointed at the local Stripe stand-in (the outside service, started here), the shared
 * default-booking fixture pushed unchanged, a customer and a provider whose connected account was
 * onboarded through the Marketplace API, callers per role, the worker with the payment phase, and
 * reads of the stand-in's records (what Stripe's dashboard would show) to count money movements.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createMemoryMailer } from '../../src/domain/email/index.ts';
import { configurePayments, findTransactionPayment, type TransactionPayment } from '../../src/domain/payments/index.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { createTestMarketplace } from '../support/factories.ts';
import { startStripeStandIn, type StripeStandIn } from '../support/stripe-stand-in.ts';
import { createTestUser } from '../support/users.ts';
import { callersOf, createListing, pushFixture, renewTokens, verifyEmailOf, type World } from '../transactions/helpers.ts';
import { runJobsWithPayments, type PaymentsServer } from './fixture-world.ts';
import { startPaymentsServer } from './helpers.ts';

export type StripeWorld = World & {
  server: PaymentsServer;
  standIn: StripeStandIn;
  /** The provider's connected account at the stand-in (`acct_…`). */
  sellerAccountId: string;
  listingId: string;
  close(): Promise<void>;
};

const rnd = () => randomUUID().replaceAll('-', '');

/**
 * A Stripe marketplace against a fresh stand-in. `timeoutMs` is the adapter's per-request timeout
 * (a hanging stand-in answer becomes an unknown outcome after it).
 */
export async function startStripeWorld(opts: { timeoutMs?: number; start?: Date } = {}): Promise<StripeWorld> {
  const standIn = await startStripeStandIn();
  const clock = new FakeClock(opts.start ?? new Date('2030-03-01T09:00:00.000Z'));
  const server = await startPaymentsServer({ clock, standIn, ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) });
  const db = server.handle.db;
  const m = await createTestMarketplace(db, 'Stripe payments');
  await db.transaction().execute((trx) =>
    configurePayments(trx, server.payments, { marketplaceSlug: m.marketplace.slug, changes: { provider: 'stripe', stripeSecretKey: standIn.secretKey, stripeWebhookSecret: standIn.webhookSecret } }),
  );
  const customer = await createTestUser(db, m.marketplace.id, { firstName: 'Cora', lastName: 'Customer', displayName: 'Cora C' });
  const provider = await createTestUser(db, m.marketplace.id, { firstName: 'Pete', lastName: 'Provider', displayName: 'Pete P' });
  const third = await createTestUser(db, m.marketplace.id);
  await verifyEmailOf(server, customer);
  await verifyEmailOf(server, provider);
  const callers = await callersOf(server, m, { customer, provider, third });
  // The seller onboards through the Marketplace API (what Stripe.js tokens + stripe_account/create do).
  const created = await callers.asProvider.post('stripe_account/create?expand=true', { country: 'US', accountToken: `ct_${rnd()}`, bankAccountToken: `btok_${rnd()}` });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const sellerAccountId = String(created.body.data?.attributes?.stripeAccountId);
  assert.ok(standIn.accounts.has(sellerAccountId), 'the account exists at the stand-in');
  const world: World & { server: PaymentsServer } = { server, clock, mailer: createMemoryMailer(), m, customer, provider, third, ...callers };
  await pushFixture(world, 'default-booking');
  const listingId = await createListing(world, { title: 'Sauna', seats: 1 });
  const close = async (): Promise<void> => {
    await server.close();
    await standIn.stop();
  };
  return { ...world, standIn, sellerAccountId, listingId, close };
}

/** Fresh tokens for every caller (after moving the clock by days the old ones expired). */
export const renewStripeCallers = (w: StripeWorld): Promise<void> => renewTokens(w);

/** Runs the jobs due now with the handlers `bazaar worker` uses, the payment phase included. */
export const runStripeJobs = (w: StripeWorld): Promise<number> => runJobsWithPayments(w);

/** The transaction's payment as Bazaar recorded it (else fails). */
export async function stripePaymentOf(w: StripeWorld, transactionId: string): Promise<TransactionPayment> {
  const payment = await findTransactionPayment(w.server.handle.db, w.m.marketplace.id, transactionId);
  assert.ok(payment, `transaction ${transactionId} has no payment`);
  return payment;
}

type StandInObject = Record<string, unknown>;

/** The stand-in's payment intents created for a transaction (by the metadata Bazaar sends). */
export const intentsOf = (w: StripeWorld, transactionId: string): StandInObject[] =>
  [...w.standIn.paymentIntents.values()].filter((pi) => (pi.metadata as Record<string, unknown> | null)?.['bazaar-transaction-id'] === transactionId);

/** The stand-in's refunds of a payment intent. */
export const refundsOf = (w: StripeWorld, intentId: string): StandInObject[] => [...w.standIn.refunds.values()].filter((r) => r.payment_intent === intentId);

/** The stand-in's payouts carrying the transaction's id. */
export const payoutsOf = (w: StripeWorld, transactionId: string): StandInObject[] =>
  [...w.standIn.payouts.values()].filter((p) => (p.metadata as Record<string, unknown> | null)?.['bazaar-transaction-id'] === transactionId);

/**
 * The mutating requests the stand-in received for a transaction, as `METHOD path key`, found by the
 * idempotency keys Bazaar derives from the transaction (`bazaar:<transaction>:<action>:<attempt>`).
 */
export const keyedRequestsOf = (w: StripeWorld, transactionId: string): { method: string; path: string; idempotencyKey: string }[] =>
  w.standIn.requests.flatMap((r) => (r.method === 'POST' && r.idempotencyKey?.startsWith(`bazaar:${transactionId}:`) ? [{ method: r.method, path: r.path, idempotencyKey: r.idempotencyKey }] : []));

/** The seller's available balance at the stand-in in a currency (minor units). */
export const sellerBalance = (w: StripeWorld, currency: string): number => w.standIn.balances.get(w.sellerAccountId)?.get(currency) ?? 0;
