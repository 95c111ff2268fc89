/** Help text for the whole CLI, a group and a command, generated from the command table. */
import type { Command, CommandEntry, CommandGroup } from './command.ts';

const pad = (s: string, width: number): string => s + ' '.repeat(Math.max(1, width - s.length));

export function rootHelp(entries: readonly CommandEntry[]): string {
  const rows: [string, string][] = [];
  for (const e of entries) {
    if (e.kind === 'command') rows.push([e.name, e.summary]);
    else for (const c of e.commands) rows.push([`${e.name} ${c.name}`, c.summary]);
  }
  const width = Math.max(...rows.map(([n]) => n.length)) + 2;
  return [
    'Usage: bazaar <command> [options]',
    '',
    'Commands:',
    ...rows.map(([n, s]) => `  ${pad(n, width)}${s}`),
    '',
    'Admin commands talk to a running server over its Admin API:',
    '  BAZAAR_URL        server URL (default http://127.0.0.1:3500)',
    '  BAZAAR_ADMIN_KEY  the admin key printed at first start (or set when it started)',
    '',
    'Run "bazaar <command> --help" for a command\'s options.',
  ].join('\n');
}

export function groupHelp(group: CommandGroup): string {
  const width = Math.max(...group.commands.map((c) => c.name.length)) + 2;
  return [
    `Usage: bazaar ${group.name} <command> [options]`,
    '',
    group.summary,
    '',
    'Commands:',
    ...group.commands.map((c) => `  ${pad(c.name, width)}${c.summary}`),
    '',
    `Run "bazaar ${group.name} <command> --help" for a command's options.`,
  ].join('\n');
}

export function commandHelp(command: Command, fullName: string): string {
  const opts = Object.entries(command.options);
  const usageParts = [`bazaar ${fullName}`];
  for (const [name, spec] of opts) {
    const flag = spec.type === 'string' ? `--${name} ${spec.valueName ?? name.toUpperCase()}` : `--${name}`;
    usageParts.push(spec.required ? flag : `[${flag}]`);
  }
  for (const p of command.positionals ?? []) usageParts.push(p.name);
  const rows: [string, string][] = opts.map(([name, spec]) => {
    const flag = spec.type === 'string' ? `--${name} ${spec.valueName ?? name.toUpperCase()}` : `--${name}`;
    const choices = spec.choices ? ` (${spec.choices.join(' | ')})` : '';
    return [flag, `${spec.description}${choices}`];
  });
  for (const p of command.positionals ?? []) rows.push([p.name, p.description]);
  rows.push(['-h, --help', 'Show this help']);
  const width = Math.max(...rows.map(([n]) => n.length)) + 2;
  return [
    `Usage: ${usageParts.join(' ')}`,
    '',
    command.summary,
    ...(command.description ? ['', command.description] : []),
    '',
    'Options:',
    ...rows.map(([n, d]) => `  ${pad(n, width)}${d}`),
  ].join('\n');
}
