// EDN → TimeExpression, following the grammar the Flex CLI validates (domain.md §1.7):
//   expr ::= {:fn/timepoint [tp]} | {:fn/min [expr+]} | {:fn/plus [expr period+]}
//          | {:fn/minus [expr period+]} | {:fn/ignore-if-past [expr]}
//   period ::= {:fn/period ["<ISO-8601 duration>"]}  (only inside plus/minus; a bare string is accepted)
import {
  ednPreview,
  isKeyword,
  isMap,
  isVector,
  readEdn,
  type EdnValue,
} from '../definition/edn.ts';
import { isPeriod, parsePeriod } from './period.ts';
import type {
  Period,
  Timepoint,
  TimeExpression,
  TimeExpressionProblem,
} from './time-expression.ts';

/** Options for parseTimeExpression. */
export interface ParseTimeExpressionOptions {
  /** Accept `:fn/max` (a local extension: not in the Flex grammar, so off by default). */
  readonly allowMax?: boolean;
}

/** Result of parseTimeExpression: the AST, or every problem found. */
export type ParseTimeExpressionResult =
  | { readonly ok: true; readonly expression: TimeExpression }
  | { readonly ok: false; readonly problems: readonly TimeExpressionProblem[] };

const FUNCTIONS = ['fn/timepoint', 'fn/min', 'fn/plus', 'fn/minus', 'fn/ignore-if-past'];

/** Parses the EDN form of a time expression into a typed AST, collecting all problems. */
export function parseTimeExpression(
  edn: EdnValue,
  options: ParseTimeExpressionOptions = {},
): ParseTimeExpressionResult {
  const problems: TimeExpressionProblem[] = [];
  const expression = parseExpr(edn, '', problems, options);
  return expression !== undefined && problems.length === 0
    ? { ok: true, expression }
    : { ok: false, problems };
}

const at = (path: string, suffix: string): string => (path === '' ? suffix : `${path} ${suffix}`);

/** Splits `{:fn/x args}` into its function name and argument vector, or reports why it can't. */
function readCall(
  edn: EdnValue,
  path: string,
  problems: TimeExpressionProblem[],
): { fn: string; args: readonly EdnValue[]; argsPath: string } | undefined {
  if (!isMap(edn) || edn.entries.length !== 1) {
    problems.push({
      path: path || '.',
      message: `a time expression must be a map with exactly one function key (e.g. {:fn/timepoint [:time/booking-end]}), got ${ednPreview(edn)}`,
    });
    return undefined;
  }
  const [entry] = edn.entries;
  if (entry === undefined) return undefined;
  const [key, args] = entry;
  if (!isKeyword(key)) {
    problems.push({
      path: path || '.',
      message: `function must be a keyword, got ${ednPreview(key)}`,
    });
    return undefined;
  }
  const argsPath = at(path, `:${key.name}`);
  if (!isVector(args)) {
    // The docs' own example table writes {:fn/period "P1D"}; the CLI demands a vector (§1.7).
    if (key.name === 'fn/period' && typeof args === 'string')
      return { fn: key.name, args: [args], argsPath };
    problems.push({
      path: argsPath,
      message: `arguments must be a vector, got ${ednPreview(args)}`,
    });
    return undefined;
  }
  return { fn: key.name, args, argsPath };
}

function parseExpr(
  edn: EdnValue,
  path: string,
  problems: TimeExpressionProblem[],
  options: ParseTimeExpressionOptions,
): TimeExpression | undefined {
  const call = readCall(edn, path, problems);
  if (call === undefined) return undefined;
  const { fn, args, argsPath } = call;
  const sub = (i: number): string => `${argsPath}[${i}]`;
  switch (fn) {
    case 'fn/timepoint': {
      const timepoint = parseTimepoint(args, argsPath, problems);
      return timepoint && { fn: 'timepoint', timepoint };
    }
    case 'fn/min':
    case 'fn/max': {
      if (fn === 'fn/max' && options.allowMax !== true) {
        problems.push({
          path: argsPath,
          message:
            ':fn/max is not part of the Flex time-expression grammar (only :fn/timepoint, :fn/min, :fn/plus, :fn/minus, :fn/ignore-if-past)',
        });
        return undefined;
      }
      // CLI accepts one or more arguments (the docs say "two or more"; the laxer rule wins).
      if (args.length === 0) {
        problems.push({ path: argsPath, message: `:${fn} needs at least one expression` });
        return undefined;
      }
      const parsed = args.map((a, i) => parseExpr(a, sub(i), problems, options));
      const ok = parsed.filter((e): e is TimeExpression => e !== undefined);
      if (ok.length !== parsed.length) return undefined;
      return fn === 'fn/min' ? { fn: 'min', args: ok } : { fn: 'max', args: ok };
    }
    case 'fn/plus':
    case 'fn/minus': {
      const [first, ...rest] = args;
      if (first === undefined || rest.length === 0) {
        problems.push({
          path: argsPath,
          message: `:${fn} takes an expression followed by one or more {:fn/period ["…"]}, got ${args.length} argument(s)`,
        });
        return undefined;
      }
      const base = parseExpr(first, sub(0), problems, options);
      const periods = rest.map((p, i) => parsePeriodCall(p, sub(i + 1), problems));
      const okPeriods = periods.filter((p): p is Period => p !== undefined);
      if (base === undefined || okPeriods.length !== periods.length) return undefined;
      return { fn: fn === 'fn/plus' ? 'plus' : 'minus', base, periods: okPeriods };
    }
    case 'fn/ignore-if-past': {
      const [only] = args;
      if (only === undefined || args.length !== 1) {
        problems.push({
          path: argsPath,
          message: `:fn/ignore-if-past takes exactly one expression, got ${args.length}`,
        });
        return undefined;
      }
      const arg = parseExpr(only, sub(0), problems, options);
      return arg && { fn: 'ignore-if-past', arg };
    }
    case 'fn/period':
      problems.push({
        path: argsPath,
        message: ':fn/period is only valid as a later argument of :fn/plus or :fn/minus',
      });
      return undefined;
    default:
      problems.push({
        path: argsPath,
        message: `unknown time function :${fn} (known: ${FUNCTIONS.map((f) => `:${f}`).join(', ')})`,
      });
      return undefined;
  }
}

function parsePeriodCall(
  edn: EdnValue,
  path: string,
  problems: TimeExpressionProblem[],
): Period | undefined {
  const call = readCall(edn, path, problems);
  if (call === undefined) return undefined;
  if (call.fn !== 'fn/period') {
    problems.push({
      path: call.argsPath,
      message: `expected {:fn/period ["<ISO-8601 duration>"]} after the first argument, got :${call.fn}`,
    });
    return undefined;
  }
  const [iso] = call.args;
  if (typeof iso !== 'string' || call.args.length !== 1) {
    problems.push({
      path: call.argsPath,
      message: `:fn/period takes exactly one ISO-8601 duration string, got ${ednPreview(call.args)}`,
    });
    return undefined;
  }
  const period = parsePeriod(iso);
  if (!isPeriod(period)) {
    problems.push({ path: call.argsPath, message: period.error });
    return undefined;
  }
  return period;
}

/** Timepoints that take no argument, by their keyword. */
const NO_ARG_TIMEPOINTS: ReadonlyMap<string, Timepoint> = new Map<string, Timepoint>([
  ['time/tx-initiated', { kind: 'tx-initiated' }],
  ['time/booking-start', { kind: 'booking-start' }],
  ['time/booking-end', { kind: 'booking-end' }],
  ['time/booking-display-start', { kind: 'booking-display-start' }],
  ['time/booking-display-end', { kind: 'booking-display-end' }],
]);

function parseTimepoint(
  args: readonly EdnValue[],
  path: string,
  problems: TimeExpressionProblem[],
): Timepoint | undefined {
  const [kind, ...rest] = args;
  if (!isKeyword(kind)) {
    problems.push({
      path,
      message: `:fn/timepoint takes a :time/… keyword first, got ${kind === undefined ? 'nothing' : ednPreview(kind)}`,
    });
    return undefined;
  }
  const noArg = NO_ARG_TIMEPOINTS.get(kind.name);
  if (noArg !== undefined) {
    if (rest.length !== 0) {
      problems.push({ path, message: `:${kind.name} takes no argument, got ${rest.length}` });
      return undefined;
    }
    return noArg;
  }
  const needsOne = (what: string): string | undefined => {
    const [arg] = rest;
    if (rest.length === 1 && isKeyword(arg)) return arg.name;
    problems.push({
      path,
      message: `:${kind.name} takes exactly one ${what} keyword, got ${ednPreview(rest)}`,
    });
    return undefined;
  };
  switch (kind.name) {
    case 'time/first-entered-state':
    case 'time/last-entered-state': {
      const state = needsOne('state');
      if (state === undefined) return undefined;
      return kind.name === 'time/first-entered-state'
        ? { kind: 'first-entered-state', state }
        : { kind: 'last-entered-state', state };
    }
    case 'time/first-transitioned': {
      const transition = needsOne('transition');
      return transition === undefined ? undefined : { kind: 'first-transitioned', transition };
    }
    default:
      problems.push({
        path,
        message: `unknown timepoint :${kind.name} (known: :time/tx-initiated, :time/first-entered-state, :time/last-entered-state, :time/first-transitioned, :time/booking-start, :time/booking-end, :time/booking-display-start, :time/booking-display-end)`,
      });
      return undefined;
  }
}

/** Parses a time expression from EDN text (a convenience for tests and tools). */
export function parseTimeExpressionText(
  text: string,
  options: ParseTimeExpressionOptions = {},
): ParseTimeExpressionResult {
  let edn: EdnValue;
  try {
    edn = readEdn(text);
  } catch (err) {
    return {
      ok: false,
      problems: [{ path: '.', message: err instanceof Error ? err.message : String(err) }],
    };
  }
  return parseTimeExpression(edn, options);
}
