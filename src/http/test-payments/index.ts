/**
 * The test payments surface (`/v1/test-payments/<clientId>/…`): what Stripe.js and Stripe's hosted
 * onboarding do, for marketplaces using the built-in `test` provider, so a front end can run every
 * payment path offline. Addressed like Stripe.js — the Marketplace API client id stands in for the
 * publishable key and each intent's client secret authorises access to it; no bearer token. JSON in,
 * Stripe-shaped JSON out (objects and `{error: {type, code, decline_code, message, payment_intent}}`
 * errors with Stripe's statuses: 402 card errors, 400 invalid requests, 404 unknown objects).
 * Marketplaces using another provider answer 404 here. See docs/guides/marketplace-api.md.
 */
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SurfaceDeps } from '../../app.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  authenticateTestPaymentIntent,
  authenticateTestSetupIntent,
  completeTestOnboarding,
  confirmTestPaymentIntent,
  confirmTestSetupIntent,
  createTestToken,
  retrieveTestPaymentIntent,
  retrieveTestSetupIntent,
  type StandInResult,
} from '../../domain/payments/index.ts';
import { registerCors } from '../plugins/cors.ts';
import { JSON_CONTENT_TYPE } from '../wire/index.ts';

const STRIPE_ERROR_TYPE = { card: 'card_error', 'invalid-request': 'invalid_request_error', 'not-found': 'invalid_request_error', authentication: 'authentication_error', idempotency: 'idempotency_error', unavailable: 'api_error' } as const;
const STRIPE_STATUS = { card: 402, 'invalid-request': 400, 'not-found': 404, authentication: 401, idempotency: 409, unavailable: 500 } as const;

const sendStripeError = (reply: FastifyReply, status: number, error: Record<string, unknown>): FastifyReply =>
  reply.code(status).type(JSON_CONTENT_TYPE).header('cache-control', 'no-store').send(JSON.stringify({ error }));

/** A stand-in answer as Stripe would send it. */
const answer = (reply: FastifyReply, result: StandInResult): FastifyReply => {
  if ('ok' in result) return reply.code(200).type(JSON_CONTENT_TYPE).header('cache-control', 'no-store').send(JSON.stringify(result.ok));
  const { kind, code, declineCode, message } = result.error;
  const intentKey = result.intent?.object === 'setup_intent' ? 'setup_intent' : 'payment_intent';
  return sendStripeError(reply, STRIPE_STATUS[kind], {
    type: STRIPE_ERROR_TYPE[kind],
    code,
    ...(declineCode !== null ? { decline_code: declineCode } : {}),
    message,
    ...(result.intent !== null ? { [intentKey]: result.intent } : {}),
  });
};

const errorHandler = (error: FastifyError | DomainError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
  if (error instanceof DomainError) {
    const status = error.kind === 'not-found' ? 404 : 400;
    return sendStripeError(reply, status, { type: 'invalid_request_error', code: error.kind === 'not-found' ? 'resource_missing' : 'parameter_invalid', message: error.message });
  }
  if (error.validation) return sendStripeError(reply, 400, { type: 'invalid_request_error', code: 'parameter_invalid', message: error.message });
  if (error.statusCode !== undefined && error.statusCode < 500) return sendStripeError(reply, error.statusCode, { type: 'invalid_request_error', message: error.message });
  request.log.error({ err: error, requestId: request.id }, 'unhandled error');
  return sendStripeError(reply, 500, { type: 'api_error', message: 'An unexpected error occurred.' });
};

const IntentParams = Type.Object({ clientId: Type.String(), id: Type.String() });
const SecretQuery = Type.Object({ client_secret: Type.String() });
const ConfirmBody = Type.Object({ client_secret: Type.String(), payment_method: Type.Optional(Type.String()) }, { additionalProperties: false });
const ConfirmSetupBody = Type.Object({ client_secret: Type.String(), payment_method: Type.String() }, { additionalProperties: false });
const AuthenticateBody = Type.Object(
  { client_secret: Type.String(), result: Type.Optional(Type.Union([Type.Literal('succeed'), Type.Literal('fail')])) },
  { additionalProperties: false },
);
const TokenBody = Type.Union([
  Type.Object({ type: Type.Literal('account'), business_type: Type.Optional(Type.String()), tos_shown_and_accepted: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('bank_account'),
      country: Type.Optional(Type.String()),
      currency: Type.Optional(Type.String()),
      account_number: Type.Optional(Type.String()),
      routing_number: Type.Optional(Type.String()),
      bank_name: Type.Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('person') }, { additionalProperties: false }),
]);
const OnboardingQuery = Type.Object({ return_url: Type.Optional(Type.String()), refresh_url: Type.Optional(Type.String()), type: Type.Optional(Type.String()), collect: Type.Optional(Type.String()) });

const routes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { db, payments } = deps;

    app.get('/:clientId/payment_intents/:id', { schema: { params: IntentParams, querystring: SecretQuery } }, async (request, reply) =>
      answer(reply, await retrieveTestPaymentIntent(db, payments, { clientId: request.params.clientId, intentId: request.params.id, clientSecret: request.query.client_secret })),
    );

    app.post('/:clientId/payment_intents/:id/confirm', { schema: { params: IntentParams, body: ConfirmBody } }, async (request, reply) =>
      answer(
        reply,
        await confirmTestPaymentIntent(db, payments, {
          clientId: request.params.clientId,
          intentId: request.params.id,
          clientSecret: request.body.client_secret,
          paymentMethod: request.body.payment_method,
        }),
      ),
    );

    app.post('/:clientId/payment_intents/:id/authenticate', { schema: { params: IntentParams, body: AuthenticateBody } }, async (request, reply) =>
      answer(
        reply,
        await authenticateTestPaymentIntent(db, payments, {
          clientId: request.params.clientId,
          intentId: request.params.id,
          clientSecret: request.body.client_secret,
          succeed: request.body.result !== 'fail',
        }),
      ),
    );

    app.get('/:clientId/setup_intents/:id', { schema: { params: IntentParams, querystring: SecretQuery } }, async (request, reply) =>
      answer(reply, await retrieveTestSetupIntent(db, payments, { clientId: request.params.clientId, intentId: request.params.id, clientSecret: request.query.client_secret })),
    );

    app.post('/:clientId/setup_intents/:id/confirm', { schema: { params: IntentParams, body: ConfirmSetupBody } }, async (request, reply) =>
      answer(
        reply,
        await confirmTestSetupIntent(db, payments, {
          clientId: request.params.clientId,
          intentId: request.params.id,
          clientSecret: request.body.client_secret,
          paymentMethod: request.body.payment_method,
        }),
      ),
    );

    app.post('/:clientId/setup_intents/:id/authenticate', { schema: { params: IntentParams, body: AuthenticateBody } }, async (request, reply) =>
      answer(
        reply,
        await authenticateTestSetupIntent(db, payments, {
          clientId: request.params.clientId,
          intentId: request.params.id,
          clientSecret: request.body.client_secret,
          succeed: request.body.result !== 'fail',
        }),
      ),
    );

    app.post('/:clientId/tokens', { schema: { params: Type.Object({ clientId: Type.String() }), body: TokenBody } }, async (request, reply) => {
      const { clientId } = request.params;
      const body = request.body;
      const input =
        body.type === 'account'
          ? { clientId, type: body.type, businessType: body.business_type, tosShownAndAccepted: body.tos_shown_and_accepted }
          : body.type === 'bank_account'
            ? { clientId, type: body.type, country: body.country, currency: body.currency, accountNumber: body.account_number, routingNumber: body.routing_number, bankName: body.bank_name }
            : { clientId, type: body.type };
      return answer(reply, await createTestToken(db, payments, input));
    });

    // The page a test account link leads to: onboarding completes at once, then back to the marketplace.
    app.get(
      '/:clientId/accounts/:id/onboarding',
      { schema: { params: IntentParams, querystring: OnboardingQuery } },
      async (request, reply) => {
        const result = await completeTestOnboarding(db, payments, { clientId: request.params.clientId, accountId: request.params.id });
        const returnUrl = request.query.return_url;
        if ('ok' in result && returnUrl !== undefined && /^https?:\/\//.test(returnUrl)) return reply.redirect(returnUrl, 302);
        return answer(reply, result);
      },
    );
  };

export const testPaymentsApi =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, typeof body === 'string' && body.trim() !== '' ? JSON.parse(body) : {});
      } catch {
        done(new DomainError('bad-request', 'bad-request', 'Malformed JSON body.'), undefined);
      }
    });
    app.setErrorHandler(errorHandler);
    app.setNotFoundHandler((_request, reply) => sendStripeError(reply, 404, { type: 'invalid_request_error', message: 'Unrecognized request URL.' }));
    await registerCors(app);
    await app.register(routes(deps));
  };
