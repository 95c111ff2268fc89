/** `bazaar app …`: client applications (Marketplace API / Integration API) over the Admin API. */
import { Type } from 'typebox';
import { AppView, CreatedAppView } from '../../http/admin-api/schemas.ts';
import { AdminClient } from '../admin-client.ts';
import type { CommandGroup } from '../command.ts';
import { formatTable } from '../table.ts';

export const appCommands: CommandGroup = {
  kind: 'group',
  name: 'app',
  summary: 'Create, list and revoke client applications',
  commands: [
    {
      kind: 'command',
      name: 'create',
      summary: 'Create a client application; prints its client id and secret (shown only once)',
      options: {
        marketplace: { type: 'string', required: true, valueName: 'SLUG', description: 'Marketplace slug' },
        kind: {
          type: 'string',
          required: true,
          valueName: 'KIND',
          choices: ['marketplace', 'integration'],
          description: 'Marketplace API (SDK) or Integration API app',
        },
        name: { type: 'string', required: true, valueName: 'NAME', description: 'A name to recognise it by' },
        json: { type: 'boolean', description: 'Print exactly {"clientId":…,"clientSecret":…}' },
      },
      run: async (args, ctx) => {
        const client = AdminClient.fromEnv(ctx.env);
        const app = await client.request('POST', '/apps', CreatedAppView, {
          marketplace: args.string('marketplace'),
          kind: args.string('kind'),
          name: args.string('name'),
        });
        if (args.flag('json')) {
          ctx.out.out(JSON.stringify({ clientId: app.clientId, clientSecret: app.clientSecret }));
        } else {
          ctx.out.out(
            [
              `Created ${app.kind} app "${app.name}" in marketplace "${app.marketplace}".`,
              `  client id:     ${app.clientId}`,
              `  client secret: ${app.clientSecret}`,
              'The secret is shown only now; only its hash is stored.',
            ].join('\n'),
          );
        }
        return 0;
      },
    },
    {
      kind: 'command',
      name: 'list',
      summary: 'List client applications',
      options: {
        marketplace: { type: 'string', valueName: 'SLUG', description: 'Only this marketplace' },
        json: { type: 'boolean', description: 'Print a JSON array' },
      },
      run: async (args, ctx) => {
        const client = AdminClient.fromEnv(ctx.env);
        const slug = args.string('marketplace');
        const query = slug === undefined ? '' : `?marketplace=${encodeURIComponent(slug)}`;
        const apps = await client.request('GET', `/apps${query}`, Type.Array(AppView));
        if (args.flag('json')) ctx.out.out(JSON.stringify(apps));
        else if (apps.length === 0) ctx.out.out('No applications.');
        else {
          ctx.out.out(
            formatTable(
              ['CLIENT ID', 'MARKETPLACE', 'KIND', 'STATUS', 'NAME'],
              apps.map((a) => [a.clientId, a.marketplace, a.kind, a.revokedAt === null ? 'active' : 'revoked', a.name]),
            ),
          );
        }
        return 0;
      },
    },
    {
      kind: 'command',
      name: 'revoke',
      summary: 'Revoke a client application (its client id stops working)',
      options: { 'client-id': { type: 'string', required: true, valueName: 'ID', description: 'Client id of the app' } },
      run: async (args, ctx) => {
        const client = AdminClient.fromEnv(ctx.env);
        const app = await client.request('POST', '/apps/revoke', AppView, { clientId: args.string('client-id') });
        ctx.out.out(`Revoked ${app.kind} app "${app.name}" (${app.clientId}) of marketplace "${app.marketplace}".`);
        return 0;
      },
    },
  ],
};
