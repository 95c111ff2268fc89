/** Argument parsing on node:util parseArgs, strict, with required options and choices checked. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, type Command, type ParsedArgs } from './command.ts';

/** Parses a command's arguments; returns 'help' when --help/-h was given. */
export function parseCommandArgs(command: Command, fullName: string, argv: readonly string[]): ParsedArgs | 'help' {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(command.options)) options[name] = { type: spec.type, ...(spec.multiple ? { multiple: true } : {}) };
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

  const strs = (name: string): string[] => {
    const v = values[name];
    if (typeof v === 'string') return [v];
    return Array.isArray(v) ? v.filter((item): item is string => typeof item === 'string') : [];
  };
  // A repeated option's last value (parseArgs keeps only the last of a non-multiple option too).
  const str = (name: string): string | undefined => strs(name).at(-1);
  for (const [name, spec] of Object.entries(command.options)) {
    const value = str(name);
    if (spec.required && (value === undefined || value.trim() === '')) throw new UsageError(`Missing required option --${name}.`, fullName);
    for (const v of strs(name)) {
      if (spec.choices && !spec.choices.includes(v)) throw new UsageError(`--${name} must be one of ${spec.choices.join(', ')}; got "${v}".`, fullName);
    }
  }
  return { string: str, strings: strs, flag: (name) => values[name] === true, positionals };
}
