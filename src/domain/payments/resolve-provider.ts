/**
 * The payment provider of a marketplace, from its settings: none (no row, or `none`), the built-in
 * test provider, or Stripe with the marketplace's own secret key.
 */
import { conflict } from '../errors.ts';
import type { Db } from '../../store/db.ts';
import { paymentsNotConfigured, type PaymentsDeps } from './payments.ts';
import { selectPaymentSettings } from './payments.store.ts';
import type { PaymentProvider } from './provider.ts';
import { openSecret } from './sealed-secret.ts';
import { createTestProvider } from './test-provider/test-provider.ts';

export interface ProviderScope {
  marketplaceId: string;
  /** The calling application's client id: the test provider's browser-side links are addressed by it. */
  clientId?: string;
}

/** The base URL of the test provider's browser-side endpoints for an application. */
export const testPaymentsBase = (deps: PaymentsDeps, clientId: string): string => `${deps.publicUrl}/v1/test-payments/${encodeURIComponent(clientId)}`;

/** The marketplace's provider, or undefined when payments are off (`none`). Throws conflict `stripe-missing-api-key` when Stripe is chosen but its key cannot be used. */
export async function findPaymentProvider(db: Db, deps: PaymentsDeps, scope: ProviderScope): Promise<PaymentProvider | undefined> {
  const settings = await selectPaymentSettings(db, scope.marketplaceId);
  if (!settings || settings.provider === 'none') return undefined;
  if (settings.provider === 'test') {
    return createTestProvider({
      db,
      marketplaceId: scope.marketplaceId,
      clock: deps.clock,
      linkBase: scope.clientId === undefined ? null : testPaymentsBase(deps, scope.clientId),
    });
  }
  if (settings.stripe_secret_key === null) throw conflict('stripe-missing-api-key', 'The marketplace uses Stripe but has no Stripe secret key.');
  let secretKey: string;
  try {
    secretKey = openSecret(settings.stripe_secret_key, deps.secretsKey);
  } catch {
    throw conflict('stripe-missing-api-key', 'The marketplace\'s Stripe secret key cannot be opened with this server\'s secrets key.');
  }
  // Loaded on first use: the stripe package is large, and most commands (and the CLI) never need it.
  const { createStripeProvider } = await import('./stripe-provider/stripe-provider.ts');
  return createStripeProvider(secretKey, deps.stripe);
}

/** The marketplace's provider; conflict `stripe-missing-api-key` when payments are off. */
export async function requirePaymentProvider(db: Db, deps: PaymentsDeps, scope: ProviderScope): Promise<PaymentProvider> {
  const provider = await findPaymentProvider(db, deps, scope);
  if (!provider) throw paymentsNotConfigured();
  return provider;
}
