import { newId } from '../../lib/ids.ts';
import type { Db } from '../../store/db.ts';
import { assertOutsideTransaction, callProvider, type PaymentsDeps } from './payments.ts';
import { selectCustomerByUser } from './payments.store.ts';
import { requirePaymentProvider } from './resolve-provider.ts';
import type { PaymentActor } from './stripe-account.ts';

/** `stripe_setup_intents/create`: a setup intent whose client secret lets the front end save a card (attached to the user's customer when there is one). Throws `stripe-missing-api-key`, provider errors. */
export async function createStripeSetupIntent(db: Db, deps: PaymentsDeps, actor: PaymentActor): Promise<{ id: string; stripeSetupIntentId: string; clientSecret: string }> {
  assertOutsideTransaction(db);
  const provider = await requirePaymentProvider(db, deps, actor);
  const customer = await selectCustomerByUser(db, actor.marketplaceId, actor.userId);
  const customerId = customer && customer.provider === provider.kind ? customer.customerId : null;
  const si = await callProvider('customer', () => provider.createSetupIntent({ customerId, metadata: { 'bazaar-user-id': actor.userId } }, {}));
  return { id: newId(), stripeSetupIntentId: si.id, clientSecret: si.clientSecret };
}
