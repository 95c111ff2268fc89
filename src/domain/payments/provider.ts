/**
 * The payment-provider interface: what a marketplace needs from a payment service, not one vendor's
 * API. Sellers have connected accounts (onboarding state, persons, a bank account for payouts);
 * buyers have customers with a saved payment method; a transaction has one payment intent that is
 * authorised, captured or cancelled, refunded in full, and paid out to the seller's account.
 *
 * Implementations: the built-in `test` provider (Stripe's test mode, offline) and `stripe` (the
 * official package). Identifiers are the provider's own (`acct_…`, `pi_…`), since front ends pass
 * them to the provider's browser library. Every mutating call takes an idempotency key: the
 * provider answers a repeated key with the first answer instead of acting twice.
 */
import type { PaymentJsonObject } from '../../store/tables/payments.ts';

export type ProviderKind = 'test' | 'stripe';

/** Stripe's PaymentIntent statuses (both providers use them). */
export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'succeeded'
  | 'canceled';

export const PAYMENT_INTENT_STATUSES: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'requires_capture',
  'succeeded',
  'canceled',
];

export const isPaymentIntentStatus = (s: string): s is PaymentIntentStatus => PAYMENT_INTENT_STATUSES.some((x) => x === s);

/** What a connected account still needs before it may take charges or payouts. */
export interface AccountRequirements {
  currentlyDue: string[];
  eventuallyDue: string[];
  pastDue: string[];
  disabledReason: string | null;
}

/** A seller's connected account. */
export interface ConnectedAccount {
  id: string;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  requirements: AccountRequirements;
  /** The provider's account object as JSON (Stripe's Account): shown as `stripeAccountData`. */
  data: PaymentJsonObject;
}

export type Capability = 'card_payments' | 'transfers' | 'legacy_payments';

export interface CreateAccountInput {
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  /** A single-use token holding the seller's legal details (Stripe.js `createToken('account')`: `ct_…`). */
  accountToken: string;
  /** A single-use bank account token (`btok_…`) for payouts. */
  bankAccountToken: string | null;
  businessProfile: BusinessProfile;
  capabilities: Capability[];
  email: string | null;
  metadata: Record<string, string>;
}

export interface BusinessProfile {
  mcc: string | null;
  url: string | null;
  productDescription: string | null;
}

export interface UpdateAccountInput {
  accountToken: string | null;
  bankAccountToken: string | null;
  businessProfile: Partial<BusinessProfile>;
  capabilities: Capability[] | null;
}

export interface AccountLinkInput {
  /** `onboarding` collects what is due; `update` edits what was given. */
  type: 'onboarding' | 'update';
  /** Where the seller goes when the link has expired or was used (Sharetribe's `failureURL`). */
  refreshUrl: string;
  /** Where the seller returns when done (Sharetribe's `successURL`). */
  returnUrl: string;
  collect: 'currently_due' | 'eventually_due';
  futureRequirements: 'include' | 'omit' | null;
}

export interface AccountLink {
  url: string;
  expiresAt: Date;
}

export interface CardDetails {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface ProviderPaymentMethod {
  id: string;
  /** `card`, `sepa_debit`, … */
  type: string;
  card: CardDetails | null;
  customerId: string | null;
}

export interface ProviderCustomer {
  id: string;
  email: string | null;
  defaultPaymentMethodId: string | null;
}

export interface ProviderSetupIntent {
  id: string;
  clientSecret: string;
  status: string;
  paymentMethodId: string | null;
}

/** The reason a card was refused, as the provider words it (shown to the buyer). */
export interface CardFailure {
  code: string;
  declineCode: string | null;
  message: string;
}

export interface ProviderPaymentIntent {
  id: string;
  clientSecret: string;
  status: PaymentIntentStatus;
  amount: number;
  /** Lower case ISO 4217, as providers write it. */
  currency: string;
  captureMethod: 'manual' | 'automatic';
  amountCapturable: number;
  amountReceived: number;
  paymentMethodId: string | null;
  customerId: string | null;
  destinationAccountId: string | null;
  applicationFeeAmount: number | null;
  lastError: CardFailure | null;
}

export interface CreatePaymentIntentInput {
  amount: number;
  /** Lower case ISO 4217. */
  currency: string;
  /** The marketplace's commission: what stays with the platform (payin − payout). */
  applicationFeeAmount: number;
  /** The seller's connected account: the rest of the charge goes there (a destination charge). */
  destinationAccountId: string;
  /** `manual`: authorise now, capture later (cards); `automatic`: captured on confirmation (push methods). */
  captureMethod: 'manual' | 'automatic';
  paymentMethodTypes: string[];
  customerId: string | null;
  paymentMethodId: string | null;
  /** Confirm immediately off session with the given payment method (the customer's saved default). */
  confirmOffSession: boolean;
  /** Save the payment method on the customer for later (`setup_future_usage`). */
  setupFutureUsage: 'off_session' | null;
  metadata: Record<string, string>;
}

export interface ProviderRefund {
  id: string;
  amount: number;
  status: string;
}

export interface ProviderPayout {
  id: string;
  amount: number;
  currency: string;
  status: string;
  /** Unix seconds. */
  arrivalDate: number | null;
}

export interface CreatePayoutInput {
  accountId: string;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
}

/** Per-call options: the idempotency key of mutating calls. */
export interface CallOptions {
  idempotencyKey?: string;
}

/** A payment service as the marketplace uses it. */
export interface PaymentProvider {
  readonly kind: ProviderKind;
  createAccount(input: CreateAccountInput, opts: CallOptions): Promise<ConnectedAccount>;
  retrieveAccount(accountId: string): Promise<ConnectedAccount>;
  updateAccount(accountId: string, input: UpdateAccountInput, opts: CallOptions): Promise<ConnectedAccount>;
  deleteAccount(accountId: string): Promise<void>;
  createAccountLink(accountId: string, input: AccountLinkInput): Promise<AccountLink>;
  createPerson(accountId: string, personToken: string, opts: CallOptions): Promise<{ id: string }>;
  createCustomer(input: { email: string | null; paymentMethodId: string | null; metadata: Record<string, string> }, opts: CallOptions): Promise<ProviderCustomer>;
  retrievePaymentMethod(paymentMethodId: string): Promise<ProviderPaymentMethod>;
  /** Attaches a payment method to the customer and makes it the default (returns it, possibly under a new id). */
  attachPaymentMethod(customerId: string, paymentMethodId: string, opts: CallOptions): Promise<ProviderPaymentMethod>;
  detachPaymentMethod(paymentMethodId: string): Promise<void>;
  createSetupIntent(input: { customerId: string | null; metadata: Record<string, string> }, opts: CallOptions): Promise<ProviderSetupIntent>;
  createPaymentIntent(input: CreatePaymentIntentInput, opts: CallOptions): Promise<ProviderPaymentIntent>;
  retrievePaymentIntent(paymentIntentId: string): Promise<ProviderPaymentIntent>;
  confirmPaymentIntent(paymentIntentId: string, opts: CallOptions): Promise<ProviderPaymentIntent>;
  capturePaymentIntent(paymentIntentId: string, opts: CallOptions): Promise<ProviderPaymentIntent>;
  cancelPaymentIntent(paymentIntentId: string, opts: CallOptions): Promise<ProviderPaymentIntent>;
  /** Refunds a captured payment in full, taking back the seller's transfer and the commission. */
  refundPaymentIntent(paymentIntentId: string, opts: CallOptions): Promise<ProviderRefund>;
  /** Pays out from the seller's connected account balance to their bank account. */
  createPayout(input: CreatePayoutInput, opts: CallOptions): Promise<ProviderPayout>;
}

/**
 * Why a provider call failed, transport-free:
 * - `card`: the payment method was refused (decline, expired, authentication required);
 * - `invalid-request`: the provider rejected the request (bad token, wrong state, no funds);
 * - `not-found`: no such object at the provider;
 * - `authentication`: the marketplace's API key was refused;
 * - `idempotency`: the key was used before with other parameters, or is in use right now;
 * - `unavailable`: timeout, connection failure, 5xx or rate limit — the outcome is unknown.
 */
export type ProviderErrorKind = 'card' | 'invalid-request' | 'not-found' | 'authentication' | 'idempotency' | 'unavailable';

export class PaymentProviderError extends Error {
  readonly kind: ProviderErrorKind;
  /** The provider's error code (`card_declined`, `resource_missing`, …). */
  readonly code: string | null;
  readonly declineCode: string | null;
  readonly paymentIntentId: string | null;

  constructor(kind: ProviderErrorKind, message: string, opts: { code?: string | null; declineCode?: string | null; paymentIntentId?: string | null } = {}) {
    super(message);
    this.name = 'PaymentProviderError';
    this.kind = kind;
    this.code = opts.code ?? null;
    this.declineCode = opts.declineCode ?? null;
    this.paymentIntentId = opts.paymentIntentId ?? null;
  }

  /** True when the outcome of the call is unknown and the same request may be sent again. */
  get outcomeUnknown(): boolean {
    return this.kind === 'unavailable';
  }
}

/** A provider webhook event, reduced to what moves Bazaar's payment state. */
export type ProviderEvent = { id: string; type: string; created: Date } & (
  | { kind: 'payment-intent'; intent: ProviderPaymentIntent }
  | { kind: 'account'; account: ConnectedAccount }
  | { kind: 'charge-refunded'; paymentIntentId: string; amountRefunded: number }
  | { kind: 'payout'; payoutId: string; status: string }
  | { kind: 'other' }
);
