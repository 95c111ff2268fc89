/**
 * The `stripe` payment provider: the official `stripe` package against the marketplace's Stripe
 * account. Sellers are Connect custom accounts; a transaction's payment is a PaymentIntent with
 * manual capture as a destination charge (`transfer_data.destination` = the seller,
 * `application_fee_amount` = the commission); refunds reverse the transfer and the fee; payouts
 * run on the connected account. Every mutating call carries the caller's idempotency key.
 */
import Stripe from 'stripe';
import type { PaymentJson, PaymentJsonObject } from '../../../store/tables/payments.ts';
import { isJsonObject } from '../json-reader.ts';
import type { StripeConnection } from '../payments.ts';
import {
  PaymentProviderError,
  isPaymentIntentStatus,
  type AccountLinkInput,
  type CallOptions,
  type ConnectedAccount,
  type CreateAccountInput,
  type CreatePaymentIntentInput,
  type PaymentProvider,
  type ProviderCustomer,
  type ProviderPaymentIntent,
  type ProviderPaymentMethod,
  type UpdateAccountInput,
} from '../provider.ts';

/** A Stripe client for one secret key; host/port/protocol let tests point it at a local stand-in. */
export function stripeClient(secretKey: string, conn: StripeConnection): Stripe {
  return new Stripe(secretKey, {
    timeout: conn.timeoutMs,
    maxNetworkRetries: conn.maxNetworkRetries,
    telemetry: false,
    appInfo: { name: 'Bazaar' },
    ...(conn.host !== undefined ? { host: conn.host } : {}),
    ...(conn.port !== undefined ? { port: conn.port } : {}),
    ...(conn.protocol !== undefined ? { protocol: conn.protocol } : {}),
  });
}

/** Maps the stripe package's errors to the provider-neutral PaymentProviderError. */
export function fromStripeError(err: unknown): unknown {
  if (!(err instanceof Stripe.errors.StripeError)) return err;
  const opts = { code: err.code ?? null, declineCode: err.decline_code ?? null, paymentIntentId: err.payment_intent?.id ?? null };
  const message = err.message;
  if (err instanceof Stripe.errors.StripeCardError) return new PaymentProviderError('card', message, opts);
  if (err instanceof Stripe.errors.StripeConnectionError || err instanceof Stripe.errors.StripeRateLimitError) return new PaymentProviderError('unavailable', message, opts);
  if (err instanceof Stripe.errors.StripeAuthenticationError || err instanceof Stripe.errors.StripePermissionError) return new PaymentProviderError('authentication', message, opts);
  if (err instanceof Stripe.errors.StripeIdempotencyError || err.statusCode === 409) return new PaymentProviderError('idempotency', message, opts);
  if (err instanceof Stripe.errors.StripeInvalidRequestError) {
    return new PaymentProviderError(err.code === 'resource_missing' || err.statusCode === 404 ? 'not-found' : 'invalid-request', message, opts);
  }
  // 5xx and anything unexpected from the API: the request may or may not have been applied.
  return new PaymentProviderError('unavailable', message, opts);
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw fromStripeError(err);
  }
}

/** A Stripe object as plain JSON (its `stripeAccountData` form). */
export function toJsonObject(value: object): PaymentJsonObject {
  // JSON.parse of JSON text yields JSON values, which is exactly PaymentJson.
  const parsed: PaymentJson = JSON.parse(JSON.stringify(value));
  if (!isJsonObject(parsed)) throw new Error('Expected a JSON object.');
  return parsed;
}

const idOf = (v: string | { id: string } | null | undefined): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : v.id);

export const toConnectedAccount = (a: Stripe.Account): ConnectedAccount => ({
  id: a.id,
  chargesEnabled: a.charges_enabled ?? false,
  payoutsEnabled: a.payouts_enabled ?? false,
  detailsSubmitted: a.details_submitted ?? false,
  requirements: {
    currentlyDue: a.requirements?.currently_due ?? [],
    eventuallyDue: a.requirements?.eventually_due ?? [],
    pastDue: a.requirements?.past_due ?? [],
    disabledReason: a.requirements?.disabled_reason ?? null,
  },
  data: toJsonObject(a),
});

export const toPaymentIntent = (pi: Stripe.PaymentIntent): ProviderPaymentIntent => ({
  id: pi.id,
  clientSecret: pi.client_secret ?? '',
  status: isPaymentIntentStatus(pi.status) ? pi.status : 'requires_payment_method',
  amount: pi.amount,
  currency: pi.currency,
  captureMethod: pi.capture_method === 'manual' ? 'manual' : 'automatic',
  amountCapturable: pi.amount_capturable,
  amountReceived: pi.amount_received,
  paymentMethodId: idOf(pi.payment_method),
  customerId: idOf(pi.customer),
  destinationAccountId: idOf(pi.transfer_data?.destination),
  applicationFeeAmount: pi.application_fee_amount ?? null,
  lastError: pi.last_payment_error
    ? { code: pi.last_payment_error.code ?? 'card_declined', declineCode: pi.last_payment_error.decline_code ?? null, message: pi.last_payment_error.message ?? 'The payment failed.' }
    : null,
});

const toPaymentMethod = (pm: Stripe.PaymentMethod): ProviderPaymentMethod => ({
  id: pm.id,
  type: pm.type,
  card: pm.card ? { brand: pm.card.brand, last4: pm.card.last4, expMonth: pm.card.exp_month, expYear: pm.card.exp_year } : null,
  customerId: idOf(pm.customer),
});

const toCustomer = (c: Stripe.Customer): ProviderCustomer => ({ id: c.id, email: c.email ?? null, defaultPaymentMethodId: idOf(c.invoice_settings?.default_payment_method) });

const capabilitiesOf = (capabilities: CreateAccountInput['capabilities']): Stripe.AccountCreateParams.Capabilities => {
  const out: Stripe.AccountCreateParams.Capabilities = {};
  // `legacy_payments` no longer exists at Stripe; accounts get card_payments + transfers instead.
  if (capabilities.includes('card_payments') || capabilities.includes('legacy_payments')) out.card_payments = { requested: true };
  if (capabilities.includes('transfers') || capabilities.includes('legacy_payments')) out.transfers = { requested: true };
  return out;
};

const keyed = (opts: CallOptions): Stripe.RequestOptions => (opts.idempotencyKey !== undefined ? { idempotencyKey: opts.idempotencyKey } : {});

/** Creates the Stripe provider for one marketplace's secret key. */
export function createStripeProvider(secretKey: string, conn: StripeConnection): PaymentProvider {
  const stripe = stripeClient(secretKey, conn);
  return {
    kind: 'stripe',

    createAccount: (input: CreateAccountInput, opts) =>
      call(async () => {
        const params: Stripe.AccountCreateParams = {
          type: 'custom',
          country: input.country,
          account_token: input.accountToken,
          capabilities: capabilitiesOf(input.capabilities),
          business_profile: {
            ...(input.businessProfile.mcc !== null ? { mcc: input.businessProfile.mcc } : {}),
            ...(input.businessProfile.url !== null ? { url: input.businessProfile.url } : {}),
            ...(input.businessProfile.productDescription !== null ? { product_description: input.businessProfile.productDescription } : {}),
          },
          // Sharetribe's default: the platform decides when sellers are paid out (the payout action).
          settings: { payouts: { schedule: { interval: 'manual' } } },
          metadata: input.metadata,
          ...(input.email !== null ? { email: input.email } : {}),
          ...(input.bankAccountToken !== null ? { external_account: input.bankAccountToken } : {}),
        };
        return toConnectedAccount(await stripe.accounts.create(params, keyed(opts)));
      }),

    retrieveAccount: (accountId) => call(async () => toConnectedAccount(await stripe.accounts.retrieve(accountId))),

    updateAccount: (accountId: string, input: UpdateAccountInput, opts) =>
      call(async () => {
        const bp = input.businessProfile;
        const businessProfile: Stripe.AccountUpdateParams.BusinessProfile = {
          ...(bp.mcc != null ? { mcc: bp.mcc } : {}),
          ...(bp.url != null ? { url: bp.url } : {}),
          ...(bp.productDescription != null ? { product_description: bp.productDescription } : {}),
        };
        const params: Stripe.AccountUpdateParams = {
          ...(input.accountToken !== null ? { account_token: input.accountToken } : {}),
          ...(input.bankAccountToken !== null ? { external_account: input.bankAccountToken } : {}),
          ...(input.capabilities !== null ? { capabilities: capabilitiesOf(input.capabilities) } : {}),
          ...(Object.keys(businessProfile).length > 0 ? { business_profile: businessProfile } : {}),
        };
        return toConnectedAccount(await stripe.accounts.update(accountId, params, keyed(opts)));
      }),

    deleteAccount: (accountId) =>
      call(async () => {
        await stripe.accounts.del(accountId);
      }),

    createAccountLink: (accountId: string, input: AccountLinkInput) =>
      call(async () => {
        const link = await stripe.accountLinks.create({
          account: accountId,
          type: input.type === 'onboarding' ? 'account_onboarding' : 'account_update',
          refresh_url: input.refreshUrl,
          return_url: input.returnUrl,
          collection_options: { fields: input.collect, ...(input.futureRequirements !== null ? { future_requirements: input.futureRequirements } : {}) },
        });
        return { url: link.url, expiresAt: new Date(link.expires_at * 1000) };
      }),

    createPerson: (accountId, personToken, opts) =>
      call(async () => {
        const person = await stripe.accounts.createPerson(accountId, { person_token: personToken }, keyed(opts));
        return { id: person.id };
      }),

    createCustomer: (input, opts) =>
      call(async () => {
        const customer = await stripe.customers.create(
          {
            metadata: input.metadata,
            ...(input.email !== null ? { email: input.email } : {}),
            ...(input.paymentMethodId !== null ? { payment_method: input.paymentMethodId, invoice_settings: { default_payment_method: input.paymentMethodId } } : {}),
          },
          keyed(opts),
        );
        return toCustomer(customer);
      }),

    retrievePaymentMethod: (paymentMethodId) => call(async () => toPaymentMethod(await stripe.paymentMethods.retrieve(paymentMethodId))),

    attachPaymentMethod: (customerId, paymentMethodId, opts) =>
      call(async () => {
        const pm = await stripe.paymentMethods.attach(paymentMethodId, { customer: customerId }, keyed(opts));
        await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: pm.id } }, opts.idempotencyKey !== undefined ? { idempotencyKey: `${opts.idempotencyKey}:default` } : {});
        return toPaymentMethod(pm);
      }),

    detachPaymentMethod: (paymentMethodId) =>
      call(async () => {
        await stripe.paymentMethods.detach(paymentMethodId);
      }),

    createSetupIntent: (input, opts) =>
      call(async () => {
        const si = await stripe.setupIntents.create(
          { usage: 'off_session', allowed_payment_method_types: ['card'], metadata: input.metadata, ...(input.customerId !== null ? { customer: input.customerId } : {}) },
          keyed(opts),
        );
        return { id: si.id, clientSecret: si.client_secret ?? '', status: si.status, paymentMethodId: idOf(si.payment_method) };
      }),

    createPaymentIntent: (input: CreatePaymentIntentInput, opts) =>
      call(async () => {
        const params: Stripe.PaymentIntentCreateParams = {
          amount: input.amount,
          currency: input.currency,
          capture_method: input.captureMethod,
          allowed_payment_method_types: input.paymentMethodTypes,
          application_fee_amount: input.applicationFeeAmount,
          transfer_data: { destination: input.destinationAccountId },
          metadata: input.metadata,
          ...(input.customerId !== null ? { customer: input.customerId } : {}),
          ...(input.paymentMethodId !== null ? { payment_method: input.paymentMethodId } : {}),
          ...(input.confirmOffSession ? { confirm: true, off_session: true } : {}),
          ...(input.setupFutureUsage !== null ? { setup_future_usage: input.setupFutureUsage } : {}),
        };
        return toPaymentIntent(await stripe.paymentIntents.create(params, keyed(opts)));
      }),

    retrievePaymentIntent: (id) => call(async () => toPaymentIntent(await stripe.paymentIntents.retrieve(id))),
    confirmPaymentIntent: (id, opts) => call(async () => toPaymentIntent(await stripe.paymentIntents.confirm(id, {}, keyed(opts)))),
    capturePaymentIntent: (id, opts) => call(async () => toPaymentIntent(await stripe.paymentIntents.capture(id, {}, keyed(opts)))),
    cancelPaymentIntent: (id, opts) => call(async () => toPaymentIntent(await stripe.paymentIntents.cancel(id, {}, keyed(opts)))),

    refundPaymentIntent: (id, opts) =>
      call(async () => {
        // A destination charge's refund must also take back the seller's transfer and the fee.
        const refund = await stripe.refunds.create({ payment_intent: id, reverse_transfer: true, refund_application_fee: true }, keyed(opts));
        return { id: refund.id, amount: refund.amount, status: refund.status ?? 'pending' };
      }),

    createPayout: (input, opts) =>
      call(async () => {
        const payout = await stripe.payouts.create({ amount: input.amount, currency: input.currency, metadata: input.metadata }, { ...keyed(opts), stripeAccount: input.accountId });
        return { id: payout.id, amount: payout.amount, currency: payout.currency, status: payout.status, arrivalDate: payout.arrival_date };
      }),
  };
}
