/**
 * Shared setup of the fixture payment tests (fixture-booking-payments, fixture-purchase-payments):
 * a listening server on a FakeClock whose marketplace uses the built-in `test` payments provider,
 * the shared fixture processes pushed unchanged, a customer and a provider with a connected account
 * (payouts enabled), callers per role, the worker with the payment phase, the test provider's
 * Stripe.js stand-in, and reads of the provider side (its own records) for money checks.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createMemoryMailer } from '../../src/domain/email/index.ts';
import { configurePayments, createStripeAccount, findPaymentOperations, findTransactionPayment, type PaymentOperation, type TransactionPayment } from '../../src/domain/payments/index.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { runDueJobs } from '../../src/jobs/worker.ts';
import { paymentPhaseOf, processJobHandlers } from '../../src/process-engine/index.ts';
import { createTestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';
import { loggedInSdk, type MarketplaceSdk } from '../support/sdk.ts';
import { callersOf, renewTokens, verifyEmailOf, type World } from '../transactions/helpers.ts';
import { startPaymentsServer } from './helpers.ts';

/** The payments test server (its PaymentsDeps exposed). */
export type PaymentsServer = Awaited<ReturnType<typeof startPaymentsServer>>;
export type PaymentsWorld = World & { server: PaymentsServer };

const rnd = () => randomUUID().replaceAll('-', '');

/** A listening server on a FakeClock, a `test`-provider marketplace, its users and callers. */
export async function startPaymentsWorld(start = new Date('2030-03-01T09:00:00.000Z')): Promise<PaymentsWorld> {
  const clock = new FakeClock(start);
  const server = await startPaymentsServer({ clock });
  const db = server.handle.db;
  const m = await createTestMarketplace(db, 'Payments');
  await db.transaction().execute((trx) => configurePayments(trx, server.payments, { marketplaceSlug: m.marketplace.slug, changes: { provider: 'test' } }));
  const customer = await createTestUser(db, m.marketplace.id, { firstName: 'Cora', lastName: 'Customer', displayName: 'Cora C' });
  const provider = await createTestUser(db, m.marketplace.id, { firstName: 'Pete', lastName: 'Provider', displayName: 'Pete P' });
  const third = await createTestUser(db, m.marketplace.id);
  await verifyEmailOf(server, customer);
  await verifyEmailOf(server, provider);
  // The seller's connected account with a bank account: charges and payouts enabled.
  await createStripeAccount(db, server.payments, { marketplaceId: m.marketplace.id, userId: provider.user.id, clientId: m.marketplaceApp.clientId }, { country: 'FI', accountToken: `ct_${rnd()}`, bankAccountToken: `btok_${rnd()}` });
  return { server, clock, mailer: createMemoryMailer(), m, customer, provider, third, ...(await callersOf(server, m, { customer, provider, third })) };
}

/** Fresh tokens for every caller (after moving the clock by days the old ones expired). */
export const renewCallers = (w: PaymentsWorld): Promise<void> => renewTokens(w);

/** Runs the jobs due now with the handlers `bazaar worker` uses: the payment phase included. */
export const runJobsWithPayments = (w: Pick<PaymentsWorld, 'server' | 'clock' | 'mailer' | 'm'>): Promise<number> =>
  runDueJobs({
    db: w.server.handle.db,
    clock: w.clock,
    handlers: processJobHandlers({ mailer: w.mailer, defaultUrl: 'https://example.test', payments: paymentPhaseOf(w.server.handle.db, w.server.payments) }),
    marketplaceId: w.m.marketplace.id,
  });

/** A logged-in Marketplace SDK of the user; `trusted` exchanges the token (privileged transitions). */
export const sdkOf = (w: PaymentsWorld, u: TestUser, opts: { trusted?: boolean } = {}): Promise<MarketplaceSdk> =>
  loggedInSdk(w.server.baseUrl, w.m.marketplaceApp, u, opts);

export interface StripeJsAnswer {
  status: number;
  json: { id?: string; status?: string; error?: { type: string; code: string | null; decline_code?: string; message: string; payment_intent?: { status: string } } };
}

/** What Stripe.js does against the test provider: `/v1/test-payments/<clientId>/payment_intents/<id>/<step>`. */
export async function stripeJs(w: PaymentsWorld, step: 'confirm' | 'authenticate', intentId: string, body: Record<string, unknown>): Promise<StripeJsAnswer> {
  const res = await fetch(`${w.server.baseUrl}/v1/test-payments/${w.m.marketplaceApp.clientId}/payment_intents/${intentId}/${step}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as StripeJsAnswer['json'] };
}

/** One object of the test provider's own records (what Stripe's dashboard would show). */
export async function providerObject(w: PaymentsWorld, id: string): Promise<Record<string, unknown>> {
  const { rows } = await sql<{ data: Record<string, unknown> }>`select data from test_provider_objects where marketplace_id = ${w.m.marketplace.id} and id = ${id}`.execute(w.server.handle.db);
  const row = rows[0];
  assert.ok(row, `the test provider has no object ${id}`);
  return row.data;
}

/** The transaction's payment as Bazaar recorded it (else fails). */
export async function paymentOf(w: PaymentsWorld, transactionId: string): Promise<TransactionPayment> {
  const payment = await findTransactionPayment(w.server.handle.db, w.m.marketplace.id, transactionId);
  assert.ok(payment, `transaction ${transactionId} has no payment`);
  return payment;
}

/** The transaction's provider operations as [action, attempt, state], sorted. */
export async function operationsOf(w: PaymentsWorld, transactionId: string): Promise<string[]> {
  const ops: PaymentOperation[] = await findPaymentOperations(w.server.handle.db, w.m.marketplace.id, transactionId);
  return ops.map((o) => `${o.action}:${o.attempt}:${o.state}`).sort();
}

interface MoneyJson {
  amount: number;
  currency: string;
}

/**
 * Money conservation of a completed (paid out) transaction, read from the provider's side: the
 * intent captured exactly the payin total, the payout carried exactly the payout total, the
 * platform kept the difference as its application fee, nothing was refunded; and the line items
 * (as the operator sees them) sum to both totals.
 */
export async function assertMoneyConserved(w: PaymentsWorld, transactionId: string, totals: { payinTotal: MoneyJson; payoutTotal: MoneyJson; lineItems: { lineTotal: MoneyJson; includeFor: string[] }[] }): Promise<void> {
  const payment = await paymentOf(w, transactionId);
  const pi = await providerObject(w, payment.intentId);
  const currency = totals.payinTotal.currency.toLowerCase();
  assert.equal(pi.status, 'succeeded');
  assert.equal(pi.currency, currency);
  assert.equal(pi.amount_received, totals.payinTotal.amount, 'captured = payin total');
  assert.equal(pi.amount_refunded, 0);
  assert.equal(pi.application_fee_amount, totals.payinTotal.amount - totals.payoutTotal.amount, 'commission = payin − payout');
  assert.ok(payment.payoutId, 'paid out');
  const payout = await providerObject(w, payment.payoutId);
  assert.equal(payout.amount, totals.payoutTotal.amount, 'payout = payout total');
  assert.equal(payout.currency, currency);
  assert.equal(payout.account, (pi.transfer_data as { destination: string }).destination, 'paid from the account the charge went to');
  // Bazaar's record agrees with the provider's.
  assert.deepEqual([payment.amountCaptured, payment.payoutAmount, payment.amountRefunded], [totals.payinTotal.amount, totals.payoutTotal.amount, 0]);
  // Line items: the customer's sum to the payin, the provider's to the payout.
  const sum = (role: string) => totals.lineItems.filter((i) => i.includeFor.includes(role)).reduce((s, i) => s + i.lineTotal.amount, 0);
  assert.equal(sum('customer'), totals.payinTotal.amount, 'customer line items = payin total');
  assert.equal(sum('provider'), totals.payoutTotal.amount, 'provider line items = payout total');
}

/** The connected account's and the platform's available test balances in a currency. */
export async function balances(w: PaymentsWorld, currency: string): Promise<{ seller: number; platform: number }> {
  const account = await sql<{ account_id: string }>`select account_id from payment_accounts where marketplace_id = ${w.m.marketplace.id} and user_id = ${w.provider.user.id}`.execute(w.server.handle.db);
  const accountId = account.rows[0]?.account_id;
  const read = async (id: string) => {
    const { rows } = await sql<{ data: { available: MoneyJson[] } }>`select data from test_provider_objects where marketplace_id = ${w.m.marketplace.id} and id = ${id}`.execute(w.server.handle.db);
    return rows[0]?.data.available.find((b) => b.currency === currency)?.amount ?? 0;
  };
  return { seller: await read(`bal_${accountId ?? ''}`), platform: await read('bal_platform') };
}

/** The default payment intent's id and client secret in a transaction's protectedData (what Stripe.js needs). */
export const secretOf = (protectedData: unknown): { stripePaymentIntentId: string; stripePaymentIntentClientSecret: string } => {
  const entry = (protectedData as { stripePaymentIntents?: { default?: { stripePaymentIntentId: string; stripePaymentIntentClientSecret: string } } } | undefined)?.stripePaymentIntents?.default;
  assert.ok(entry, `no stripePaymentIntents.default in ${JSON.stringify(protectedData)}`);
  return entry;
};
