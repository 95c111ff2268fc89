/** `bazaar assets …`: hosted assets (translations, configuration JSON) over the Admin API. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { AssetVersionView } from '../../http/admin-api/schemas.ts';
import { AdminClient } from '../admin-client.ts';
import { CliError, type CommandGroup } from '../command.ts';

async function findJsonFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await findJsonFiles(full)));
    else if (entry.isFile() && entry.name.endsWith('.json')) out.push(full);
  }
  return out;
}

/** Reads every *.json under dir as `{ "/rel/path.json": parsed }`; fails naming the first invalid file. */
export async function readAssetDir(dir: string): Promise<Record<string, unknown>> {
  const root = resolve(dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new CliError(`${dir} is not a directory.`);
  const files = (await findJsonFiles(root)).sort();
  if (files.length === 0) throw new CliError(`No .json files under ${dir}; nothing published.`);
  const assets: Record<string, unknown> = {};
  for (const file of files) {
    const rel = relative(root, file);
    const path = `/${rel.split(sep).join('/')}`;
    try {
      assets[path] = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new CliError(`Invalid JSON in ${join(dir, rel)}: ${reason}. Nothing published.`);
    }
  }
  return assets;
}

export const assetsCommands: CommandGroup = {
  kind: 'group',
  name: 'assets',
  summary: 'Publish hosted assets',
  commands: [
    {
      kind: 'command',
      name: 'push',
      summary: 'Publish every *.json under DIR as a new asset version and move alias "latest" to it',
      description: 'Paths are relative to DIR with a leading slash: DIR/content/translations.json → /content/translations.json.',
      options: { marketplace: { type: 'string', required: true, valueName: 'SLUG', description: 'Marketplace slug' } },
      positionals: [{ name: 'DIR', description: 'Folder of asset files' }],
      run: async (args, ctx) => {
        const client = AdminClient.fromEnv(ctx.env);
        const dir = args.positionals[0] ?? '.';
        const files = await readAssetDir(dir);
        const published = await client.request('POST', '/assets', AssetVersionView, { marketplace: args.string('marketplace'), files });
        ctx.out.out(published.version);
        ctx.out.err(`Published ${published.fileCount} file(s) as version ${published.version}; alias "latest" points to it.`);
        return 0;
      },
    },
  ],
};
