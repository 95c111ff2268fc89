/**
 * `bazaar marketplace config`: a marketplace's access-control settings (catalogue §3.12), the
 * built-in emails it does not send, and its payments provider over the Admin API — shows them, or changes the ones given and shows the result.
 * Stripe secrets are write-only: the output shows a hint (`sk_test_…4242`), never the key. Pass
 * `--stripe-secret-key -` to read the key from standard input (keeps it out of shell history).
 */
import type { Static } from 'typebox';
import { MarketplaceConfigView } from '../../http/admin-api/marketplace-config.routes.ts';
import { DISABLEABLE_EMAILS } from '../../domain/email/index.ts';
import { AdminClient } from '../admin-client.ts';
import { UsageError, type Command, type OptionSpec, type ParsedArgs } from '../command.ts';
import { formatTable } from '../table.ts';

type ConfigView = Static<typeof MarketplaceConfigView>;
type AccessField = 'privateMarketplace' | 'usersNeedApproval' | 'postingNeedsPermission' | 'transactionsNeedPermission' | 'listingsNeedApproval';

/** CLI flag → Admin API field, with what it does. */
const SETTINGS: readonly [flag: string, field: AccessField, description: string][] = [
  ['private-marketplace', 'privateMarketplace', 'Only logged-in, approved users with read permission see listings, users and reviews'],
  ['users-need-approval', 'usersNeedApproval', 'New users start pending approval'],
  ['posting-needs-permission', 'postingNeedsPermission', 'Only users with postListings permission may post; new users start without'],
  ['transactions-need-permission', 'transactionsNeedPermission', 'Only users with initiateTransactions permission may start transactions; new users start without'],
  ['listings-need-approval', 'listingsNeedApproval', 'Posted listings wait for operator approval'],
];

const PAYMENT_PROVIDERS = ['none', 'test', 'stripe'] as const;

const bool = (description: string): OptionSpec => ({ type: 'string', valueName: 'BOOL', choices: ['true', 'false'], description });

/** Reads a secret given as `-` from standard input (first line). */
async function secretValue(value: string | undefined, stdin: NodeJS.ReadableStream): Promise<string | null | undefined> {
  if (value === undefined) return undefined;
  if (value === '') return null;
  if (value !== '-') return value;
  let text = '';
  for await (const chunk of stdin) text += String(chunk);
  return text.split(/\r?\n/)[0]?.trim() ?? '';
}

async function changesOf(args: ParsedArgs): Promise<Record<string, boolean | string | string[] | null>> {
  const changes: Record<string, boolean | string | string[] | null> = {};
  for (const [flag, field] of SETTINGS) {
    const value = args.string(flag);
    if (value !== undefined) changes[field] = value === 'true';
  }
  const disabled = args.string('disabled-emails');
  if (disabled !== undefined) {
    changes.disabledEmails = [
      ...new Set(
        disabled
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name !== ''),
      ),
    ];
  }
  const payments = args.string('payments');
  if (payments !== undefined) changes.payments = payments;
  const secretKey = await secretValue(args.string('stripe-secret-key'), process.stdin);
  if (secretKey !== undefined) changes.stripeSecretKey = secretKey;
  const webhookSecret = await secretValue(args.string('stripe-webhook-secret'), process.stdin);
  if (webhookSecret !== undefined) changes.stripeWebhookSecret = webhookSecret;
  return changes;
}

const paymentRows = (config: ConfigView): string[][] => [
  ['payments', config.payments],
  ['stripe-secret-key', config.stripeSecretKeyHint === null ? '(none)' : `${config.stripeSecretKeyHint}${config.stripeSecretKeyEncrypted ? '' : ' (stored unsealed: the server has no secrets key)'}`],
  ['stripe-webhook-secret', config.stripeWebhookSecretSet ? '(set)' : '(none)'],
];

/**
 * The warning for Stripe secrets stored unsealed (the server runs without BAZAAR_SECRETS_KEY):
 * anyone with a database dump could then charge through the marketplace's Stripe account, so the
 * operator is told every time the settings are shown, on stderr (the --json output stays clean).
 */
export const UNSEALED_WARNING =
  'Warning: the Stripe secrets are stored unsealed (marked plain) because the server has no BAZAAR_SECRETS_KEY. ' +
  'Set BAZAAR_SECRETS_KEY (32 bytes, hex or base64, e.g. `openssl rand -base64 32`) on the server and worker, restart, and set the keys again.';

const storedUnsealed = (config: ConfigView): boolean => config.stripeSecretKeyHint !== null && !config.stripeSecretKeyEncrypted;

export const marketplaceConfigCommand: Command = {
  kind: 'command',
  name: 'config',
  summary: "Show or change a marketplace's access-control and payments settings",
  description:
    'Without setting flags, shows the settings. Examples: bazaar marketplace config --marketplace my-mp --private-marketplace true; ' +
    'bazaar marketplace config --marketplace my-mp --payments stripe --stripe-secret-key - --stripe-webhook-secret whsec_… (an empty value removes a secret)',
  options: {
    marketplace: { type: 'string', required: true, valueName: 'SLUG', description: 'Marketplace slug' },
    ...Object.fromEntries(SETTINGS.map(([flag, , description]) => [flag, bool(description)])),
    'disabled-emails': {
      type: 'string',
      valueName: 'LIST',
      description: `Built-in emails not to send, comma-separated, among ${DISABLEABLE_EMAILS.join(', ')} ("" sends them all)`,
    },
    payments: {
      type: 'string',
      valueName: 'PROVIDER',
      choices: PAYMENT_PROVIDERS,
      description: 'Payments provider: none (payment actions fail with 409), test (built-in, offline, Stripe test mode) or stripe',
    },
    'stripe-secret-key': { type: 'string', valueName: 'KEY', description: 'Stripe secret key (sk_test_…/sk_live_…); "-" reads it from standard input' },
    'stripe-webhook-secret': { type: 'string', valueName: 'SECRET', description: 'Signing secret of the Stripe webhook endpoint /v1/webhooks/stripe/<slug> (whsec_…); "-" reads it from standard input' },
    json: { type: 'boolean', description: 'Print the settings as JSON' },
  },
  run: async (args, ctx) => {
    const client = AdminClient.fromEnv(ctx.env);
    const marketplace = args.string('marketplace');
    if (marketplace === undefined) throw new UsageError('Missing required option --marketplace.', 'marketplace config');
    const changes = await changesOf(args);
    const config =
      Object.keys(changes).length === 0
        ? await client.request('GET', `/marketplace-config?${new URLSearchParams({ marketplace }).toString()}`, MarketplaceConfigView)
        : await client.request('POST', '/marketplace-config', MarketplaceConfigView, { marketplace, ...changes });
    if (storedUnsealed(config)) ctx.out.err(UNSEALED_WARNING);
    if (args.flag('json')) {
      ctx.out.out(JSON.stringify(config));
      return 0;
    }
    ctx.out.out(`Marketplace "${config.marketplace}":`);
    ctx.out.out(
      formatTable(
        ['SETTING', 'VALUE'],
        [
          ...SETTINGS.map(([flag, field]) => [flag, String(config[field])]),
          ['disabled-emails', config.disabledEmails.length === 0 ? '(none)' : config.disabledEmails.join(',')],
          ...paymentRows(config),
        ],
      ),
    );
    return 0;
  },
};
