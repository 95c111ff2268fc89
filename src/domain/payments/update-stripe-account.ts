import type { Db } from '../../store/db.ts';
import { assertOutsideTransaction, callProvider, validCapabilities, validToken, validUrl, type PaymentAccount, type PaymentsDeps } from './payments.ts';
import { requirePaymentProvider } from './resolve-provider.ts';
import { recordAccountState, requireAccount, type PaymentActor } from './stripe-account.ts';

export interface UpdateStripeAccountInput {
  accountToken?: string | undefined;
  bankAccountToken?: string | undefined;
  businessProfileMCC?: string | undefined;
  businessProfileURL?: string | undefined;
  businessProfileProductDescription?: string | undefined;
  requestedCapabilities?: string[] | undefined;
}

/**
 * `stripe_account/update` (and legacy `current_user/update_stripe_account`): a new account token,
 * bank account (payouts), business profile or capabilities. Throws bad-request, conflict
 * `stripe-account-not-found`, provider errors.
 */
export async function updateStripeAccount(db: Db, deps: PaymentsDeps, actor: PaymentActor, input: UpdateStripeAccountInput): Promise<PaymentAccount> {
  assertOutsideTransaction(db);
  const accountToken = input.accountToken === undefined ? null : validToken(input.accountToken, 'account', 'accountToken');
  const bankAccountToken = input.bankAccountToken === undefined ? null : validToken(input.bankAccountToken, 'bank', 'bankAccountToken');
  const capabilities = input.requestedCapabilities === undefined ? null : validCapabilities(input.requestedCapabilities);
  const url = input.businessProfileURL === undefined ? undefined : validUrl(input.businessProfileURL, 'businessProfileURL');
  const account = await requireAccount(db, actor);
  const provider = await requirePaymentProvider(db, deps, actor);
  const businessProfile = {
    ...(input.businessProfileMCC !== undefined ? { mcc: input.businessProfileMCC } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(input.businessProfileProductDescription !== undefined ? { productDescription: input.businessProfileProductDescription } : {}),
  };
  const fresh = await callProvider('account', () =>
    provider.updateAccount(account.accountId, { accountToken, bankAccountToken, businessProfile, capabilities }, {}),
  );
  return recordAccountState(db, deps, account, fresh);
}
