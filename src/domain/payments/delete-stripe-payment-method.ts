import type { Db } from '../../store/db.ts';
import { assertOutsideTransaction, callProvider, type PaymentCustomer, type PaymentsDeps } from './payments.ts';
import { updateCustomerDefaultPaymentMethod } from './payments.store.ts';
import { requirePaymentProvider } from './resolve-provider.ts';
import type { PaymentActor } from './stripe-account.ts';
import { requireCustomer } from './stripe-customer.ts';

/** `stripe_customer/delete_payment_method`: detaches the default payment method (nothing to do without one). Throws conflict `stripe-customer-not-found`, provider errors. */
export async function deleteStripePaymentMethod(db: Db, deps: PaymentsDeps, actor: PaymentActor): Promise<PaymentCustomer> {
  assertOutsideTransaction(db);
  const customer = await requireCustomer(db, actor);
  const method = customer.defaultPaymentMethod;
  if (method === null) return customer;
  const provider = await requirePaymentProvider(db, deps, actor);
  await callProvider('customer', () => provider.detachPaymentMethod(method.paymentMethodId));
  return db.transaction().execute((trx) => updateCustomerDefaultPaymentMethod(trx, actor.marketplaceId, customer.id, null, deps.clock.now()));
}
