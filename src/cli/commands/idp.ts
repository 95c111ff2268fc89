/**
 * `bazaar idp add|list|remove`: the identity providers a marketplace accepts for social login
 * (`sdk.loginWithIdp`, `currentUser.createWithIdp`), over the Admin API.
 */
import { Type } from 'typebox';
import { IdpView, RemovedIdpView } from '../../http/admin-api/idp.routes.ts';
import { AdminClient } from '../admin-client.ts';
import type { CommandGroup, OptionSpec } from '../command.ts';
import { formatTable } from '../table.ts';

const marketplace: OptionSpec = { type: 'string', required: true, valueName: 'SLUG', description: 'Marketplace slug' };
const idpId: OptionSpec = {
  type: 'string',
  required: true,
  valueName: 'ID',
  description: 'The id clients send as idpId: google, facebook, or your OIDC provider\'s id (a-z, 0-9, -)',
};
const json: OptionSpec = { type: 'boolean', description: 'Print JSON' };

export const idpCommands: CommandGroup = {
  kind: 'group',
  name: 'idp',
  summary: 'Add, list and remove identity providers (social login)',
  commands: [
    {
      kind: 'command',
      name: 'add',
      summary: 'Accept logins from an identity provider',
      description:
        'Examples:\n' +
        '  bazaar idp add --marketplace my-mp --idp-id google --type google --client-id 123.apps.googleusercontent.com\n' +
        '  bazaar idp add --marketplace my-mp --idp-id acme --type oidc --issuer https://login.acme.com --jwks-url https://login.acme.com/jwks --client-id web --client-id ios\n' +
        '  bazaar idp add --marketplace my-mp --idp-id facebook --type facebook --client-id APP_ID --app-secret APP_SECRET',
      options: {
        marketplace,
        'idp-id': idpId,
        type: { type: 'string', required: true, valueName: 'TYPE', choices: ['oidc', 'google', 'facebook'], description: 'Provider type' },
        issuer: { type: 'string', valueName: 'URL', description: 'oidc: the exact iss of its ID tokens' },
        'jwks-url': { type: 'string', valueName: 'URL', description: 'oidc: its JWKS URL (jwks_uri of the discovery document)' },
        'client-id': {
          type: 'string',
          required: true,
          multiple: true,
          valueName: 'ID',
          description: 'A client id at the IdP (ID token aud / Facebook app id); repeat for several',
        },
        'app-secret': { type: 'string', valueName: 'SECRET', description: 'facebook: the app secret' },
        json,
      },
      run: async (args, ctx) => {
        const client = AdminClient.fromEnv(ctx.env);
        const optional = (name: string, field: string) => {
          const value = args.string(name);
          return value === undefined ? {} : { [field]: value };
        };
        const idp = await client.request('POST', '/idps', IdpView, {
          marketplace: args.string('marketplace'),
          idpId: args.string('idp-id'),
          type: args.string('type'),
          ...optional('issuer', 'issuer'),
          ...optional('jwks-url', 'jwksUrl'),
          clientIds: args.strings('client-id'),
          ...optional('app-secret', 'appSecret'),
        });
        ctx.out.out(
          args.flag('json') ? JSON.stringify(idp) : `Added identity provider "${idp.idpId}" (${idp.type}) to "${idp.marketplace}", client ids ${idp.clientIds.join(', ')}`,
        );
        return 0;
      },
    },
    {
      kind: 'command',
      name: 'list',
      summary: 'List a marketplace\'s identity providers',
      options: { marketplace, json },
      run: async (args, ctx) => {
        const client = AdminClient.fromEnv(ctx.env);
        const params = new URLSearchParams({ marketplace: args.string('marketplace') ?? '' });
        const list = await client.request('GET', `/idps?${params.toString()}`, Type.Array(IdpView));
        if (args.flag('json')) ctx.out.out(JSON.stringify(list));
        else if (list.length === 0) ctx.out.out('No identity providers.');
        else {
          ctx.out.out(
            formatTable(
              ['IDP', 'TYPE', 'CLIENT IDS', 'ISSUER', 'JWKS URL'],
              list.map((p) => [p.idpId, p.type, p.clientIds.join(','), p.issuer ?? '-', p.jwksUrl ?? '-']),
            ),
          );
        }
        return 0;
      },
    },
    {
      kind: 'command',
      name: 'remove',
      summary: 'Stop accepting an identity provider (users\' links are kept)',
      options: { marketplace, 'idp-id': idpId, json },
      run: async (args, ctx) => {
        const client = AdminClient.fromEnv(ctx.env);
        const removed = await client.request('POST', '/idps/remove', RemovedIdpView, { marketplace: args.string('marketplace'), idpId: args.string('idp-id') });
        ctx.out.out(args.flag('json') ? JSON.stringify(removed) : `Removed identity provider "${removed.idpId}" from "${removed.marketplace}"`);
        return 0;
      },
    },
  ],
};
