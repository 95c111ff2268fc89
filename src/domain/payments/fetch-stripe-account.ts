import type { Db } from '../../store/db.ts';
import { assertOutsideTransaction, callProvider, type PaymentAccount, type PaymentsDeps } from './payments.ts';
import { requirePaymentProvider } from './resolve-provider.ts';
import { recordAccountState, requireAccount, type PaymentActor } from './stripe-account.ts';

/** `stripe_account/fetch`: the user's account as the provider sees it now (and stored). Throws conflict `stripe-account-not-found`, provider errors. */
export async function fetchStripeAccount(db: Db, deps: PaymentsDeps, actor: PaymentActor): Promise<PaymentAccount> {
  assertOutsideTransaction(db);
  const account = await requireAccount(db, actor);
  const provider = await requirePaymentProvider(db, deps, actor);
  const fresh = await callProvider('account', () => provider.retrieveAccount(account.accountId));
  return recordAccountState(db, deps, account, fresh);
}
