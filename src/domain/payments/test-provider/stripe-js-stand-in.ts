/**
 * The buyer's and seller's side of the test provider — what Stripe.js and Stripe's hosted pages do
 * against real Stripe — for the `/v1/test-payments/<clientId>/…` endpoints:
 * - read a payment or setup intent with its client secret (`stripe.retrievePaymentIntent`);
 * - confirm it with a payment method (`stripe.confirmCardPayment` / `confirmCardSetup`); a card
 *   needing authentication answers `requires_action`;
 * - answer that authentication challenge (the 3-D Secure modal), passing or failing it;
 * - mint tokens (`stripe.createToken('account' | 'bank_account' | 'person')`);
 * - complete a seller's onboarding (the page an account link leads to).
 * Addressed like Stripe.js: by the marketplace application's client id (the publishable key's
 * role) plus the intent's client secret; only on marketplaces using the test provider.
 */
import { timingSafeEqual } from 'node:crypto';
import { notFound } from '../../errors.ts';
import { authenticateClient } from '../../marketplaces/index.ts';
import type { Db } from '../../../store/db.ts';
import type { PaymentJsonObject, TestSetupIntent, TestToken } from '../../../store/tables/payments.ts';
import { assertOutsideTransaction, validCountry, type PaymentsDeps } from '../payments.ts';
import { selectPaymentSettings } from '../payments.store.ts';
import { PaymentProviderError } from '../provider.ts';
import { runTestRequest, testId, type TestBook, type TestProviderContext } from './test-book.ts';
import { attachToCustomer, authenticateIntent, confirmIntent, refreshAccountState, resolvePaymentMethod } from './test-flow.ts';

/** A Stripe.js-style answer: the object, or Stripe's error (with the intent when one was involved). */
export type StandInResult = { ok: PaymentJsonObject } | { error: { kind: PaymentProviderError['kind']; code: string | null; declineCode: string | null; message: string }; intent: PaymentJsonObject | null };

/** The test provider of the marketplace behind `clientId`; not-found for unknown clients and other providers. */
async function standInContext(db: Db, deps: PaymentsDeps, clientId: string): Promise<TestProviderContext> {
  assertOutsideTransaction(db);
  const app = await authenticateClient(db, clientId);
  if (!app || app.kind !== 'marketplace') throw notFound('No marketplace application with this client id.');
  const settings = await selectPaymentSettings(db, app.marketplaceId);
  if (settings?.provider !== 'test') throw notFound('This marketplace does not use the test payments provider.');
  return { db, marketplaceId: app.marketplaceId, clock: deps.clock, linkBase: null };
}

const sameSecret = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const failure = (err: unknown, intent: PaymentJsonObject | null): StandInResult => {
  if (!(err instanceof PaymentProviderError)) throw err;
  return { error: { kind: err.kind, code: err.code, declineCode: err.declineCode, message: err.message }, intent };
};

/** Runs a stand-in step, turning provider refusals into Stripe-style error answers. */
async function standIn(ctx: TestProviderContext, body: (book: TestBook) => Promise<StandInResult>): Promise<StandInResult> {
  try {
    return await runTestRequest(ctx, { key: undefined, params: null }, async (book) => ({ ok: await body(book), ref: null }), () => Promise.reject(new Error('not replayed')));
  } catch (err) {
    return failure(err, null);
  }
}

async function intentWithSecret(book: TestBook, id: string, clientSecret: string) {
  const pi = await book.find('payment_intent', id);
  // A wrong secret reads as an unknown intent, as at Stripe: nothing about the intent leaks.
  if (!pi || !sameSecret(pi.client_secret, clientSecret)) throw new PaymentProviderError('not-found', `No such payment_intent: '${id}'`, { code: 'resource_missing' });
  return pi;
}

async function setupIntentWithSecret(book: TestBook, id: string, clientSecret: string): Promise<TestSetupIntent> {
  const si = await book.find('setup_intent', id);
  if (!si || !sameSecret(si.client_secret, clientSecret)) throw new PaymentProviderError('not-found', `No such setup_intent: '${id}'`, { code: 'resource_missing' });
  return si;
}

export interface IntentAccess {
  clientId: string;
  intentId: string;
  clientSecret: string;
}

/** `stripe.retrievePaymentIntent(clientSecret)`. */
export async function retrieveTestPaymentIntent(db: Db, deps: PaymentsDeps, input: IntentAccess): Promise<StandInResult> {
  const ctx = await standInContext(db, deps, input.clientId);
  return standIn(ctx, async (book) => ({ ok: await intentWithSecret(book, input.intentId, input.clientSecret) }));
}

/**
 * `stripe.confirmCardPayment(clientSecret, {payment_method})`: confirms with the given payment
 * method (or the one already on the intent). Declines answer Stripe's card error with the intent.
 */
export async function confirmTestPaymentIntent(db: Db, deps: PaymentsDeps, input: IntentAccess & { paymentMethod?: string | undefined }): Promise<StandInResult> {
  const ctx = await standInContext(db, deps, input.clientId);
  return standIn(ctx, async (book) => {
    let pi = await intentWithSecret(book, input.intentId, input.clientSecret);
    if (input.paymentMethod !== undefined) {
      if (pi.status !== 'requires_payment_method' && pi.status !== 'requires_confirmation') {
        return failure(new PaymentProviderError('invalid-request', `You cannot confirm this PaymentIntent because it has a status of ${pi.status}.`, { code: 'payment_intent_unexpected_state' }), pi);
      }
      const pm = await resolvePaymentMethod(book, input.paymentMethod);
      pi = { ...pi, payment_method: pm.id, status: 'requires_confirmation' };
    }
    const { pi: confirmed, failure: declined } = await confirmIntent(book, pi, 'on-session');
    return declined ? failure(declined, confirmed) : { ok: confirmed };
  });
}

/** The buyer passes (or fails) the authentication an intent asked for (`requires_action`). */
export async function authenticateTestPaymentIntent(db: Db, deps: PaymentsDeps, input: IntentAccess & { succeed: boolean }): Promise<StandInResult> {
  const ctx = await standInContext(db, deps, input.clientId);
  return standIn(ctx, async (book) => ({ ok: await authenticateIntent(book, await intentWithSecret(book, input.intentId, input.clientSecret), input.succeed) }));
}

/** `stripe.retrieveSetupIntent(clientSecret)`. */
export async function retrieveTestSetupIntent(db: Db, deps: PaymentsDeps, input: IntentAccess): Promise<StandInResult> {
  const ctx = await standInContext(db, deps, input.clientId);
  return standIn(ctx, async (book) => ({ ok: await setupIntentWithSecret(book, input.intentId, input.clientSecret) }));
}

/** Completes a setup intent with its payment method (attached to the intent's customer, if any). */
async function finishSetup(book: TestBook, si: TestSetupIntent, paymentMethodId: string): Promise<TestSetupIntent> {
  const pm = await book.get('payment_method', paymentMethodId);
  if (si.customer !== null) await attachToCustomer(book, pm, si.customer);
  const done: TestSetupIntent = { ...si, status: 'succeeded', payment_method: pm.id, next_action: null, last_setup_error: null };
  await book.put(done);
  return done;
}

/** `stripe.confirmCardSetup(clientSecret, {payment_method})`: saves the card for later (3-D Secure cards ask for authentication first). */
export async function confirmTestSetupIntent(db: Db, deps: PaymentsDeps, input: IntentAccess & { paymentMethod: string }): Promise<StandInResult> {
  const ctx = await standInContext(db, deps, input.clientId);
  return standIn(ctx, async (book) => {
    const si = await setupIntentWithSecret(book, input.intentId, input.clientSecret);
    if (si.status !== 'requires_payment_method' && si.status !== 'requires_confirmation') {
      return failure(new PaymentProviderError('invalid-request', `You cannot confirm this SetupIntent because it has a status of ${si.status}.`, { code: 'setup_intent_unexpected_state' }), si);
    }
    const pm = await resolvePaymentMethod(book, input.paymentMethod);
    if (pm.test_behaviour.kind === 'authenticate') {
      const waiting: TestSetupIntent = { ...si, status: 'requires_action', payment_method: pm.id, next_action: { type: 'use_stripe_sdk' } };
      await book.put(waiting);
      return { ok: waiting };
    }
    return { ok: await finishSetup(book, si, pm.id) };
  });
}

/** The buyer passes (or fails) a setup intent's authentication. */
export async function authenticateTestSetupIntent(db: Db, deps: PaymentsDeps, input: IntentAccess & { succeed: boolean }): Promise<StandInResult> {
  const ctx = await standInContext(db, deps, input.clientId);
  return standIn(ctx, async (book) => {
    const si = await setupIntentWithSecret(book, input.intentId, input.clientSecret);
    if (si.status !== 'requires_action' || si.payment_method === null) {
      return failure(new PaymentProviderError('invalid-request', `This SetupIntent does not need authentication: it has a status of ${si.status}.`, { code: 'setup_intent_unexpected_state' }), si);
    }
    if (input.succeed) return { ok: await finishSetup(book, si, si.payment_method) };
    const failed: TestSetupIntent = {
      ...si,
      status: 'requires_payment_method',
      next_action: null,
      last_setup_error: { type: 'invalid_request_error', code: 'setup_intent_authentication_failure', decline_code: null, message: 'The latest attempt to set up the payment method has failed because authentication failed.', payment_method: si.payment_method },
    };
    await book.put(failed);
    return { ok: failed };
  });
}

export type TestTokenInput =
  | { clientId: string; type: 'account'; businessType?: string | undefined; tosShownAndAccepted?: boolean | undefined }
  | { clientId: string; type: 'bank_account'; country?: string | undefined; currency?: string | undefined; accountNumber?: string | undefined; routingNumber?: string | undefined; bankName?: string | undefined }
  | { clientId: string; type: 'person' };

/** `stripe.createToken(type, data)`: a single-use `ct_…`, `btok_…` or `cpt_…` token. */
export async function createTestToken(db: Db, deps: PaymentsDeps, input: TestTokenInput): Promise<StandInResult> {
  const ctx = await standInContext(db, deps, input.clientId);
  return standIn(ctx, async (book) => {
    const prefix = input.type === 'account' ? 'ct' : input.type === 'bank_account' ? 'btok' : 'cpt';
    const token: TestToken = {
      id: testId(prefix),
      object: 'token',
      type: input.type,
      used: false,
      account: input.type === 'account' ? { business_type: input.businessType ?? 'individual', tos_shown_and_accepted: input.tosShownAndAccepted ?? true } : null,
      bank_account:
        input.type === 'bank_account'
          ? {
              country: input.country === undefined ? 'US' : validCountry(input.country),
              currency: (input.currency ?? 'usd').toLowerCase(),
              last4: (input.accountNumber ?? '000123456789').slice(-4),
              bank_name: input.bankName ?? 'STRIPE TEST BANK',
              routing_number: input.routingNumber ?? null,
            }
          : null,
      created: book.now,
    };
    await book.put(token);
    return { ok: token };
  });
}

/**
 * The page an account link leads to: the seller "completes" onboarding — terms accepted, a test
 * bank account (`…6789`) added when none was given — so charges and payouts become enabled.
 */
export async function completeTestOnboarding(db: Db, deps: PaymentsDeps, input: { clientId: string; accountId: string }): Promise<StandInResult> {
  const ctx = await standInContext(db, deps, input.clientId);
  return standIn(ctx, async (book) => {
    const a = await book.get('account', input.accountId);
    const bank = a.external_accounts.data[0] ?? {
      id: testId('ba'),
      object: 'bank_account' as const,
      account: a.id,
      bank_name: 'STRIPE TEST BANK',
      country: a.country,
      currency: a.default_currency,
      last4: '6789',
      routing_number: '110000000',
      status: 'new' as const,
      default_for_currency: true,
    };
    const done = refreshAccountState({ ...a, tos_acceptance: { date: a.tos_acceptance.date ?? book.now }, external_accounts: { ...a.external_accounts, data: [bank], total_count: 1 } });
    await book.put(done);
    return { ok: done };
  });
}
