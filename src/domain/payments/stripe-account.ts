/**
 * A seller's connected account (catalogue §3.10 M47–M51): what its use cases share. The use cases
 * (create-, fetch-, update-, delete-stripe-account.ts, create-stripe-account-link.ts,
 * create-stripe-person.ts) call the provider first, outside any database transaction, then record
 * the result in a short transaction of their own (they take the Db, never a Trx).
 */
import { conflict } from '../errors.ts';
import type { Db } from '../../store/db.ts';
import type { PaymentAccount, PaymentsDeps } from './payments.ts';
import { selectAccountByUser, updateAccountSnapshot } from './payments.store.ts';
import type { ConnectedAccount } from './provider.ts';

/** The calling user and application. */
export interface PaymentActor {
  marketplaceId: string;
  userId: string;
  clientId: string;
}

/** The user's account row, else conflict `stripe-account-not-found`. */
export async function requireAccount(db: Db, actor: PaymentActor): Promise<PaymentAccount> {
  const account = await selectAccountByUser(db, actor.marketplaceId, actor.userId);
  if (!account) throw conflict('stripe-account-not-found', 'The user has no Stripe account; create one with stripe_account/create.');
  return account;
}

/** Stores what the provider answered about an account (charges/payouts enabled, its data). */
export async function recordAccountState(db: Db, deps: PaymentsDeps, account: PaymentAccount, fresh: ConnectedAccount): Promise<PaymentAccount> {
  const now = deps.clock.now();
  const updated = await updateAccountSnapshot(db, {
    marketplaceId: account.marketplaceId,
    provider: account.provider,
    accountId: account.accountId,
    chargesEnabled: fresh.chargesEnabled,
    payoutsEnabled: fresh.payoutsEnabled,
    data: fresh.data,
    syncedAt: now,
    now,
  });
  return updated ?? { ...account, chargesEnabled: fresh.chargesEnabled, payoutsEnabled: fresh.payoutsEnabled, data: fresh.data };
}
