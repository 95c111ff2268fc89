import { conflict, notFound } from '../errors.ts';
import { findUserById } from '../users/index.ts';
import { newId } from '../../lib/ids.ts';
import type { Db } from '../../store/db.ts';
import { assertOutsideTransaction, callProvider, validToken, type PaymentCustomer, type PaymentsDeps } from './payments.ts';
import { insertCustomer, selectCustomerByUser } from './payments.store.ts';
import { requirePaymentProvider } from './resolve-provider.ts';
import type { PaymentActor } from './stripe-account.ts';
import { checkedCard, storedCard } from './stripe-customer.ts';

/**
 * `stripe_customer/create`: the user's customer at the provider with `stripePaymentMethodId` as its
 * default payment method. Throws bad-request (id), conflict `conflict` (the user already has a
 * customer: use add_payment_method), `stripe-payment-method-type-not-supported`, provider errors.
 */
export async function createStripeCustomer(
  db: Db,
  deps: PaymentsDeps,
  actor: PaymentActor,
  input: { stripePaymentMethodId: string; stripeCustomerEmail?: string | undefined },
): Promise<PaymentCustomer> {
  assertOutsideTransaction(db);
  const paymentMethodId = validToken(input.stripePaymentMethodId, 'payment-method', 'stripePaymentMethodId');
  if (await selectCustomerByUser(db, actor.marketplaceId, actor.userId)) throw conflict('conflict', 'The user already has a Stripe customer; use stripe_customer/add_payment_method.');
  const user = await findUserById(db, actor.marketplaceId, actor.userId);
  if (!user) throw notFound('No such user.');
  const provider = await requirePaymentProvider(db, deps, actor);
  await checkedCard(provider, paymentMethodId);
  const customer = await callProvider('customer', () =>
    provider.createCustomer(
      { email: input.stripeCustomerEmail ?? (user.email || null), paymentMethodId, metadata: { 'bazaar-user-id': user.id } },
      { idempotencyKey: `bazaar:${actor.userId}:create-customer:${paymentMethodId}` },
    ),
  );
  const defaultId = customer.defaultPaymentMethodId;
  const method = defaultId === null ? null : storedCard(await callProvider('customer', () => provider.retrievePaymentMethod(defaultId)));
  const row = await db.transaction().execute((trx) =>
    insertCustomer(trx, { id: newId(), marketplaceId: actor.marketplaceId, userId: actor.userId, provider: provider.kind, customerId: customer.id, defaultPaymentMethod: method, now: deps.clock.now() }),
  );
  if (!row) throw conflict('conflict', 'The user already has a Stripe customer; use stripe_customer/add_payment_method.');
  return row;
}
