/**
 * How the test provider's money moves, following Stripe's rules for destination charges with manual
 * capture: confirming authorises the card (or asks for authentication, or declines); capturing
 * moves `amount − application fee` to the connected account's balance and the fee to the
 * platform's; a full refund takes both back (reverse transfer, refunded fee); a payout takes from
 * the connected account's available balance. Test-mode funds are available at once.
 */
import type {
  TestAccount,
  TestBalance,
  TestCardBehaviour,
  TestLastPaymentError,
  TestPaymentIntent,
  TestPaymentMethod,
  TestRequirements,
} from '../../../store/tables/payments.ts';
import { PaymentProviderError, isPaymentIntentStatus, type ConnectedAccount, type ProviderPaymentIntent, type ProviderPaymentMethod } from '../provider.ts';
import { AUTHENTICATION_REQUIRED, testCardOf } from './test-cards.ts';
import { invalid, noSuch, testId, type TestBook } from './test-book.ts';

// ---- normalised views

const requirementsOf = (r: TestRequirements) => ({
  currentlyDue: r.currently_due,
  eventuallyDue: r.eventually_due,
  pastDue: r.past_due,
  disabledReason: r.disabled_reason,
});

export const toConnectedAccount = (a: TestAccount): ConnectedAccount => ({
  id: a.id,
  chargesEnabled: a.charges_enabled,
  payoutsEnabled: a.payouts_enabled,
  detailsSubmitted: a.details_submitted,
  requirements: requirementsOf(a.requirements),
  data: a,
});

export const toPaymentMethod = (pm: TestPaymentMethod): ProviderPaymentMethod => ({
  id: pm.id,
  type: pm.type,
  card: pm.card && { brand: pm.card.brand, last4: pm.card.last4, expMonth: pm.card.exp_month, expYear: pm.card.exp_year },
  customerId: pm.customer,
});

export const toPaymentIntent = (pi: TestPaymentIntent): ProviderPaymentIntent => ({
  id: pi.id,
  clientSecret: pi.client_secret,
  status: isPaymentIntentStatus(pi.status) ? pi.status : 'requires_payment_method',
  amount: pi.amount,
  currency: pi.currency,
  captureMethod: pi.capture_method,
  amountCapturable: pi.amount_capturable,
  amountReceived: pi.amount_received,
  paymentMethodId: pi.payment_method,
  customerId: pi.customer,
  destinationAccountId: pi.transfer_data?.destination ?? null,
  applicationFeeAmount: pi.application_fee_amount,
  lastError: pi.last_payment_error && { code: pi.last_payment_error.code, declineCode: pi.last_payment_error.decline_code, message: pi.last_payment_error.message },
});

// ---- accounts

export const noRequirements = (): TestRequirements => ({
  currently_due: [],
  eventually_due: [],
  past_due: [],
  pending_verification: [],
  disabled_reason: null,
  current_deadline: null,
});

const CURRENCY_BY_COUNTRY: Record<string, string> = {
  US: 'usd', GB: 'gbp', CA: 'cad', AU: 'aud', NZ: 'nzd', JP: 'jpy', CH: 'chf', SE: 'sek', NO: 'nok', DK: 'dkk', SG: 'sgd', HK: 'hkd', MX: 'mxn', BR: 'brl', IN: 'inr', PL: 'pln', CZ: 'czk', HU: 'huf', RO: 'ron', BG: 'bgn',
};
const EURO = new Set(['AT', 'BE', 'CY', 'DE', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PT', 'SI', 'SK']);

/** The currency Stripe defaults an account of `country` to. */
export const defaultCurrencyOf = (country: string): string => CURRENCY_BY_COUNTRY[country] ?? (EURO.has(country) ? 'eur' : 'usd');

/** Recomputes what an account still needs, and so whether it may take charges and payouts. */
export function refreshAccountState(a: TestAccount): TestAccount {
  const due: string[] = [];
  if (a.tos_acceptance.date === null) due.push('tos_acceptance.date', 'tos_acceptance.ip');
  if (a.external_accounts.data.length === 0) due.push('external_account');
  const requirements = { ...noRequirements(), currently_due: due, eventually_due: due };
  const tosOk = a.tos_acceptance.date !== null;
  const hasBank = a.external_accounts.data.length > 0;
  const capabilities: TestAccount['capabilities'] = {};
  for (const name of Object.keys(a.capabilities)) capabilities[name] = tosOk ? 'active' : 'inactive';
  return {
    ...a,
    requirements,
    capabilities,
    charges_enabled: tosOk,
    payouts_enabled: tosOk && hasBank,
    details_submitted: tosOk,
  };
}

// ---- payment methods

/**
 * The payment method a request names: a stored one, or a fresh object for one of Stripe's magic
 * test ids (`pm_card_visa` …), as Stripe creates a new PaymentMethod each time one is used.
 */
export async function resolvePaymentMethod(book: TestBook, id: string): Promise<TestPaymentMethod> {
  const stored = await book.find('payment_method', id);
  if (stored) return stored;
  const card = testCardOf(id);
  if (!card) throw noSuch('payment_method', id);
  const pm: TestPaymentMethod = {
    id: testId('pm'),
    object: 'payment_method',
    type: 'card',
    card: { brand: card.brand, last4: card.last4, exp_month: 12, exp_year: new Date(book.now * 1000).getUTCFullYear() + 3, country: 'US', funding: card.funding },
    customer: null,
    created: book.now,
    test_behaviour: card.behaviour,
  };
  await book.put(pm);
  return pm;
}

/** The magic test card's description (no object is created), for reads. */
export function describeMagicPaymentMethod(id: string, now: number): TestPaymentMethod | undefined {
  const card = testCardOf(id);
  if (!card) return undefined;
  return {
    id,
    object: 'payment_method',
    type: 'card',
    card: { brand: card.brand, last4: card.last4, exp_month: 12, exp_year: new Date(now * 1000).getUTCFullYear() + 3, country: 'US', funding: card.funding },
    customer: null,
    created: now,
    test_behaviour: card.behaviour,
  };
}

/** Attaches a payment method to a customer (Stripe refuses one attached to someone else). */
export async function attachToCustomer(book: TestBook, pm: TestPaymentMethod, customerId: string): Promise<TestPaymentMethod> {
  if (pm.customer !== null && pm.customer !== customerId) {
    throw invalid('The payment method you provided has already been attached to a customer.', 'payment_method_unexpected_state');
  }
  const attached = { ...pm, customer: customerId };
  await book.put(attached);
  return attached;
}

// ---- balances

const balanceId = (accountId: string | null): string => `bal_${accountId ?? 'platform'}`;

async function balanceOf(book: TestBook, accountId: string | null): Promise<TestBalance> {
  return (await book.find('balance', balanceId(accountId))) ?? { id: balanceId(accountId), object: 'balance', available: [] };
}

/** Adds (or, negative, takes) `amount` of `currency` to an account's (null: the platform's) available balance. */
export async function moveFunds(book: TestBook, accountId: string | null, amount: number, currency: string): Promise<void> {
  const balance = await balanceOf(book, accountId);
  const current = balance.available.find((b) => b.currency === currency)?.amount ?? 0;
  const available = [...balance.available.filter((b) => b.currency !== currency), { amount: current + amount, currency }];
  await book.put({ ...balance, available });
}

/** The available balance of an account (null: the platform) in a currency. */
export async function availableBalance(book: TestBook, accountId: string | null, currency: string): Promise<number> {
  return (await balanceOf(book, accountId)).available.find((b) => b.currency === currency)?.amount ?? 0;
}

// ---- payment intents

const cardError = (failure: TestCardBehaviour & { kind: 'decline' }, pi: TestPaymentIntent): PaymentProviderError =>
  new PaymentProviderError('card', failure.message, { code: failure.code, declineCode: failure.decline_code, paymentIntentId: pi.id });

const lastError = (failure: TestCardBehaviour & { kind: 'decline' }, paymentMethodId: string | null): TestLastPaymentError => ({
  type: 'card_error',
  code: failure.code,
  decline_code: failure.decline_code,
  message: failure.message,
  payment_method: paymentMethodId,
});

/** Money moves when a payment succeeds: the seller's share to their account, the fee to the platform. */
async function settle(book: TestBook, pi: TestPaymentIntent): Promise<TestPaymentIntent> {
  const fee = pi.application_fee_amount ?? 0;
  if (pi.transfer_data) await moveFunds(book, pi.transfer_data.destination, pi.amount - fee, pi.currency);
  await moveFunds(book, null, pi.transfer_data ? fee : pi.amount, pi.currency);
  return { ...pi, status: 'succeeded', amount_capturable: 0, amount_received: pi.amount, latest_charge: pi.latest_charge ?? testId('ch') };
}

/** The card said yes: authorised (manual capture) or paid (automatic). */
async function authorised(book: TestBook, pi: TestPaymentIntent): Promise<TestPaymentIntent> {
  const base = { ...pi, next_action: null, last_payment_error: null, latest_charge: testId('ch') };
  if (pi.capture_method === 'automatic') return settle(book, base);
  return { ...base, status: 'requires_capture', amount_capturable: pi.amount };
}

export type ConfirmMode = 'on-session' | 'off-session';

/**
 * Confirms an intent with its payment method, as Stripe does: the card authorises, declines (the
 * intent goes back to `requires_payment_method` with `last_payment_error`), or asks for
 * authentication (`requires_action` on session; a decline off session, where nobody can answer).
 * Saves the intent; returns it and, for a decline, the error to raise.
 */
export async function confirmIntent(book: TestBook, intent: TestPaymentIntent, mode: ConfirmMode): Promise<{ pi: TestPaymentIntent; failure: PaymentProviderError | null }> {
  if (intent.status !== 'requires_confirmation' && intent.status !== 'requires_payment_method') {
    throw invalid(`You cannot confirm this PaymentIntent because it has a status of ${intent.status}.`, 'payment_intent_unexpected_state');
  }
  if (intent.payment_method === null) {
    throw invalid("You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with cus_xxx, specify a payment method attached to this customer along with the customer ID.", 'payment_intent_unexpected_state');
  }
  const pm = await book.get('payment_method', intent.payment_method);
  let behaviour = pm.test_behaviour;
  if (behaviour.kind === 'authenticate' && mode === 'off-session') behaviour = AUTHENTICATION_REQUIRED;
  let pi: TestPaymentIntent;
  let failure: PaymentProviderError | null = null;
  if (behaviour.kind === 'succeed') {
    pi = await authorised(book, intent);
  } else if (behaviour.kind === 'authenticate') {
    pi = { ...intent, status: 'requires_action', next_action: { type: 'use_stripe_sdk' } };
  } else {
    pi = { ...intent, status: 'requires_payment_method', last_payment_error: lastError(behaviour, pm.id) };
    failure = cardError(behaviour, pi);
  }
  await book.put(pi);
  return { pi, failure };
}

/** The buyer answered the authentication challenge (what Stripe.js's modal does). */
export async function authenticateIntent(book: TestBook, intent: TestPaymentIntent, succeed: boolean): Promise<TestPaymentIntent> {
  if (intent.status !== 'requires_action') {
    throw invalid(`This PaymentIntent does not need authentication: it has a status of ${intent.status}.`, 'payment_intent_unexpected_state');
  }
  const pi = succeed
    ? await authorised(book, intent)
    : {
        ...intent,
        status: 'requires_payment_method',
        next_action: null,
        last_payment_error: {
          type: 'invalid_request_error',
          code: 'payment_intent_authentication_failure',
          decline_code: null,
          message: 'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
          payment_method: intent.payment_method,
        },
      };
  await book.put(pi);
  return pi;
}

/** Captures an authorised intent in full and moves the money. */
export async function captureIntent(book: TestBook, intent: TestPaymentIntent): Promise<TestPaymentIntent> {
  if (intent.status !== 'requires_capture') {
    throw invalid(
      `This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      'payment_intent_unexpected_state',
    );
  }
  const pi = await settle(book, intent);
  await book.put(pi);
  return pi;
}

const CANCELABLE = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture', 'processing']);

/** Cancels an intent that has not been paid (releases an authorisation). */
export async function cancelIntent(book: TestBook, intent: TestPaymentIntent): Promise<TestPaymentIntent> {
  if (!CANCELABLE.has(intent.status)) {
    throw invalid(
      `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
      'payment_intent_unexpected_state',
    );
  }
  const pi: TestPaymentIntent = { ...intent, status: 'canceled', amount_capturable: 0, canceled_at: book.now, cancellation_reason: 'requested_by_customer' };
  await book.put(pi);
  return pi;
}

/** Refunds a paid intent in full, reversing the seller's transfer and the platform's fee. */
export async function refundIntent(book: TestBook, intent: TestPaymentIntent): Promise<{ pi: TestPaymentIntent; refundId: string; amount: number }> {
  if (intent.status !== 'succeeded') throw invalid('This PaymentIntent does not have a successful charge to refund.', 'charge_not_refundable');
  if (intent.amount_refunded >= intent.amount_received) throw invalid(`Charge ${intent.latest_charge ?? ''} has already been refunded.`, 'charge_already_refunded');
  const amount = intent.amount_received - intent.amount_refunded;
  const fee = intent.application_fee_amount ?? 0;
  if (intent.transfer_data) {
    await moveFunds(book, intent.transfer_data.destination, -(amount - fee), intent.currency);
    await moveFunds(book, null, -fee, intent.currency);
  } else {
    await moveFunds(book, null, -amount, intent.currency);
  }
  const pi = { ...intent, amount_refunded: intent.amount_received };
  await book.put(pi);
  const refundId = testId('re');
  await book.put({ id: refundId, object: 'refund', amount, currency: intent.currency, payment_intent: intent.id, status: 'succeeded', created: book.now });
  return { pi, refundId, amount };
}
