/**
 * buildApp(deps) → a ready Fastify instance with every API surface registered. It never listens:
 * main.ts does, and tests either inject or listen on 127.0.0.1 themselves.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Db } from './store/db.ts';
import type { Clock } from './lib/clock.ts';
import { authApi } from './http/auth-api/index.ts';
import { marketplaceApi } from './http/marketplace-api/index.ts';
import { integrationApi } from './http/integration-api/index.ts';
import { assetsApi } from './http/assets-api/index.ts';
import { adminApi } from './http/admin-api/index.ts';
import { imagesDelivery } from './http/images-delivery/index.ts';
import { newId } from './lib/ids.ts';
import { createMailer, type Mailer } from './domain/email/index.ts';
import { createLocalBlobStore, type BlobStore } from './domain/images/index.ts';
import { JwksCache, createFacebookGraphHttp, type IdpDeps } from './domain/idp/index.ts';
import { createPaymentsDeps, type PaymentsDeps } from './domain/payments/index.ts';
import { stripeWebhookRoutes } from './http/webhooks/stripe.routes.ts';
import { testPaymentsApi } from './http/test-payments/index.ts';

export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  /** Outgoing email; default: .eml files under dataDir/mail, or SMTP when config.smtpUrl is set. */
  mailer?: Mailer;
  /** Image originals and variants; default: a local folder (config.blobDir). */
  blobs?: BlobStore;
  /** Identity-provider verification (JWKS cache, Facebook Graph adapter). */
  idp?: IdpDeps;
  /** pino logger options; false silences logs (tests). */
  logger?: boolean | { level: string };
  /** Payment providers (Stripe endpoint, secrets key); default: api.stripe.com, secrets stored unsealed. */
  payments?: PaymentsDeps;
}

/** Everything a surface plugin needs; passed explicitly, never read from module state. */
export interface SurfaceDeps {
  config: Config;
  db: Db;
  clock: Clock;
  mailer: Mailer;
  blobs: BlobStore;
  idp: IdpDeps;
  payments: PaymentsDeps;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      deps.logger === false
        ? false
        : {
            level: typeof deps.logger === 'object' ? deps.logger.level : deps.config.logLevel,
            // Never log credentials: tokens travel in headers and form bodies, which pino does not log
            // by default; redact the headers anyway in case a serializer is added.
            redact: ['req.headers.authorization', 'req.headers["x-bazaar-admin-key"]'],
          },
    genReqId: () => newId(),
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    routerOptions: { ignoreTrailingSlash: true },
    // Keep unknown body keys so schemas with additionalProperties: false reject them (400
    // validation-disallowed-key) instead of silently dropping them.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  });
  const surfaceDeps: SurfaceDeps = {
    config: deps.config,
    db: deps.db,
    clock: deps.clock,
    mailer: deps.mailer ?? createMailer(deps.config),
    blobs: deps.blobs ?? createLocalBlobStore(deps.config.blobDir),
    idp: deps.idp ?? { clock: deps.clock, jwks: new JwksCache(), facebook: createFacebookGraphHttp() },
    payments: deps.payments ?? createPaymentsDeps({ clock: deps.clock, publicUrl: deps.config.publicUrl, ...(deps.config.secretsKey ? { secretsKey: deps.config.secretsKey } : {}) }),
  };
  await app.register(authApi(surfaceDeps), { prefix: '/v1/auth' });
  await app.register(marketplaceApi(surfaceDeps), { prefix: '/v1/api' });
  await app.register(integrationApi(surfaceDeps), { prefix: '/v1/integration_api' });
  await app.register(assetsApi(surfaceDeps), { prefix: '/v1/assets' });
  await app.register(adminApi(surfaceDeps), { prefix: '/v1/admin' });
  await app.register(imagesDelivery(surfaceDeps), { prefix: '/v1/images' });
  await app.register(stripeWebhookRoutes(surfaceDeps), { prefix: '/v1/webhooks' });
  await app.register(testPaymentsApi(surfaceDeps), { prefix: '/v1/test-payments' });
  app.get('/health', async () => ({ status: 'ok' }));
  return app;
}
