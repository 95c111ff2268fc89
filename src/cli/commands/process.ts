/**
 * `bazaar process push|list|pull|create-alias|update-alias|delete-alias`: transaction processes over
 * the Admin API, with the hosted platform CLI's commands and flags (`--process`, `--path`,
 * `--version`, `--alias`). A process directory holds process.edn and
 * templates/<name>/<name>-subject.txt, -html.html and optionally -text.txt.
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from 'typebox';
import {
  ProcessAliasView,
  ProcessSummaryView,
  ProcessVersionView,
  PulledProcessView,
  PushedProcessView,
} from '../../http/admin-api/processes.views.ts';
// The directory reader alone (not the registry's index): the CLI needs no engine or database code.
import {
  ProcessDirectoryError,
  readProcessDirectory,
  templateFileNames,
  type ProcessFiles,
} from '../../process-engine/registry/process-directory.ts';
import { AdminClient } from '../admin-client.ts';
import { CliError, UsageError, type Command, type CommandGroup, type OptionSpec } from '../command.ts';
import { formatTable } from '../table.ts';

const marketplace: OptionSpec = {
  type: 'string',
  required: true,
  valueName: 'SLUG',
  description: 'Marketplace slug',
};
const processName: OptionSpec = {
  type: 'string',
  required: true,
  valueName: 'PROCESS_NAME',
  description: 'Process name, e.g. bazaar-booking',
};
const version: OptionSpec = {
  type: 'string',
  required: true,
  valueName: 'VERSION',
  description: 'Process version number',
};
const alias: OptionSpec = {
  type: 'string',
  required: true,
  valueName: 'ALIAS',
  description: 'Alias name, e.g. release-1 (used as PROCESS_NAME/ALIAS)',
};

/** `--version` as a positive integer; UsageError otherwise. */
function versionNumber(value: string | undefined, command: string): number {
  if (value === undefined || !/^[1-9]\d*$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--version must be a positive integer; got "${value ?? ''}".`, command);
  }
  return Number(value);
}

/** `process create-alias` / `update-alias`: the same request to `/processes/aliases/<verb>`. */
function aliasCommand(verb: 'create' | 'update', summary: string, description: string | undefined): Command {
  return {
    kind: 'command',
    name: `${verb}-alias`,
    summary,
    ...(description === undefined ? {} : { description }),
    options: { marketplace, process: processName, version, alias },
    run: async (args, ctx) => {
      const client = AdminClient.fromEnv(ctx.env);
      const result = await client.request('POST', `/processes/aliases/${verb}`, ProcessAliasView, {
        marketplace: args.string('marketplace'),
        process: args.string('process'),
        version: versionNumber(args.string('version'), `process ${verb}-alias`),
        alias: args.string('alias'),
      });
      ctx.out.out(`Alias ${result.name}/${result.alias} successfully ${verb}d (version ${result.version}).`);
      return 0;
    },
  };
}

function readProcess(path: string): ProcessFiles {
  try {
    return readProcessDirectory(path);
  } catch (err) {
    if (err instanceof ProcessDirectoryError)
      throw new CliError(`${err.message} Nothing was pushed.`);
    throw err;
  }
}

/** Prepares `path` for a pull: creates it, or refuses to overwrite a process directory without --force. */
function preparePullDir(path: string, force: boolean): void {
  if (existsSync(path) && !statSync(path).isDirectory())
    throw new CliError(`--path ${path} is a file; it should be a directory.`);
  if (!existsSync(path)) mkdirSync(path, { recursive: true });
  else if (existsSync(join(path, 'process.edn')) && !force) {
    throw new CliError(
      `--path ${path} is already a process directory; use --force to overwrite it.`,
    );
  }
  // A pull replaces the templates: stale ones would be pushed back otherwise.
  rmSync(join(path, 'templates'), { recursive: true, force: true });
}

export const processCommands: CommandGroup = {
  kind: 'group',
  name: 'process',
  summary: 'Push, list and pull transaction processes and manage their aliases',
  commands: [
    {
      kind: 'command',
      name: 'push',
      summary: 'Push a process directory as a new version (no new version when nothing changed)',
      description: [
        'The directory holds process.edn and templates/<name>/<name>-subject.txt, <name>-html.html',
        '(and optionally <name>-text.txt). The server validates everything; on any problem it lists',
        'them all and stores nothing.',
        'Example: bazaar process push --marketplace dev --process bazaar-booking --path processes/bazaar-booking',
      ].join('\n'),
      options: {
        marketplace,
        process: processName,
        path: {
          type: 'string',
          required: true,
          valueName: 'LOCAL_PROCESS_DIR',
          description: 'The process directory',
        },
      },
      run: async (args, ctx) => {
        const files = readProcess(args.string('path') ?? '');
        const client = AdminClient.fromEnv(ctx.env);
        const pushed = await client.request('POST', '/processes/push', PushedProcessView, {
          marketplace: args.string('marketplace'),
          process: args.string('process'),
          definition: files.source,
          templates: files.templates,
        });
        for (const w of pushed.warnings) ctx.out.err(`Warning: ${w.path}: ${w.message}`);
        ctx.out.out(
          pushed.created
            ? `Version ${pushed.version} successfully saved for process ${pushed.name}.`
            : `No changes: process ${pushed.name} stays at version ${pushed.version}.`,
        );
        return 0;
      },
    },
    {
      kind: 'command',
      name: 'list',
      summary: "List processes with their latest version, or one process's versions (--process)",
      options: {
        marketplace,
        process: {
          ...processName,
          required: false,
          description: 'List the versions of this process',
        },
        json: { type: 'boolean', description: 'Print a JSON array' },
      },
      run: async (args, ctx) => {
        const client = AdminClient.fromEnv(ctx.env);
        const params = new URLSearchParams({ marketplace: args.string('marketplace') ?? '' });
        const only = args.string('process');
        if (only === undefined) {
          const processes = await client.request(
            'GET',
            `/processes?${params.toString()}`,
            Type.Array(ProcessSummaryView),
          );
          if (args.flag('json')) ctx.out.out(JSON.stringify(processes));
          else if (processes.length === 0) ctx.out.out('No processes.');
          else {
            ctx.out.out(
              formatTable(
                ['NAME', 'LATEST VERSION', 'ALIASES'],
                processes.map((p) => [
                  p.name,
                  String(p.latestVersion),
                  p.aliases.map((a) => `${a.name}/${a.alias} → ${a.version}`).join(', '),
                ]),
              ),
            );
          }
          return 0;
        }
        params.set('process', only);
        const versions = await client.request(
          'GET',
          `/processes/versions?${params.toString()}`,
          Type.Array(ProcessVersionView),
        );
        if (args.flag('json')) ctx.out.out(JSON.stringify(versions));
        else {
          ctx.out.out(
            formatTable(
              ['VERSION', 'CREATED', 'ALIASES'],
              versions.map((v) => [
                String(v.version),
                v.createdAt,
                v.aliases.map((a) => `${v.name}/${a}`).join(', '),
              ]),
            ),
          );
        }
        return 0;
      },
    },
    {
      kind: 'command',
      name: 'pull',
      summary: 'Write a process version (by --version or --alias) to a directory',
      description:
        'Creates LOCAL_PROCESS_DIR when missing; an existing process directory is overwritten only with --force.',
      options: {
        marketplace,
        process: processName,
        version: { ...version, required: false, description: 'The version to pull' },
        alias: { ...alias, required: false, description: 'Pull the version this alias points to' },
        path: {
          type: 'string',
          required: true,
          valueName: 'LOCAL_PROCESS_DIR',
          description: 'Where to write process.edn and templates/',
        },
        force: { type: 'boolean', description: 'Overwrite an existing process directory' },
      },
      run: async (args, ctx) => {
        const v = args.string('version');
        const a = args.string('alias');
        if ((v === undefined) === (a === undefined))
          throw new UsageError('Give exactly one of --version or --alias.', 'process pull');
        const params = new URLSearchParams({
          marketplace: args.string('marketplace') ?? '',
          process: args.string('process') ?? '',
        });
        if (v !== undefined) params.set('version', String(versionNumber(v, 'process pull')));
        if (a !== undefined) params.set('alias', a);
        const client = AdminClient.fromEnv(ctx.env);
        const pulled = await client.request(
          'GET',
          `/processes/pull?${params.toString()}`,
          PulledProcessView,
        );
        const path = args.string('path') ?? '';
        preparePullDir(path, args.flag('force'));
        writeFileSync(join(path, 'process.edn'), pulled.definition);
        for (const [name, files] of Object.entries(pulled.templates)) {
          const names = templateFileNames(name);
          const dir = join(path, 'templates', name);
          mkdirSync(dir, { recursive: true });
          if (files.subject !== undefined) writeFileSync(join(dir, names.subject), files.subject);
          if (files.html !== undefined) writeFileSync(join(dir, names.html), files.html);
          if (files.text !== undefined) writeFileSync(join(dir, names.text), files.text);
        }
        ctx.out.out(`Saved version ${pulled.version} of process ${pulled.name} to ${path}.`);
        return 0;
      },
    },
    aliasCommand('create', 'Create alias PROCESS_NAME/ALIAS pointing to a version', undefined),
    aliasCommand(
      'update',
      'Point alias PROCESS_NAME/ALIAS to another version (new transactions only)',
      'Transactions already started stay on the version they started with.',
    ),
    {
      kind: 'command',
      name: 'delete-alias',
      summary: 'Delete alias PROCESS_NAME/ALIAS (versions and transactions are kept)',
      options: { marketplace, process: processName, alias },
      run: async (args, ctx) => {
        const client = AdminClient.fromEnv(ctx.env);
        const removed = await client.request(
          'POST',
          '/processes/aliases/delete',
          ProcessAliasView,
          {
            marketplace: args.string('marketplace'),
            process: args.string('process'),
            alias: args.string('alias'),
          },
        );
        ctx.out.out(`Alias ${removed.name}/${removed.alias} successfully deleted.`);
        return 0;
      },
    },
  ],
};
