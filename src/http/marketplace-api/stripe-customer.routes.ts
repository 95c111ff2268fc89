/**
 * A buyer's saved card (catalogue §3.10 M52–M55): `stripe_setup_intents/create`,
 * `stripe_customer/create|add_payment_method|delete_payment_method`. The calling user's own
 * customer only; `include=defaultPaymentMethod` adds the saved card (`stripePaymentMethod`).
 * Setup intents always carry `stripeSetupIntentId`/`clientSecret` (read without `expand`).
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SurfaceDeps } from '../../app.ts';
import { addStripePaymentMethod, createStripeCustomer, createStripeSetupIntent, deleteStripePaymentMethod } from '../../domain/payments/index.ts';
import { parseQuery, sendDocument } from '../wire/index.ts';
import { rawQueryOf } from '../resources/listing.schemas.ts';
import { StripeCustomerPresenter, stripeCustomerDocument, stripeSetupIntentDocument } from '../resources/stripe.presenter.ts';
import { checkInclude } from '../resources/include-check.ts';
import { orUndefined, paymentActorOf } from './stripe-account.routes.ts';

const closed: { additionalProperties: false } = { additionalProperties: false };
const EmptyBody = Type.Object({}, closed);
const CreateStripeCustomerBody = Type.Object(
  { stripePaymentMethodId: Type.String(), stripeCustomerEmail: Type.Optional(Type.Union([Type.String(), Type.Null()])) },
  closed,
);
const AddPaymentMethodBody = Type.Object({ stripePaymentMethodId: Type.String() }, closed);

export const stripeCustomerRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post('/stripe_setup_intents/create', { schema: { body: Type.Optional(EmptyBody) } }, async (request, reply) => {
      parseQuery(rawQueryOf(request), {}, { expand: true });
      const si = await createStripeSetupIntent(deps.db, deps.payments, paymentActorOf(request));
      return sendDocument(request, reply, await stripeSetupIntentDocument(si));
    });

    app.post('/stripe_customer/create', { schema: { body: CreateStripeCustomerBody } }, async (request, reply) => {
      const q = parseQuery(rawQueryOf(request), {}, { expand: true });
      checkInclude(new StripeCustomerPresenter().graph(), 'stripeCustomer', q.include); // before the provider call
      const customer = await createStripeCustomer(deps.db, deps.payments, paymentActorOf(request), {
        stripePaymentMethodId: request.body.stripePaymentMethodId,
        stripeCustomerEmail: orUndefined(request.body.stripeCustomerEmail),
      });
      return sendDocument(request, reply, await stripeCustomerDocument(customer, q));
    });

    app.post('/stripe_customer/add_payment_method', { schema: { body: AddPaymentMethodBody } }, async (request, reply) => {
      const q = parseQuery(rawQueryOf(request), {}, { expand: true });
      checkInclude(new StripeCustomerPresenter().graph(), 'stripeCustomer', q.include); // before the provider call
      const customer = await addStripePaymentMethod(deps.db, deps.payments, paymentActorOf(request), request.body);
      return sendDocument(request, reply, await stripeCustomerDocument(customer, q));
    });

    app.post('/stripe_customer/delete_payment_method', { schema: { body: Type.Optional(EmptyBody) } }, async (request, reply) => {
      const q = parseQuery(rawQueryOf(request), {}, { expand: true });
      checkInclude(new StripeCustomerPresenter().graph(), 'stripeCustomer', q.include); // before the provider call
      const customer = await deleteStripePaymentMethod(deps.db, deps.payments, paymentActorOf(request));
      return sendDocument(request, reply, await stripeCustomerDocument(customer, q));
    });
  };
