/**
 * The built-in `test` payment provider: Stripe's test mode, offline. It keeps Stripe-shaped objects
 * in the marketplace's database, answers Stripe's documented test payment methods the way Stripe
 * does (`pm_card_visa` pays, `pm_card_chargeDeclined` declines with Stripe's message and code,
 * `pm_card_authenticationRequired` needs the buyer to authenticate), accepts tokens shaped like
 * Stripe.js's (`ct_…`, `btok_…`, `cpt_…`), and honours idempotency keys like Stripe. The buyer's
 * side (Stripe.js) is played by the `/v1/test-payments` endpoints (see stripe-js-stand-in.ts).
 */
import type { TestAccount, TestBankAccount, TestCustomer, TestPaymentIntent, TestPayout, TestSetupIntent } from '../../../store/tables/payments.ts';
import { randomToken } from '../../../lib/ids.ts';
import { PaymentProviderError } from '../provider.ts';
import type {
  AccountLink,
  AccountLinkInput,
  CallOptions,
  ConnectedAccount,
  CreateAccountInput,
  CreatePaymentIntentInput,
  CreatePayoutInput,
  PaymentProvider,
  ProviderCustomer,
  ProviderPaymentIntent,
  ProviderPaymentMethod,
  ProviderPayout,
  ProviderRefund,
  ProviderSetupIntent,
  UpdateAccountInput,
} from '../provider.ts';
import { invalid, noSuch, runTestRequest, testId, type TestBook, type TestProviderContext } from './test-book.ts';
import {
  attachToCustomer,
  availableBalance,
  cancelIntent,
  captureIntent,
  confirmIntent,
  defaultCurrencyOf,
  describeMagicPaymentMethod,
  moveFunds,
  noRequirements,
  refreshAccountState,
  refundIntent,
  resolvePaymentMethod,
  toConnectedAccount,
  toPaymentIntent,
  toPaymentMethod,
} from './test-flow.ts';
import { deleteTestObject } from './test-provider.store.ts';

export type { TestProviderContext } from './test-book.ts';

const refOf = (ref: unknown): string => {
  if (typeof ref !== 'string') throw new Error('Stored test-provider reference is not an id.');
  return ref;
};

/** Uses a token once, as Stripe does; unknown well-formed tokens are accepted as anonymous test tokens. */
async function useToken(book: TestBook, id: string, type: 'account' | 'bank_account' | 'person') {
  const token = await book.find('token', id);
  if (!token) return null;
  if (token.type !== type) throw invalid(`The token ${id} is a ${token.type} token, not ${type}.`, 'token_type_mismatch');
  if (token.used) throw invalid(`You cannot use a Stripe token more than once: ${id}.`, 'token_already_used');
  await book.put({ ...token, used: true });
  return token;
}

/** The bank account a `btok_…` token stands for (Stripe's test bank `…6789` for anonymous ones). */
async function bankAccountFrom(book: TestBook, tokenId: string, account: Pick<TestAccount, 'id' | 'country' | 'default_currency'>): Promise<TestBankAccount> {
  if (!/^btok_\w+$/.test(tokenId)) throw invalid(`Invalid bank account token: ${tokenId}.`, 'token_invalid');
  const token = await useToken(book, tokenId, 'bank_account');
  const details = token?.bank_account;
  return {
    id: testId('ba'),
    object: 'bank_account',
    account: account.id,
    bank_name: details?.bank_name ?? 'STRIPE TEST BANK',
    country: details?.country ?? account.country,
    currency: details?.currency ?? account.default_currency,
    last4: details?.last4 ?? '6789',
    routing_number: details?.routing_number ?? '110000000',
    status: 'new',
    default_for_currency: true,
  };
}

const withBank = (a: TestAccount, bank: TestBankAccount): TestAccount => ({
  ...a,
  external_accounts: { ...a.external_accounts, data: [bank], total_count: 1 },
});

/** Creates the test provider for one marketplace. Every call runs in its own database transaction. */
export function createTestProvider(ctx: TestProviderContext): PaymentProvider {
  const account = async (book: TestBook, id: string): Promise<ConnectedAccount> => toConnectedAccount(await book.get('account', id));
  const intent = async (book: TestBook, id: string): Promise<ProviderPaymentIntent> => toPaymentIntent(await book.get('payment_intent', id));

  return {
    kind: 'test',

    createAccount: (input: CreateAccountInput, opts: CallOptions) =>
      runTestRequest(
        ctx,
        { key: opts.idempotencyKey, params: { op: 'createAccount', ...input } },
        async (book) => {
          if (!/^ct_\w+$/.test(input.accountToken)) throw invalid(`Invalid account token: ${input.accountToken}.`, 'token_invalid');
          const token = await useToken(book, input.accountToken, 'account');
          const id = testId('acct');
          const base: TestAccount = {
            id,
            object: 'account',
            type: 'custom',
            country: input.country,
            email: input.email,
            business_type: token?.account?.business_type ?? 'individual',
            business_profile: { mcc: input.businessProfile.mcc, url: input.businessProfile.url, product_description: input.businessProfile.productDescription },
            capabilities: Object.fromEntries(input.capabilities.filter((c) => c !== 'legacy_payments').map((c) => [c, 'inactive'])),
            charges_enabled: false,
            payouts_enabled: false,
            details_submitted: false,
            default_currency: defaultCurrencyOf(input.country),
            external_accounts: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/accounts/${id}/external_accounts` },
            requirements: noRequirements(),
            future_requirements: noRequirements(),
            tos_acceptance: { date: token?.account?.tos_shown_and_accepted === false ? null : book.now },
            settings: { payouts: { schedule: { interval: 'manual' } } },
            metadata: input.metadata,
            created: book.now,
          };
          const created = refreshAccountState(input.bankAccountToken ? withBank(base, await bankAccountFrom(book, input.bankAccountToken, base)) : base);
          await book.put(created);
          return { ok: toConnectedAccount(created), ref: created.id };
        },
        (book, ref) => account(book, refOf(ref)),
      ),

    retrieveAccount: (accountId) => runTestRequest(ctx, { key: undefined, params: null }, async (book) => ({ ok: await account(book, accountId), ref: accountId }), (book) => account(book, accountId)),

    updateAccount: (accountId: string, input: UpdateAccountInput, opts: CallOptions) =>
      runTestRequest(
        ctx,
        { key: opts.idempotencyKey, params: { op: 'updateAccount', accountId, ...input } },
        async (book) => {
          let a = await book.get('account', accountId);
          if (input.accountToken !== null) {
            if (!/^ct_\w+$/.test(input.accountToken)) throw invalid(`Invalid account token: ${input.accountToken}.`, 'token_invalid');
            const token = await useToken(book, input.accountToken, 'account');
            if (token?.account?.tos_shown_and_accepted !== false) a = { ...a, tos_acceptance: { date: a.tos_acceptance.date ?? book.now } };
          }
          if (input.bankAccountToken !== null) a = withBank(a, await bankAccountFrom(book, input.bankAccountToken, a));
          a = {
            ...a,
            business_profile: {
              mcc: input.businessProfile.mcc ?? a.business_profile.mcc,
              url: input.businessProfile.url ?? a.business_profile.url,
              product_description: input.businessProfile.productDescription ?? a.business_profile.product_description,
            },
          };
          if (input.capabilities !== null) {
            const capabilities = { ...a.capabilities };
            for (const c of input.capabilities) if (c !== 'legacy_payments' && !Object.hasOwn(capabilities, c)) capabilities[c] = 'inactive';
            a = { ...a, capabilities };
          }
          const updated = refreshAccountState(a);
          await book.put(updated);
          return { ok: toConnectedAccount(updated), ref: updated.id };
        },
        (book, ref) => account(book, refOf(ref)),
      ),

    deleteAccount: (accountId) =>
      runTestRequest(
        ctx,
        { key: undefined, params: null },
        async (book) => {
          await book.get('account', accountId);
          await deleteTestObject(book.trx, ctx.marketplaceId, accountId);
          return { ok: undefined, ref: null };
        },
        async () => undefined,
      ),

    createAccountLink: (accountId: string, input: AccountLinkInput): Promise<AccountLink> =>
      runTestRequest(
        ctx,
        { key: undefined, params: null },
        async (book) => {
          await book.get('account', accountId);
          if (ctx.linkBase === null) throw invalid('The test provider needs the calling application to build onboarding links.');
          const query = new URLSearchParams({ type: input.type, return_url: input.returnUrl, refresh_url: input.refreshUrl, collect: input.collect });
          // Stripe's account links are single-use and expire after a few minutes.
          const expiresAt = new Date((book.now + 300) * 1000);
          return { ok: { url: `${ctx.linkBase}/accounts/${accountId}/onboarding?${query.toString()}`, expiresAt }, ref: null };
        },
        () => Promise.reject(new Error('account links are never replayed')),
      ),

    createPerson: (accountId: string, personToken: string, opts: CallOptions) =>
      runTestRequest(
        ctx,
        { key: opts.idempotencyKey, params: { op: 'createPerson', accountId, personToken } },
        async (book) => {
          await book.get('account', accountId);
          if (!/^cpt_\w+$/.test(personToken)) throw invalid(`Invalid person token: ${personToken}.`, 'token_invalid');
          await useToken(book, personToken, 'person');
          const id = testId('person');
          await book.put({ id, object: 'person', account: accountId, created: book.now });
          return { ok: { id }, ref: id };
        },
        async (_book, ref) => ({ id: refOf(ref) }),
      ),

    createCustomer: (input, opts) =>
      runTestRequest(
        ctx,
        { key: opts.idempotencyKey, params: { op: 'createCustomer', ...input } },
        async (book) => {
          const id = testId('cus');
          let defaultPm: string | null = null;
          if (input.paymentMethodId !== null) defaultPm = (await attachToCustomer(book, await resolvePaymentMethod(book, input.paymentMethodId), id)).id;
          const customer: TestCustomer = { id, object: 'customer', email: input.email, invoice_settings: { default_payment_method: defaultPm }, metadata: input.metadata, created: book.now };
          await book.put(customer);
          return { ok: toCustomer(customer), ref: id };
        },
        async (book, ref) => toCustomer(await book.get('customer', refOf(ref))),
      ),

    retrievePaymentMethod: (paymentMethodId): Promise<ProviderPaymentMethod> =>
      runTestRequest(
        ctx,
        { key: undefined, params: null },
        async (book) => {
          const pm = (await book.find('payment_method', paymentMethodId)) ?? describeMagicPaymentMethod(paymentMethodId, book.now);
          if (!pm) throw noSuch('payment_method', paymentMethodId);
          return { ok: toPaymentMethod(pm), ref: null };
        },
        () => Promise.reject(new Error('reads are never replayed')),
      ),

    attachPaymentMethod: (customerId, paymentMethodId, opts) =>
      runTestRequest(
        ctx,
        { key: opts.idempotencyKey, params: { op: 'attachPaymentMethod', customerId, paymentMethodId } },
        async (book) => {
          const customer = await book.get('customer', customerId);
          const pm = await attachToCustomer(book, await resolvePaymentMethod(book, paymentMethodId), customer.id);
          await book.put({ ...customer, invoice_settings: { default_payment_method: pm.id } });
          return { ok: toPaymentMethod(pm), ref: pm.id };
        },
        async (book, ref) => toPaymentMethod(await book.get('payment_method', refOf(ref))),
      ),

    detachPaymentMethod: (paymentMethodId) =>
      runTestRequest(
        ctx,
        { key: undefined, params: null },
        async (book) => {
          const pm = await book.find('payment_method', paymentMethodId);
          if (!pm) throw noSuch('payment_method', paymentMethodId);
          if (pm.customer === null) throw invalid('The payment method you provided is not attached to a customer so detachment is impossible.', 'payment_method_unexpected_state');
          const customer = await book.find('customer', pm.customer);
          if (customer?.invoice_settings.default_payment_method === pm.id) await book.put({ ...customer, invoice_settings: { default_payment_method: null } });
          await book.put({ ...pm, customer: null });
          return { ok: undefined, ref: null };
        },
        async () => undefined,
      ),

    createSetupIntent: (input, opts): Promise<ProviderSetupIntent> =>
      runTestRequest(
        ctx,
        { key: opts.idempotencyKey, params: { op: 'createSetupIntent', ...input } },
        async (book) => {
          if (input.customerId !== null) await book.get('customer', input.customerId);
          const id = testId('seti');
          const si: TestSetupIntent = {
            id,
            object: 'setup_intent',
            client_secret: `${id}_secret_${randomToken(18).replace(/[-_]/g, '')}`,
            status: 'requires_payment_method',
            customer: input.customerId,
            payment_method: null,
            usage: 'off_session',
            next_action: null,
            last_setup_error: null,
            metadata: input.metadata,
            created: book.now,
          };
          await book.put(si);
          return { ok: toSetupIntent(si), ref: id };
        },
        async (book, ref) => toSetupIntent(await book.get('setup_intent', refOf(ref))),
      ),

    createPaymentIntent: (input: CreatePaymentIntentInput, opts: CallOptions) =>
      runTestRequest<ProviderPaymentIntent>(
        ctx,
        { key: opts.idempotencyKey, params: { op: 'createPaymentIntent', ...input } },
        async (book) => {
          if (!Number.isInteger(input.amount) || input.amount <= 0) throw invalid('This value must be greater than or equal to 1.', 'parameter_invalid_integer');
          if (input.applicationFeeAmount < 0 || input.applicationFeeAmount > input.amount) throw invalid('The application fee cannot exceed the amount.', 'parameter_invalid_integer');
          const destination = await book.find('account', input.destinationAccountId);
          if (!destination) throw new PaymentProviderError('not-found', `No such destination: '${input.destinationAccountId}'`, { code: 'resource_missing' });
          if (input.customerId !== null) await book.get('customer', input.customerId);
          let paymentMethod: string | null = null;
          if (input.paymentMethodId !== null) {
            const pm = await resolvePaymentMethod(book, input.paymentMethodId);
            if (pm.customer !== null && pm.customer !== input.customerId) throw invalid('The provided PaymentMethod belongs to another customer.', 'payment_method_unexpected_state');
            paymentMethod = pm.id;
          }
          const id = testId('pi');
          let pi: TestPaymentIntent = {
            id,
            object: 'payment_intent',
            amount: input.amount,
            currency: input.currency,
            status: paymentMethod === null ? 'requires_payment_method' : 'requires_confirmation',
            capture_method: input.captureMethod,
            client_secret: `${id}_secret_${randomToken(18).replace(/[-_]/g, '')}`,
            customer: input.customerId,
            payment_method: paymentMethod,
            payment_method_types: input.paymentMethodTypes,
            application_fee_amount: input.applicationFeeAmount,
            transfer_data: { destination: destination.id },
            amount_capturable: 0,
            amount_received: 0,
            amount_refunded: 0,
            latest_charge: null,
            last_payment_error: null,
            next_action: null,
            setup_future_usage: input.setupFutureUsage,
            cancellation_reason: null,
            canceled_at: null,
            metadata: input.metadata,
            created: book.now,
          };
          await book.put(pi);
          if (input.confirmOffSession) {
            const confirmed = await confirmIntent(book, pi, 'off-session');
            if (confirmed.failure) return { fail: confirmed.failure };
            pi = confirmed.pi;
          }
          return { ok: toPaymentIntent(pi), ref: id };
        },
        (book, ref) => intent(book, refOf(ref)),
      ),

    retrievePaymentIntent: (paymentIntentId) =>
      runTestRequest(ctx, { key: undefined, params: null }, async (book) => ({ ok: await intent(book, paymentIntentId), ref: paymentIntentId }), (book) => intent(book, paymentIntentId)),

    confirmPaymentIntent: (paymentIntentId, opts) =>
      runTestRequest<ProviderPaymentIntent>(
        ctx,
        { key: opts.idempotencyKey, params: { op: 'confirmPaymentIntent', paymentIntentId } },
        async (book) => {
          // A server-side confirmation has no buyer at hand, yet is on session: a card needing
          // authentication answers `requires_action`, which the buyer completes through Stripe.js.
          const { pi, failure } = await confirmIntent(book, await book.get('payment_intent', paymentIntentId), 'on-session');
          return failure ? { fail: failure } : { ok: toPaymentIntent(pi), ref: pi.id };
        },
        (book, ref) => intent(book, refOf(ref)),
      ),

    capturePaymentIntent: (paymentIntentId, opts) =>
      runTestRequest(
        ctx,
        { key: opts.idempotencyKey, params: { op: 'capturePaymentIntent', paymentIntentId } },
        async (book) => {
          const pi = await captureIntent(book, await book.get('payment_intent', paymentIntentId));
          return { ok: toPaymentIntent(pi), ref: pi.id };
        },
        (book, ref) => intent(book, refOf(ref)),
      ),

    cancelPaymentIntent: (paymentIntentId, opts) =>
      runTestRequest(
        ctx,
        { key: opts.idempotencyKey, params: { op: 'cancelPaymentIntent', paymentIntentId } },
        async (book) => {
          const pi = await cancelIntent(book, await book.get('payment_intent', paymentIntentId));
          return { ok: toPaymentIntent(pi), ref: pi.id };
        },
        (book, ref) => intent(book, refOf(ref)),
      ),

    refundPaymentIntent: (paymentIntentId, opts): Promise<ProviderRefund> =>
      runTestRequest(
        ctx,
        { key: opts.idempotencyKey, params: { op: 'refundPaymentIntent', paymentIntentId } },
        async (book) => {
          const { refundId, amount } = await refundIntent(book, await book.get('payment_intent', paymentIntentId));
          return { ok: { id: refundId, amount, status: 'succeeded' }, ref: refundId };
        },
        async (book, ref) => {
          const refund = await book.get('refund', refOf(ref));
          return { id: refund.id, amount: refund.amount, status: refund.status };
        },
      ),

    createPayout: (input: CreatePayoutInput, opts: CallOptions): Promise<ProviderPayout> =>
      runTestRequest(
        ctx,
        { key: opts.idempotencyKey, params: { op: 'createPayout', ...input } },
        async (book) => {
          const a = await book.get('account', input.accountId);
          const bank = a.external_accounts.data[0];
          if (!bank || !a.payouts_enabled) throw invalid('Payouts are not enabled for this account: it has no bank account or its details are incomplete.', 'payouts_not_allowed');
          const available = await availableBalance(book, a.id, input.currency);
          if (available < input.amount) {
            throw invalid(
              'You have insufficient funds in your Stripe account for this transfer. Your card balance is too low. You can use the /v1/balance endpoint to view your Stripe balance (for more details, see stripe.com/docs/api#balance).',
              'balance_insufficient',
            );
          }
          await moveFunds(book, a.id, -input.amount, input.currency);
          const id = testId('po');
          const payout: TestPayout = {
            id,
            object: 'payout',
            amount: input.amount,
            currency: input.currency,
            // Test-mode payouts arrive at once.
            status: 'paid',
            destination: bank.id,
            arrival_date: book.now,
            account: a.id,
            metadata: input.metadata,
            created: book.now,
          };
          await book.put(payout);
          return { ok: { id, amount: payout.amount, currency: payout.currency, status: payout.status, arrivalDate: payout.arrival_date }, ref: id };
        },
        async (book, ref) => {
          const p = await book.get('payout', refOf(ref));
          return { id: p.id, amount: p.amount, currency: p.currency, status: p.status, arrivalDate: p.arrival_date };
        },
      ),
  };
}

const toCustomer = (c: TestCustomer): ProviderCustomer => ({ id: c.id, email: c.email, defaultPaymentMethodId: c.invoice_settings.default_payment_method });

const toSetupIntent = (si: TestSetupIntent): ProviderSetupIntent => ({ id: si.id, clientSecret: si.client_secret, status: si.status, paymentMethodId: si.payment_method });
