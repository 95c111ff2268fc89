/**
 * The `bazaar` command: `main(argv)` dispatches to the command table and returns the exit code
 * (0 ok, 1 failure, 2 bad usage). Messages go to the injected Output, never to console.
 */
import { ConfigError } from '../config.ts';
import { DomainError } from '../domain/errors.ts';
import { DataDirLockedError } from '../store/data-dir-lock.ts';
import { parseCommandArgs } from './args.ts';
import { CliError, UsageError, type CliContext, type Command } from './command.ts';
import { commands } from './commands/index.ts';
import { commandHelp, groupHelp, rootHelp } from './help.ts';
import { processOutput, type Output } from './output.ts';

export interface MainOptions {
  out?: Output;
  /** Environment for configuration; defaults to the process's own (read in config.ts). */
  env?: NodeJS.ProcessEnv;
}

const isHelp = (arg: string | undefined): boolean => arg === '--help' || arg === '-h' || arg === 'help';

/** Resolves argv to a command and its remaining arguments, or prints help/usage. */
function resolveCommand(argv: readonly string[], out: Output): { command: Command; fullName: string; rest: string[] } | number {
  const [first, second, ...others] = argv;
  if (first === undefined || isHelp(first)) {
    (first === undefined ? out.err : out.out)(rootHelp(commands));
    return first === undefined ? 2 : 0;
  }
  const entry = commands.find((c) => c.name === first);
  if (!entry) throw new UsageError(`Unknown command "${first}".`, '');
  if (entry.kind === 'command') return { command: entry, fullName: entry.name, rest: argv.slice(1) };
  if (second === undefined || isHelp(second)) {
    (second === undefined ? out.err : out.out)(groupHelp(entry));
    return second === undefined ? 2 : 0;
  }
  const command = entry.commands.find((c) => c.name === second);
  if (!command) throw new UsageError(`Unknown command "${first} ${second}".`, first);
  return { command, fullName: `${first} ${second}`, rest: others };
}

export async function main(argv: readonly string[], opts: MainOptions = {}): Promise<number> {
  const out = opts.out ?? processOutput;
  const ctx: CliContext = { out, env: opts.env };
  try {
    const resolved = resolveCommand(argv, out);
    if (typeof resolved === 'number') return resolved;
    const args = parseCommandArgs(resolved.command, resolved.fullName, resolved.rest);
    if (args === 'help') {
      out.out(commandHelp(resolved.command, resolved.fullName));
      return 0;
    }
    return await resolved.command.run(args, ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      const help = err.helpCommand === '' ? 'bazaar --help' : `bazaar ${err.helpCommand} --help`;
      out.err(`bazaar: ${err.message}\nRun "${help}" for usage.`);
      return err.exitCode;
    }
    if (err instanceof CliError) {
      out.err(`bazaar: ${err.message}`);
      return err.exitCode;
    }
    if (err instanceof ConfigError || err instanceof DataDirLockedError) {
      out.err(`bazaar: ${err.message}`);
      return 1;
    }
    if (err instanceof DomainError) {
      out.err(`bazaar: ${err.message} (${err.code})`);
      return 1;
    }
    out.err(`bazaar: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
}
