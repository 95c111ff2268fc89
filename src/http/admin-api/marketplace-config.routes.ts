/**
 * Admin API marketplace configuration (`/v1/admin/marketplace-config`): the access-control
 * settings (catalogue §3.12), the built-in emails turned off (domain §10.1) and the payments
 * provider with its Stripe keys, behind `bazaar
 * marketplace config`. Show, and change some and show all. Secrets are write-only: responses carry
 * a hint (`sk_test_…4242`) and whether they are sealed.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { configureAccessSettings, showAccessSettings, type AccessSettings } from '../../domain/access/index.ts';
import { configureEmailSettings, DISABLEABLE_EMAILS, showEmailSettings, type EmailSettings } from '../../domain/email/index.ts';
import { configurePayments, showPaymentSettings, type PaymentSettings } from '../../domain/payments/index.ts';
import type { SurfaceDeps } from '../../app.ts';
import { Data, Slug } from './schemas.ts';

/** A marketplace's access-control settings as the Admin API shows them (shared with the CLI). */
export const MarketplaceConfigView = Type.Object({
  marketplace: Type.String(),
  privateMarketplace: Type.Boolean(),
  usersNeedApproval: Type.Boolean(),
  postingNeedsPermission: Type.Boolean(),
  transactionsNeedPermission: Type.Boolean(),
  listingsNeedApproval: Type.Boolean(),
  /** Built-in emails the marketplace does not send. */
  disabledEmails: Type.Array(Type.String()),
  /** The payments provider: none, test (built-in, offline) or stripe. */
  payments: Type.Union([Type.Literal('none'), Type.Literal('test'), Type.Literal('stripe')]),
  /** `sk_test_…4242` when a Stripe secret key is stored (never the key itself). */
  stripeSecretKeyHint: Type.Union([Type.String(), Type.Null()]),
  /** False when the key is stored unsealed (the server has no secrets key). */
  stripeSecretKeyEncrypted: Type.Boolean(),
  stripeWebhookSecretSet: Type.Boolean(),
});

const ShowMarketplaceConfigQuery = Type.Object({ marketplace: Slug }, { additionalProperties: false });

const UpdateMarketplaceConfigBody = Type.Object(
  {
    marketplace: Slug,
    privateMarketplace: Type.Optional(Type.Boolean()),
    usersNeedApproval: Type.Optional(Type.Boolean()),
    postingNeedsPermission: Type.Optional(Type.Boolean()),
    transactionsNeedPermission: Type.Optional(Type.Boolean()),
    listingsNeedApproval: Type.Optional(Type.Boolean()),
    /** Replaces the list; [] sends them all again. Only kinds an operator may turn off. */
    disabledEmails: Type.Optional(Type.Array(Type.Union(DISABLEABLE_EMAILS.map((kind) => Type.Literal(kind))), { uniqueItems: true })),
    payments: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('test'), Type.Literal('stripe')])),
    /** null removes the stored key. */
    stripeSecretKey: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    stripeWebhookSecret: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  { additionalProperties: false },
);

const present = (marketplace: string, s: AccessSettings, e: EmailSettings, p: PaymentSettings): Static<typeof MarketplaceConfigView> => ({
  marketplace,
  ...s,
  disabledEmails: e.disabledEmails,
  payments: p.provider,
  stripeSecretKeyHint: p.stripeSecretKeyHint,
  stripeSecretKeyEncrypted: p.stripeSecretKeyEncrypted,
  stripeWebhookSecretSet: p.stripeWebhookSecretSet,
});

export const marketplaceConfigRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/marketplace-config',
      { schema: { querystring: ShowMarketplaceConfigQuery, response: { 200: Data(MarketplaceConfigView) } } },
      async (request) => {
        const { marketplace } = request.query;
        const access = await showAccessSettings(deps.db, { marketplaceSlug: marketplace });
        const emails = await showEmailSettings(deps.db, { marketplaceSlug: marketplace });
        return { data: present(marketplace, access, emails, await showPaymentSettings(deps.db, deps.payments, { marketplaceSlug: marketplace })) };
      },
    );

    app.post(
      '/marketplace-config',
      { schema: { body: UpdateMarketplaceConfigBody, response: { 200: Data(MarketplaceConfigView) } } },
      async (request) => {
        const { marketplace, disabledEmails, payments, stripeSecretKey, stripeWebhookSecret, ...changes } = request.body;
        const paymentChanges = {
          ...(payments !== undefined ? { provider: payments } : {}),
          ...(stripeSecretKey !== undefined ? { stripeSecretKey } : {}),
          ...(stripeWebhookSecret !== undefined ? { stripeWebhookSecret } : {}),
        };
        const [settings, emails, paymentSettings] = await deps.db.transaction().execute(async (trx) => [
          await configureAccessSettings(trx, { marketplaceSlug: marketplace, changes }),
          await configureEmailSettings(trx, { marketplaceSlug: marketplace, disabledEmails }),
          await configurePayments(trx, deps.payments, { marketplaceSlug: marketplace, changes: paymentChanges }),
        ] as const);
        return { data: present(marketplace, settings, emails, paymentSettings) };
      },
    );
  };
