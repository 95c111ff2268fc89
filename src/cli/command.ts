/**
 * The command table's types. A top-level entry is a command (`bazaar start`) or a group of
 * commands (`bazaar app create`); each group lives in its own file under ./commands/.
 */
import type { Output } from './output.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  required?: boolean;
  /** Allowed values of a string option. */
  choices?: readonly string[];
  /** Placeholder in help, e.g. SLUG. */
  valueName?: string;
  /** A string option that may be repeated (`--client-id a --client-id b`); read with `strings`. */
  multiple?: boolean;
}

export interface PositionalSpec {
  name: string;
  description: string;
}

export interface CliContext {
  out: Output;
  /** The environment to read configuration from; undefined = the process's own. */
  env: NodeJS.ProcessEnv | undefined;
}

export interface ParsedArgs {
  /** A string option's value (required options are checked before run). */
  string(name: string): string | undefined;
  /** Every value of a string option, in order (one for a non-repeated option, none when absent). */
  strings(name: string): string[];
  flag(name: string): boolean;
  positionals: readonly string[];
}

export interface Command {
  kind: 'command';
  name: string;
  summary: string;
  /** More help text shown under the usage line. */
  description?: string;
  options: Readonly<Record<string, OptionSpec>>;
  /** Required positional arguments, in order. */
  positionals?: readonly PositionalSpec[];
  /** Returns the exit code. Throw CliError/UsageError for failures with a message. */
  run(args: ParsedArgs, ctx: CliContext): Promise<number>;
}

export interface CommandGroup {
  kind: 'group';
  name: string;
  summary: string;
  commands: readonly Command[];
}

export type CommandEntry = Command | CommandGroup;

/** A failure with a message for the user; exit code 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad arguments; the message is followed by a pointer to --help. Exit code 2. */
export class UsageError extends CliError {
  constructor(
    message: string,
    readonly helpCommand: string,
  ) {
    super(message, 2);
    this.name = 'UsageError';
  }
}
