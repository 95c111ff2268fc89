/**
 * `bazaar search-schema set|unset|list`: search schemas over the Admin API, with the hosted
 * platform CLI's flags (`--schema-for` defaults to listing there too).
 */
import { Type } from 'typebox';
import { SearchSchemaView } from '../../http/admin-api/search-schemas.routes.ts';
import { AdminClient } from '../admin-client.ts';
import { UsageError, type CommandGroup, type OptionSpec } from '../command.ts';
import { formatTable } from '../table.ts';

const SCHEMA_FORS = ['listing', 'userProfile', 'transaction'];
const SCOPES = ['public', 'metadata', 'private', 'protected'];
const TYPES = ['enum', 'multi-enum', 'boolean', 'long', 'text'];

const marketplace: OptionSpec = { type: 'string', required: true, valueName: 'SLUG', description: 'Marketplace slug' };
const schemaFor: OptionSpec = {
  type: 'string',
  valueName: 'FOR',
  choices: SCHEMA_FORS,
  description: 'What the schema indexes: listing (default), userProfile or transaction',
};
const scope: OptionSpec = {
  type: 'string',
  required: true,
  valueName: 'SCOPE',
  choices: SCOPES,
  description: 'Extended data scope: public, metadata (listing); + private, protected (userProfile); protected, metadata (transaction)',
};
const key: OptionSpec = { type: 'string', required: true, valueName: 'KEY', description: 'Top-level extended data key' };

/** `--default` as the Admin API wants it for the type: a boolean, an integer, a list or a string. */
function defaultFor(type: string, value: string): string | string[] | boolean | number {
  const usage = (message: string) => new UsageError(message, 'search-schema set');
  switch (type) {
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw usage('--default of a boolean schema must be true or false.');
      return value === 'true';
    case 'long':
      if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw usage('--default of a long schema must be an integer.');
      return Number(value);
    case 'multi-enum':
      return value.split(',').map((v) => v.trim()).filter((v) => v !== '');
    default:
      return value;
  }
}

const describe = (s: { schemaFor: string; scope: string; key: string; type: string }): string =>
  `${s.schemaFor} ${s.scope} key "${s.key}" (${s.type})`;

export const searchSchemaCommands: CommandGroup = {
  kind: 'group',
  name: 'search-schema',
  summary: 'Set, unset and list search schemas (filterable extended data keys)',
  commands: [
    {
      kind: 'command',
      name: 'set',
      summary: 'Define or redefine a search schema, and build its index',
      description: 'Example: bazaar search-schema set --marketplace my-mp --schema-for listing --scope public --key category --type enum',
      options: {
        marketplace,
        'schema-for': schemaFor,
        scope,
        key,
        type: { type: 'string', required: true, valueName: 'TYPE', choices: TYPES, description: 'enum, multi-enum, boolean, long or text (listings only)' },
        default: { type: 'string', valueName: 'VALUE', description: 'Value of entities without the key (multi-enum: comma-separated)' },
        doc: { type: 'string', valueName: 'TEXT', description: 'A description of the key' },
      },
      run: async (args, ctx) => {
        const client = AdminClient.fromEnv(ctx.env);
        const type = args.string('type') ?? '';
        const def = args.string('default');
        const doc = args.string('doc');
        const schema = await client.request('POST', '/search-schemas', SearchSchemaView, {
          marketplace: args.string('marketplace'),
          schemaFor: args.string('schema-for') ?? 'listing',
          scope: args.string('scope'),
          key: args.string('key'),
          type,
          ...(def === undefined ? {} : { default: defaultFor(type, def) }),
          ...(doc === undefined ? {} : { doc }),
        });
        ctx.out.out(`Search schema set: ${describe(schema)} in marketplace "${schema.marketplace}".`);
        return 0;
      },
    },
    {
      kind: 'command',
      name: 'unset',
      summary: 'Remove a search schema',
      options: { marketplace, 'schema-for': schemaFor, scope, key },
      run: async (args, ctx) => {
        const client = AdminClient.fromEnv(ctx.env);
        const schema = await client.request('POST', '/search-schemas/unset', SearchSchemaView, {
          marketplace: args.string('marketplace'),
          schemaFor: args.string('schema-for') ?? 'listing',
          scope: args.string('scope'),
          key: args.string('key'),
        });
        ctx.out.out(`Search schema unset: ${describe(schema)} in marketplace "${schema.marketplace}".`);
        return 0;
      },
    },
    {
      kind: 'command',
      name: 'list',
      summary: 'List search schemas',
      options: {
        marketplace,
        'schema-for': { ...schemaFor, description: 'Only schemas for listing, userProfile or transaction' },
        json: { type: 'boolean', description: 'Print a JSON array' },
      },
      run: async (args, ctx) => {
        const client = AdminClient.fromEnv(ctx.env);
        const params = new URLSearchParams({ marketplace: args.string('marketplace') ?? '' });
        const only = args.string('schema-for');
        if (only !== undefined) params.set('schemaFor', only);
        const schemas = await client.request('GET', `/search-schemas?${params.toString()}`, Type.Array(SearchSchemaView));
        if (args.flag('json')) ctx.out.out(JSON.stringify(schemas));
        else if (schemas.length === 0) ctx.out.out('No search schemas.');
        else {
          ctx.out.out(
            formatTable(
              ['SCHEMA FOR', 'SCOPE', 'KEY', 'TYPE', 'DEFAULT', 'DOC'],
              schemas.map((s) => [s.schemaFor, s.scope, s.key, s.type, s.default === null ? '' : Array.isArray(s.default) ? s.default.join(',') : String(s.default), s.doc ?? '']),
            ),
          );
        }
        return 0;
      },
    },
  ],
};
