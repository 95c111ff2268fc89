/**
 * Payments test helpers: a marketplace with its payment provider configured, and PaymentsDeps
 * pointed at a Stripe stand-in.
 */
import { configurePayments, createPaymentsDeps, type PaymentsDeps, type PaymentProviderName } from '../../src/domain/payments/index.ts';
import { systemClock, type Clock } from '../../src/lib/clock.ts';
import type { Db } from '../../src/store/db.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import type { StripeStandIn } from '../support/stripe-stand-in.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { TestServer } from '../support/app.ts';
import { openTestDb } from '../support/db.ts';

/** PaymentsDeps for tests; with a stand-in, Stripe calls go to it (no retries, short timeout). */
export function testPaymentsDeps(opts: { clock?: Clock; standIn?: StripeStandIn; publicUrl?: string; timeoutMs?: number; secretsKey?: Buffer | undefined } = {}): PaymentsDeps {
  return createPaymentsDeps({
    clock: opts.clock ?? systemClock,
    publicUrl: opts.publicUrl ?? 'http://127.0.0.1:9',
    ...(opts.secretsKey !== undefined ? { secretsKey: opts.secretsKey } : {}),
    ...(opts.standIn ? { stripe: { ...opts.standIn.connection, maxNetworkRetries: 0, timeoutMs: opts.timeoutMs ?? 2_000 } } : {}),
  });
}

/** A fresh marketplace using `provider` (stripe: the stand-in's keys). */
export async function paymentsMarketplace(db: Db, deps: PaymentsDeps, provider: PaymentProviderName, standIn?: StripeStandIn): Promise<TestMarketplace> {
  const m = await createTestMarketplace(db);
  await db.transaction().execute((trx) =>
    configurePayments(trx, deps, {
      marketplaceSlug: m.marketplace.slug,
      changes: {
        provider,
        ...(standIn ? { stripeSecretKey: standIn.secretKey, stripeWebhookSecret: standIn.webhookSecret } : {}),
      },
    }),
  );
  return m;
}

/**
 * A Bazaar server listening on 127.0.0.1 with payments wired as given (the Stripe adapter pointed
 * at a stand-in), its public URL set to where it listens (the test provider's links work).
 */
export async function startPaymentsServer(opts: { standIn?: StripeStandIn; clock?: Clock; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<TestServer & { payments: PaymentsDeps }> {
  const handle = await openTestDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'bazaar-payments-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', BAZAAR_DATA_DIR: dataDir, ...opts.env });
  const clock = opts.clock ?? systemClock;
  // As src/main.ts does: the server's secrets key (BAZAAR_SECRETS_KEY) seals and opens Stripe keys.
  const payments = testPaymentsDeps({ clock, secretsKey: config.secretsKey, ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}), ...(opts.standIn ? { standIn: opts.standIn } : {}) });
  const app = await buildApp({ config, db: handle.db, clock, logger: false, payments });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server did not bind a port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  payments.publicUrl = baseUrl;
  return {
    app,
    handle,
    config,
    clock,
    baseUrl,
    payments,
    close: async () => {
      await app.close();
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
