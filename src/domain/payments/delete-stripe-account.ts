import { conflict } from '../errors.ts';
import type { Db } from '../../store/db.ts';
import { assertOutsideTransaction, callProvider, type PaymentsDeps } from './payments.ts';
import { accountHasOpenPayments, deleteAccountRow } from './payments.store.ts';
import { PaymentProviderError } from './provider.ts';
import { requirePaymentProvider } from './resolve-provider.ts';
import { requireAccount, type PaymentActor } from './stripe-account.ts';

/**
 * Legacy `current_user/delete_stripe_account`: deletes the connected account at the provider and
 * forgets it. Refused (conflict `conflict`) while money is in flight to it (authorised or captured
 * payments not yet paid out or refunded). Throws conflict `stripe-account-not-found`.
 */
export async function deleteStripeAccount(db: Db, deps: PaymentsDeps, actor: PaymentActor): Promise<void> {
  assertOutsideTransaction(db);
  const account = await requireAccount(db, actor);
  if (await accountHasOpenPayments(db, actor.marketplaceId, account.provider, account.accountId)) {
    throw conflict('conflict', 'The Stripe account has payments in progress; it can be deleted once they are paid out or refunded.');
  }
  const provider = await requirePaymentProvider(db, deps, actor);
  await callProvider('account', async () => {
    try {
      await provider.deleteAccount(account.accountId);
    } catch (err) {
      // Already gone at the provider: forgetting it here is what is left to do.
      if (!(err instanceof PaymentProviderError && err.kind === 'not-found')) throw err;
    }
  });
  await db.transaction().execute((trx) => deleteAccountRow(trx, actor.marketplaceId, account.id));
}
