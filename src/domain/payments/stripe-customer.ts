/**
 * A buyer's customer record and saved card (catalogue §3.10 M52–M55): what the use cases share
 * (create-stripe-setup-intent.ts, create-stripe-customer.ts, add-/delete-stripe-payment-method.ts).
 * Provider first (outside any transaction), then the row.
 */
import { conflict } from '../errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Db } from '../../store/db.ts';
import type { StoredPaymentMethod } from '../../store/tables/payments.ts';
import { callProvider, type PaymentCustomer } from './payments.ts';
import { selectCustomerByUser } from './payments.store.ts';
import type { PaymentProvider, ProviderPaymentMethod } from './provider.ts';
import type { PaymentActor } from './stripe-account.ts';

/** The card of a payment method as the customer row keeps it; 409 for non-card methods. */
export function storedCard(pm: ProviderPaymentMethod): StoredPaymentMethod {
  if (pm.type !== 'card' || pm.card === null) {
    throw conflict('stripe-payment-method-type-not-supported', `Only card payment methods can be saved; ${pm.id} is ${pm.type}.`);
  }
  return { id: newId(), paymentMethodId: pm.id, type: 'card', brand: pm.card.brand, last4: pm.card.last4, expMonth: pm.card.expMonth, expYear: pm.card.expYear };
}

/** Checks that a payment method exists at the provider and is a card. */
export async function checkedCard(provider: PaymentProvider, paymentMethodId: string): Promise<void> {
  storedCard(await callProvider('other', () => provider.retrievePaymentMethod(paymentMethodId)));
}

/** The user's customer row, else conflict `stripe-customer-not-found`. */
export async function requireCustomer(db: Db, actor: PaymentActor): Promise<PaymentCustomer> {
  const customer = await selectCustomerByUser(db, actor.marketplaceId, actor.userId);
  if (!customer) throw conflict('stripe-customer-not-found', 'The user has no Stripe customer; create one with stripe_customer/create.');
  return customer;
}
