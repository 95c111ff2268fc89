/**
 * Payments: types and pure rules shared by the use cases (domain §2.8, catalogue §3.10, §5.15).
 */
import { createHash } from 'node:crypto';
import { DomainError, badRequest, conflict } from '../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Db } from '../../store/db.ts';
import type { PaymentJsonObject, PaymentProviderName, StoredPaymentMethod } from '../../store/tables/payments.ts';
import { PaymentProviderError, type Capability, type PaymentIntentStatus, type ProviderKind } from './provider.ts';

export type { PaymentProviderName, StoredPaymentMethod };

/** Where the Stripe adapter sends requests: api.stripe.com unless overridden (tests use a stand-in). */
export interface StripeConnection {
  host: string | undefined;
  port: number | undefined;
  protocol: 'http' | 'https' | undefined;
  /** Per-request timeout; a timed-out call is an unknown outcome, retried with the same key. */
  timeoutMs: number;
  /** The stripe package's own retries of network failures (same idempotency key). */
  maxNetworkRetries: number;
}

/** What the payment use cases need besides the database. */
export interface PaymentsDeps {
  clock: Clock;
  /** This server's public base URL: the test provider's onboarding links point here. */
  publicUrl: string;
  /** 32-byte key sealing Stripe secrets at rest; undefined stores them marked `plain:`. */
  secretsKey: Buffer | undefined;
  stripe: StripeConnection;
}

/** Builds PaymentsDeps with production defaults for what is not given. */
export function createPaymentsDeps(opts: { clock: Clock; publicUrl: string; secretsKey?: Buffer; stripe?: Partial<StripeConnection> }): PaymentsDeps {
  return {
    clock: opts.clock,
    publicUrl: opts.publicUrl.replace(/\/+$/, ''),
    secretsKey: opts.secretsKey,
    stripe: {
      host: opts.stripe?.host,
      port: opts.stripe?.port,
      protocol: opts.stripe?.protocol,
      timeoutMs: opts.stripe?.timeoutMs ?? 20_000,
      maxNetworkRetries: opts.stripe?.maxNetworkRetries ?? 1,
    },
  };
}

/** A marketplace's payment configuration as operators see it (never the secrets themselves). */
export interface PaymentSettings {
  provider: PaymentProviderName;
  /** `sk_test_…4242` when a Stripe secret key is stored. */
  stripeSecretKeyHint: string | null;
  /** False when the stored key is only marked plain (the server has no secrets key). */
  stripeSecretKeyEncrypted: boolean;
  stripeWebhookSecretSet: boolean;
}

/** A user's connected (seller) account at the marketplace's provider. */
export interface PaymentAccount {
  id: string;
  marketplaceId: string;
  userId: string;
  provider: ProviderKind;
  accountId: string;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  /** The provider's account object (`stripeAccountData`). */
  data: PaymentJsonObject;
  createdAt: Date;
}

/** A user's customer (buyer) record at the provider, with the saved default payment method. */
export interface PaymentCustomer {
  id: string;
  marketplaceId: string;
  userId: string;
  provider: ProviderKind;
  customerId: string;
  defaultPaymentMethod: StoredPaymentMethod | null;
}

/** A transaction's one payment intent and where its money went. */
export interface TransactionPayment {
  id: string;
  marketplaceId: string;
  transactionId: string;
  provider: ProviderKind;
  intentId: string;
  clientSecret: string;
  status: PaymentIntentStatus;
  captureMethod: 'manual' | 'automatic';
  amount: number;
  /** Upper-case ISO 4217, as Bazaar's Money carries it. */
  currency: string;
  /** The seller's share (payout total); the commission is `amount − payoutAmount`. */
  payoutAmount: number;
  destinationAccountId: string;
  customerId: string | null;
  paymentMethodId: string | null;
  amountCaptured: number;
  amountRefunded: number;
  payoutId: string | null;
  /** `pending`/`in_transit`/`paid`/`failed`/`canceled` from the provider, or `scheduled` (waiting for funds). */
  payoutStatus: string | null;
}

/**
 * What a payment action writes into the transaction's protectedData: top-level keys to set, and
 * `null` to remove a key (the extended-data merge rule). The web template reads
 * `stripePaymentIntents.default.stripePaymentIntentClientSecret` to run Stripe.js.
 */
export type ProtectedDataChanges = { [key: string]: PaymentJsonObject | null };

/** The result every engine-facing payment function returns. */
export interface PaymentActionResult {
  protectedData: ProtectedDataChanges;
  payment: TransactionPayment;
}

/** Payment actions of transaction processes, without the `action/` namespace. */
export type PaymentActionName =
  | 'stripe-create-payment-intent'
  | 'stripe-create-payment-intent-push'
  | 'stripe-confirm-payment-intent'
  | 'stripe-capture-payment-intent'
  | 'stripe-refund-payment'
  | 'stripe-refund-charge'
  | 'stripe-create-payout';

/**
 * The idempotency key of one attempt of one payment action of one transaction. A retried
 * transition uses the same attempt (and so the same key) until the provider gave a definitive
 * answer; only a definitive failure (a declined card) opens a new attempt with a new key.
 */
export const idempotencyKeyOf = (subjectId: string, action: string, attempt: number): string => `bazaar:${subjectId}:${action}:${attempt}`;

/** A stable fingerprint of a request, so a retry can tell whether it asks for the same thing. */
export function fingerprintOf(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, canonical(x)]),
      );
    }
    return v;
  };
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex');
}

/** Provider calls never run inside a database transaction: it would hold locks (and PGlite's only connection) while waiting on the network. */
export function assertOutsideTransaction(db: Db): void {
  if (db.isTransaction) throw new Error('Payment provider calls must run outside a database transaction.');
}

const body = (path: string): { type: 'body'; path: string[] } => ({ type: 'body', path: [path] });

/** A two-letter country code (upper case), else 400 naming the body key. */
export function validCountry(value: string, key = 'country'): string {
  const country = value.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw badRequest('validation-invalid-value', `${key} must be an ISO 3166-1 alpha-2 country code.`, body(key));
  return country;
}

/**
 * A token of the expected kind, else 400: account tokens are `ct_…`, bank account tokens `btok_…`,
 * person tokens `cpt_…` (what Stripe.js `createToken` returns), payment methods `pm_…` (or the
 * legacy `card_…`/`src_…` ids Stripe still accepts as payment methods).
 */
export function validToken(value: string, kind: 'account' | 'bank' | 'person' | 'payment-method', key: string): string {
  const patterns = { account: /^ct_\w+$/, bank: /^btok_\w+$/, person: /^cpt_\w+$/, 'payment-method': /^(pm|card|src)_\w+$/ };
  const names = { account: 'an account token (ct_…)', bank: 'a bank account token (btok_…)', person: 'a person token (cpt_…)', 'payment-method': 'a payment method id (pm_…)' };
  if (!patterns[kind].test(value)) throw badRequest('validation-invalid-value', `${key} must be ${names[kind]}.`, body(key));
  return value;
}

/** An absolute http(s) URL, else 400. */
export function validUrl(value: string, key: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badRequest('validation-invalid-value', `${key} must be an absolute URL.`, body(key));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest('validation-invalid-value', `${key} must be an http or https URL.`, body(key));
  return value;
}

export const CAPABILITIES: readonly Capability[] = ['card_payments', 'transfers', 'legacy_payments'];

/** Requested capabilities (default: what the default processes need), else 400. */
export function validCapabilities(values: string[] | undefined, key = 'requestedCapabilities'): Capability[] {
  if (values === undefined) return ['card_payments', 'transfers'];
  const out: Capability[] = [];
  for (const v of values) {
    const c = CAPABILITIES.find((x) => x === v);
    if (!c) throw badRequest('validation-invalid-value', `${key} may contain only ${CAPABILITIES.join(', ')}.`, body(key));
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

/** What a provider error means for the API caller; the meta carries the provider's own words. */
export type ProviderErrorContext = 'transaction' | 'account' | 'customer' | 'other';

/**
 * Translates a provider failure into the API's error (catalogue §1.10): card problems are 402
 * `transaction-payment-failed` with `meta.stripeMessage`/`stripeCode`; unknown outcomes are 409
 * `payment-provider-unavailable` (retry: the idempotency key makes it safe); a refused API key is
 * `stripe-missing-api-key`; missing accounts/customers their `stripe-*-not-found`; the rest 409
 * `payment-provider-error`. Other errors are returned unchanged.
 */
export function providerErrorToDomain(err: unknown, context: ProviderErrorContext): unknown {
  if (!(err instanceof PaymentProviderError)) return err;
  const meta: Record<string, unknown> = { stripeMessage: err.message, stripeCode: err.code ?? err.kind };
  if (err.declineCode) meta.stripeDeclineCode = err.declineCode;
  switch (err.kind) {
    case 'card':
      return new DomainError('payment-failed', 'transaction-payment-failed', `The payment failed: ${err.message}`, { meta });
    case 'unavailable':
      return new DomainError('conflict', 'payment-provider-unavailable', 'The payment provider did not answer. Nothing was recorded as done; retry the request.', { meta });
    case 'authentication':
      return new DomainError('conflict', 'stripe-missing-api-key', 'The payment provider refused the marketplace\'s API key.', { meta });
    case 'not-found':
      if (context === 'account') return new DomainError('conflict', 'stripe-account-not-found', 'The Stripe account was not found at the payment provider.', { meta });
      if (context === 'customer') return new DomainError('conflict', 'stripe-customer-not-found', 'The Stripe customer was not found at the payment provider.', { meta });
      return new DomainError('conflict', 'payment-provider-error', `The payment provider refused the request: ${err.message}`, { meta });
    case 'idempotency':
      return new DomainError('conflict', 'transaction-locked', 'Another request for this payment is in progress; retry shortly.', { meta });
    case 'invalid-request':
      return new DomainError('conflict', 'payment-provider-error', `The payment provider refused the request: ${err.message}`, { meta });
  }
}

/** Runs a provider call and translates its failure (see providerErrorToDomain). */
export async function callProvider<T>(context: ProviderErrorContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw providerErrorToDomain(err, context);
  }
}

/** The 409 of a payment action on a marketplace without payments. */
export const paymentsNotConfigured = (): DomainError =>
  conflict('stripe-missing-api-key', 'Payments are not configured for this marketplace (payments provider "none"). An operator sets one with `bazaar marketplace config --payments test|stripe`.');
