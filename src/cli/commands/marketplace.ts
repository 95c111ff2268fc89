/** `bazaar marketplace …`: marketplaces over the Admin API. */
import { Type } from 'typebox';
import { MarketplaceView } from '../../http/admin-api/schemas.ts';
import { AdminClient } from '../admin-client.ts';
import type { CommandGroup } from '../command.ts';
import { formatTable } from '../table.ts';
import { marketplaceConfigCommand } from './marketplace-config.ts';

export const marketplaceCommands: CommandGroup = {
  kind: 'group',
  name: 'marketplace',
  summary: 'Create, list and configure marketplaces',
  commands: [
    {
      kind: 'command',
      name: 'create',
      summary: 'Create a marketplace',
      options: {
        slug: { type: 'string', required: true, valueName: 'SLUG', description: 'Lowercase letters, digits and dashes' },
        name: { type: 'string', required: true, valueName: 'NAME', description: 'Display name' },
        json: { type: 'boolean', description: 'Print the marketplace as JSON' },
      },
      run: async (args, ctx) => {
        const client = AdminClient.fromEnv(ctx.env);
        const m = await client.request('POST', '/marketplaces', MarketplaceView, { slug: args.string('slug'), name: args.string('name') });
        ctx.out.out(args.flag('json') ? JSON.stringify(m) : `Created marketplace "${m.slug}" (${m.name}), id ${m.id}`);
        return 0;
      },
    },
    {
      kind: 'command',
      name: 'list',
      summary: 'List marketplaces',
      options: { json: { type: 'boolean', description: 'Print a JSON array' } },
      run: async (args, ctx) => {
        const client = AdminClient.fromEnv(ctx.env);
        const list = await client.request('GET', '/marketplaces', Type.Array(MarketplaceView));
        if (args.flag('json')) ctx.out.out(JSON.stringify(list));
        else if (list.length === 0) ctx.out.out('No marketplaces.');
        else ctx.out.out(formatTable(['SLUG', 'NAME', 'ID', 'CREATED'], list.map((m) => [m.slug, m.name, m.id, m.createdAt])));
        return 0;
      },
    },
    marketplaceConfigCommand,
  ],
};
