/**
 * `bazaar marketplace config`: a marketplace's access-control settings over the Admin API — shows
 * them, or changes the ones given and shows the result (catalogue §3.12).
 */
import type { Static } from 'typebox';
import { MarketplaceConfigView } from '../../http/admin-api/marketplace-config.routes.ts';
import { AdminClient } from '../admin-client.ts';
import { UsageError, type Command, type OptionSpec, type ParsedArgs } from '../command.ts';
import { formatTable } from '../table.ts';

type SettingField = Exclude<keyof Static<typeof MarketplaceConfigView>, 'marketplace'>;

/** CLI flag → Admin API field, with what it does. */
const SETTINGS: readonly [flag: string, field: SettingField, description: string][] = [
  ['private-marketplace', 'privateMarketplace', 'Only logged-in, approved users with read permission see listings, users and reviews'],
  ['users-need-approval', 'usersNeedApproval', 'New users start pending approval'],
  ['posting-needs-permission', 'postingNeedsPermission', 'Only users with postListings permission may post; new users start without'],
  ['transactions-need-permission', 'transactionsNeedPermission', 'Only users with initiateTransactions permission may start transactions; new users start without'],
  ['listings-need-approval', 'listingsNeedApproval', 'Posted listings wait for operator approval'],
];

const bool = (description: string): OptionSpec => ({ type: 'string', valueName: 'BOOL', choices: ['true', 'false'], description });

const changesOf = (args: ParsedArgs): Record<string, boolean> => {
  const changes: Record<string, boolean> = {};
  for (const [flag, field] of SETTINGS) {
    const value = args.string(flag);
    if (value !== undefined) changes[field] = value === 'true';
  }
  return changes;
};

export const marketplaceConfigCommand: Command = {
  kind: 'command',
  name: 'config',
  summary: 'Show or change a marketplace\'s access-control settings',
  description: 'Without setting flags, shows the settings. Example: bazaar marketplace config --marketplace my-mp --private-marketplace true',
  options: {
    marketplace: { type: 'string', required: true, valueName: 'SLUG', description: 'Marketplace slug' },
    ...Object.fromEntries(SETTINGS.map(([flag, , description]) => [flag, bool(description)])),
    json: { type: 'boolean', description: 'Print the settings as JSON' },
  },
  run: async (args, ctx) => {
    const client = AdminClient.fromEnv(ctx.env);
    const marketplace = args.string('marketplace');
    if (marketplace === undefined) throw new UsageError('Missing required option --marketplace.', 'marketplace config');
    const changes = changesOf(args);
    const config =
      Object.keys(changes).length === 0
        ? await client.request('GET', `/marketplace-config?${new URLSearchParams({ marketplace }).toString()}`, MarketplaceConfigView)
        : await client.request('POST', '/marketplace-config', MarketplaceConfigView, { marketplace, ...changes });
    if (args.flag('json')) {
      ctx.out.out(JSON.stringify(config));
      return 0;
    }
    ctx.out.out(`Marketplace "${config.marketplace}":`);
    ctx.out.out(formatTable(['SETTING', 'VALUE'], SETTINGS.map(([flag, field]) => [flag, String(config[field])])));
    return 0;
  },
};
