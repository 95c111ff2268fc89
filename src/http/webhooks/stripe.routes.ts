/**
 * Provider webhooks (`/v1/webhooks`): `POST stripe/<marketplace slug>` receives a marketplace's
 * Stripe events. Operators register this URL in their Stripe dashboard and set its signing secret
 * with `bazaar marketplace config --stripe-webhook-secret whsec_…`. The raw body is kept: the
 * signature covers the exact bytes. A bad or missing signature is a 400 and changes nothing; a
 * verified event (even a repeated one) is a 200, so Stripe stops retrying it.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { handleStripeWebhook } from '../../domain/payments/index.ts';
import { apiErrorHandler, apiNotFoundHandler, JSON_CONTENT_TYPE } from '../wire/index.ts';

export const stripeWebhookRoutes =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    app.removeAllContentTypeParsers();
    // Any content type: the body is verified as the exact string Stripe signed.
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    app.setErrorHandler(apiErrorHandler);
    app.setNotFoundHandler(apiNotFoundHandler);

    app.post<{ Params: { marketplace: string }; Body: string }>('/stripe/:marketplace', async (request, reply) => {
      const signature = request.headers['stripe-signature'];
      const result = await handleStripeWebhook(deps.db, deps.payments, {
        marketplaceSlug: request.params.marketplace,
        payload: typeof request.body === 'string' ? request.body : '',
        signature: typeof signature === 'string' ? signature : undefined,
      });
      return reply.code(200).type(JSON_CONTENT_TYPE).send(JSON.stringify({ received: true, eventId: result.eventId, duplicate: !result.applied }));
    });
  };
