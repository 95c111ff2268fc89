import { badRequest } from '../errors.ts';
import { marketplaceBySlug } from '../marketplaces/index.ts';
import type { Executor, Trx } from '../../store/db.ts';
import type { PaymentProviderName } from '../../store/tables/payments.ts';
import type { PaymentSettings, PaymentsDeps } from './payments.ts';
import { lockPaymentSettings, selectPaymentSettings, updatePaymentSettings, type PaymentSettingsRow } from './payments.store.ts';
import { isEncrypted, openSecret, sealSecret, secretHint } from './sealed-secret.ts';

export const PAYMENT_PROVIDERS: readonly PaymentProviderName[] = ['none', 'test', 'stripe'];

/** Settings to change; absent ones keep their value, null clears a secret. */
export interface PaymentSettingsChange {
  provider?: PaymentProviderName;
  stripeSecretKey?: string | null;
  stripeWebhookSecret?: string | null;
}

const toSettings = (row: PaymentSettingsRow | undefined, key: Buffer | undefined): PaymentSettings => {
  const sealed = row?.stripe_secret_key ?? null;
  let hint: string | null = null;
  if (sealed !== null) {
    try {
      hint = secretHint(openSecret(sealed, key));
    } catch {
      hint = '(sealed with another secrets key)';
    }
  }
  return {
    provider: row?.provider ?? 'none',
    stripeSecretKeyHint: hint,
    stripeSecretKeyEncrypted: sealed !== null && isEncrypted(sealed),
    stripeWebhookSecretSet: (row?.stripe_webhook_secret ?? null) !== null,
  };
};

const invalid = (key: string, message: string) => badRequest('validation-invalid-value', message, { type: 'body', path: [key] });

/** A marketplace's payment settings, by slug (secrets only as hints). Throws not-found. */
export async function showPaymentSettings(db: Executor, deps: Pick<PaymentsDeps, 'secretsKey'>, input: { marketplaceSlug: string }): Promise<PaymentSettings> {
  const marketplace = await marketplaceBySlug(db, input.marketplaceSlug);
  return toSettings(await selectPaymentSettings(db, marketplace.id), deps.secretsKey);
}

/**
 * Changes a marketplace's payment provider and Stripe keys (operators: `bazaar marketplace config
 * --payments …`). The secret key is sealed before it is stored (see sealed-secret.ts) and never
 * returned. Choosing `stripe` needs a secret key (given now or before). Existing accounts and
 * payments stay with the provider that made them. Throws not-found, bad-request.
 */
export async function configurePayments(trx: Trx, deps: Pick<PaymentsDeps, 'secretsKey' | 'clock'>, input: { marketplaceSlug: string; changes: PaymentSettingsChange }): Promise<PaymentSettings> {
  const marketplace = await marketplaceBySlug(trx, input.marketplaceSlug);
  const { changes } = input;
  if (changes.stripeSecretKey != null && !/^(sk|rk)_(test|live)_\w+$/.test(changes.stripeSecretKey)) {
    throw invalid('stripeSecretKey', 'stripeSecretKey must be a Stripe secret key (sk_test_…, sk_live_…, or a restricted rk_… key).');
  }
  if (changes.stripeWebhookSecret != null && !/^whsec_\w+$/.test(changes.stripeWebhookSecret)) {
    throw invalid('stripeWebhookSecret', 'stripeWebhookSecret must be a Stripe webhook signing secret (whsec_…).');
  }
  const now = deps.clock.now();
  const current = await lockPaymentSettings(trx, marketplace.id, now);
  const secretKey =
    changes.stripeSecretKey === undefined ? current.stripe_secret_key : changes.stripeSecretKey === null ? null : sealSecret(changes.stripeSecretKey, deps.secretsKey);
  const webhookSecret =
    changes.stripeWebhookSecret === undefined ? current.stripe_webhook_secret : changes.stripeWebhookSecret === null ? null : sealSecret(changes.stripeWebhookSecret, deps.secretsKey);
  const provider = changes.provider ?? current.provider;
  if (provider === 'stripe' && secretKey === null) {
    throw badRequest('validation-invalid-params', 'The stripe payments provider needs a Stripe secret key (--stripe-secret-key).', { type: 'body', path: ['provider'] });
  }
  const updated = await updatePaymentSettings(trx, marketplace.id, { provider, stripeSecretKey: secretKey, stripeWebhookSecret: webhookSecret, now });
  return toSettings(updated, deps.secretsKey);
}
