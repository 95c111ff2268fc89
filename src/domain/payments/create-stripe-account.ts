import { conflict, notFound } from '../errors.ts';
import { findUserById } from '../users/index.ts';
import { newId } from '../../lib/ids.ts';
import { sha256 } from '../../lib/secrets.ts';
import type { Db } from '../../store/db.ts';
import { assertOutsideTransaction, callProvider, validCapabilities, validCountry, validToken, validUrl, type PaymentAccount, type PaymentsDeps } from './payments.ts';
import { insertAccount, selectAccountByUser } from './payments.store.ts';
import { requirePaymentProvider } from './resolve-provider.ts';
import type { PaymentActor } from './stripe-account.ts';

export interface CreateStripeAccountInput {
  country: string;
  accountToken: string;
  bankAccountToken?: string | undefined;
  businessProfileMCC?: string | undefined;
  businessProfileURL?: string | undefined;
  businessProfileProductDescription?: string | undefined;
  requestedCapabilities?: string[] | undefined;
}

const opt = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/**
 * `stripe_account/create` (and legacy `current_user/create_stripe_account`): creates the user's
 * connected (custom) account from an account token, with an optional bank account token for
 * payouts. A double submit is harmless: the idempotency key is derived from the single-use token.
 * Throws bad-request (country, tokens, capabilities), conflict `conflict` (the user already has an
 * account), `stripe-missing-api-key` (payments off), payment-provider errors.
 */
export async function createStripeAccount(db: Db, deps: PaymentsDeps, actor: PaymentActor, input: CreateStripeAccountInput): Promise<PaymentAccount> {
  assertOutsideTransaction(db);
  const country = validCountry(input.country);
  const accountToken = validToken(input.accountToken, 'account', 'accountToken');
  const bankAccountToken = input.bankAccountToken === undefined ? null : validToken(input.bankAccountToken, 'bank', 'bankAccountToken');
  const capabilities = validCapabilities(input.requestedCapabilities);
  const businessProfile = { mcc: opt(input.businessProfileMCC), url: input.businessProfileURL === undefined ? null : validUrl(input.businessProfileURL, 'businessProfileURL'), productDescription: opt(input.businessProfileProductDescription) };
  if (await selectAccountByUser(db, actor.marketplaceId, actor.userId)) throw conflict('conflict', 'The user already has a Stripe account.');
  const user = await findUserById(db, actor.marketplaceId, actor.userId);
  if (!user) throw notFound('No such user.');
  const provider = await requirePaymentProvider(db, deps, actor);
  const created = await callProvider('account', () =>
    provider.createAccount(
      { country, accountToken, bankAccountToken, businessProfile, capabilities, email: user.email || null, metadata: { 'bazaar-user-id': user.id, 'bazaar-marketplace-id': actor.marketplaceId } },
      { idempotencyKey: `bazaar:${actor.userId}:create-account:${sha256(accountToken).slice(0, 32)}` },
    ),
  );
  const now = deps.clock.now();
  const row = await db.transaction().execute((trx) =>
    insertAccount(trx, {
      id: newId(),
      marketplaceId: actor.marketplaceId,
      userId: actor.userId,
      provider: provider.kind,
      accountId: created.id,
      chargesEnabled: created.chargesEnabled,
      payoutsEnabled: created.payoutsEnabled,
      data: created.data,
      now,
    }),
  );
  if (!row) throw conflict('conflict', 'The user already has a Stripe account.');
  return row;
}
