/** Argument parsing on node:util parseArgs, strict, with required options and choices checked. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, type Command, type ParsedArgs } from './command.ts';

/** Parses a command's arguments; returns 'help' when --help/-h was given. */
export function parseCommandArgs(command: Command, fullName: string, argv: readonly string[]): ParsedArgs | 'help' {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(command.options)) options[name] = { type: spec.type };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err), fullName);
  }
  const { values, positionals } = parsed;
  if (values.help === true) return 'help';
  const expected = command.positionals ?? [];
  if (positionals.length > expected.length) {
    throw new UsageError(`Unexpected argument "${positionals[expected.length] ?? ''}".`, fullName);
  }
  const missingPositional = expected[positionals.length];
  if (missingPositional) throw new UsageError(`Missing argument ${missingPositional.name}.`, fullName);

  const str = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === 'string' ? v : undefined;
  };
  for (const [name, spec] of Object.entries(command.options)) {
    const value = str(name);
    if (spec.required && (value === undefined || value.trim() === '')) throw new UsageError(`Missing required option --${name}.`, fullName);
    if (value !== undefined && spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(`--${name} must be one of ${spec.choices.join(', ')}; got "${value}".`, fullName);
    }
  }
  return { string: str, flag: (name) => values[name] === true, positionals };
}
