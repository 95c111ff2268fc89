import { conflict } from '../errors.ts';
import type { Db } from '../../store/db.ts';
import { assertOutsideTransaction, callProvider, validToken, type PaymentCustomer, type PaymentsDeps } from './payments.ts';
import { lockCustomer, updateCustomerDefaultPaymentMethod } from './payments.store.ts';
import { requirePaymentProvider } from './resolve-provider.ts';
import type { PaymentActor } from './stripe-account.ts';
import { checkedCard, requireCustomer, storedCard } from './stripe-customer.ts';

/**
 * `stripe_customer/add_payment_method`: attaches a payment method and makes it the default. One
 * saved method per customer (Sharetribe's rule): delete the current one first. Throws bad-request,
 * conflict `stripe-customer-not-found`, `stripe-multiple-payment-methods-not-supported`,
 * `stripe-payment-method-type-not-supported`, provider errors.
 */
export async function addStripePaymentMethod(db: Db, deps: PaymentsDeps, actor: PaymentActor, input: { stripePaymentMethodId: string }): Promise<PaymentCustomer> {
  assertOutsideTransaction(db);
  const paymentMethodId = validToken(input.stripePaymentMethodId, 'payment-method', 'stripePaymentMethodId');
  const customer = await requireCustomer(db, actor);
  if (customer.defaultPaymentMethod !== null) {
    throw conflict('stripe-multiple-payment-methods-not-supported', 'The customer already has a payment method; delete it before adding another.');
  }
  const provider = await requirePaymentProvider(db, deps, actor);
  await checkedCard(provider, paymentMethodId);
  const pm = await callProvider('customer', () =>
    provider.attachPaymentMethod(customer.customerId, paymentMethodId, { idempotencyKey: `bazaar:${actor.userId}:attach:${customer.customerId}:${paymentMethodId}` }),
  );
  const method = storedCard(pm);
  return db.transaction().execute(async (trx) => {
    const locked = await lockCustomer(trx, actor.marketplaceId, customer.id);
    if (!locked) throw conflict('stripe-customer-not-found', 'The Stripe customer was removed meanwhile.');
    return updateCustomerDefaultPaymentMethod(trx, actor.marketplaceId, customer.id, method, deps.clock.now());
  });
}
