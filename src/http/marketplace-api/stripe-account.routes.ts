/**
 * A seller's Stripe account (catalogue §3.10 M47–M51): `stripe_account/create|fetch|update`,
 * `stripe_account_links/create`, `stripe_persons/create`. The calling user's own account only.
 * Commands return `{id, type}` unless `expand=true`; account links always carry `url`/`expiresAt`
 * (the template reads them without `expand`). Under the `test` provider the same calls work with
 * test tokens (`ct_…`, `btok_…`, `cpt_…`).
 */
import type { FastifyRequest } from 'fastify';
import { Type, type FastifyPluginAsyncTypebox, type TSchema } from '@fastify/type-provider-typebox';
import type { SurfaceDeps } from '../../app.ts';
import {
  createStripeAccount,
  createStripeAccountLink,
  createStripePerson,
  fetchStripeAccount,
  updateStripeAccount,
  type PaymentActor,
} from '../../domain/payments/index.ts';
import { parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { requireUser } from '../plugins/authenticate.ts';
import { rawQueryOf } from '../resources/listing.schemas.ts';
import { stripeAccountDocument, stripeAccountLinkDocument, stripePersonDocument } from '../resources/stripe.presenter.ts';
import { checkInclude } from '../resources/include-check.ts';

/** A connected account has no relationships (what stripeAccountDocument resolves). */
const STRIPE_ACCOUNT_GRAPH = { stripeAccount: {} };

const closed: { additionalProperties: false } = { additionalProperties: false };
/** Optional, and null means absent (the SDK encodes undefined fields as null). */
const Opt = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

const accountFields = {
  bankAccountToken: Opt(Type.String()),
  businessProfileMCC: Opt(Type.String()),
  businessProfileURL: Opt(Type.String()),
  businessProfileProductDescription: Opt(Type.String()),
  requestedCapabilities: Opt(Type.Array(Type.String())),
};
export const CreateStripeAccountBody = Type.Object({ country: Type.String(), accountToken: Type.String(), ...accountFields }, closed);
export const UpdateStripeAccountBody = Type.Object({ accountToken: Opt(Type.String()), ...accountFields }, closed);
const CreateAccountLinkBody = Type.Object(
  {
    failureURL: Type.String(),
    successURL: Type.String(),
    type: Type.String(),
    collect: Opt(Type.String()),
    collectionOptions: Opt(
      Type.Object({ fields: Opt(Type.String()), future_requirements: Opt(Type.String()), futureRequirements: Opt(Type.String()) }, closed),
    ),
  },
  closed,
);
const CreatePersonBody = Type.Object({ personToken: Type.String() }, closed);

/** Null (the SDK's encoding of an unset field) as absent. */
export const orUndefined = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

/** The account fields of a create/update body without nulls. */
export const accountInput = (body: {
  accountToken?: string | null;
  bankAccountToken?: string | null;
  businessProfileMCC?: string | null;
  businessProfileURL?: string | null;
  businessProfileProductDescription?: string | null;
  requestedCapabilities?: string[] | null;
}) => ({
  accountToken: orUndefined(body.accountToken),
  bankAccountToken: orUndefined(body.bankAccountToken),
  businessProfileMCC: orUndefined(body.businessProfileMCC),
  businessProfileURL: orUndefined(body.businessProfileURL),
  businessProfileProductDescription: orUndefined(body.businessProfileProductDescription),
  requestedCapabilities: orUndefined(body.requestedCapabilities),
});

/** The calling user as the payments module's actor. */
export const paymentActorOf = (request: FastifyRequest): PaymentActor => {
  const user = requireUser(request);
  return { marketplaceId: user.marketplaceId, userId: user.userId, clientId: user.clientId };
};

export const stripeAccountRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post('/stripe_account/create', { schema: { body: CreateStripeAccountBody } }, async (request, reply) => {
      const q = parseQuery(rawQueryOf(request), {}, { expand: true });
      checkInclude(STRIPE_ACCOUNT_GRAPH, 'stripeAccount', q.include); // before the provider call
      const actor = paymentActorOf(request);
      const account = await createStripeAccount(deps.db, deps.payments, actor, { ...accountInput(request.body), country: request.body.country, accountToken: request.body.accountToken });
      return sendDocument(request, reply, await stripeAccountDocument(account, q));
    });

    app.get<{ Querystring: RawQuery }>('/stripe_account/fetch', async (request, reply) => {
      const q = parseQuery(request.query, {});
      const account = await fetchStripeAccount(deps.db, deps.payments, paymentActorOf(request));
      return sendDocument(request, reply, await stripeAccountDocument(account, { include: q.include, fields: q.fields }));
    });

    app.post('/stripe_account/update', { schema: { body: UpdateStripeAccountBody } }, async (request, reply) => {
      const q = parseQuery(rawQueryOf(request), {}, { expand: true });
      checkInclude(STRIPE_ACCOUNT_GRAPH, 'stripeAccount', q.include); // before the provider call
      const account = await updateStripeAccount(deps.db, deps.payments, paymentActorOf(request), accountInput(request.body));
      return sendDocument(request, reply, await stripeAccountDocument(account, q));
    });

    app.post('/stripe_account_links/create', { schema: { body: CreateAccountLinkBody } }, async (request, reply) => {
      parseQuery(rawQueryOf(request), {}, { expand: true });
      const { collect, collectionOptions, ...rest } = request.body;
      const options = collectionOptions
        ? { fields: orUndefined(collectionOptions.fields), future_requirements: orUndefined(collectionOptions.future_requirements), futureRequirements: orUndefined(collectionOptions.futureRequirements) }
        : undefined;
      const link = await createStripeAccountLink(deps.db, deps.payments, paymentActorOf(request), { ...rest, collect: orUndefined(collect), collectionOptions: options });
      return sendDocument(request, reply, await stripeAccountLinkDocument(link));
    });

    app.post('/stripe_persons/create', { schema: { body: CreatePersonBody } }, async (request, reply) => {
      const q = parseQuery(rawQueryOf(request), {}, { expand: true });
      const person = await createStripePerson(deps.db, deps.payments, paymentActorOf(request), request.body);
      return sendDocument(request, reply, await stripePersonDocument(person, q.expand));
    });
  };
