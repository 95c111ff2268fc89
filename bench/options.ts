/**
 * Command-line options of `npm run bench` (see bench/README.md). Parsed once, validated, frozen.
 */
import { resolve } from 'node:path';

export const SCENARIO_NAMES = ['query', 'search', 'availability', 'timeslots', 'timeslots-uncached', 'show', 'create'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];
export const isScenarioName = (s: string): s is ScenarioName => SCENARIO_NAMES.some((n) => n === s);

export type DbKind = 'pglite' | 'postgres';

export interface BenchOptions {
  /** Listings to seed in the bench marketplace. */
  readonly listings: number;
  /** Measured seconds per scenario and target. */
  readonly duration: number;
  /** Warm-up seconds before each measurement (not counted). */
  readonly warmup: number;
  /** Concurrent HTTP connections (autocannon clients). */
  readonly connections: number;
  readonly db: DbKind;
  /** The PostgreSQL server for --db postgres (DATABASE_URL). */
  readonly databaseUrl: string | undefined;
  readonly only: readonly ScenarioName[];
  readonly reseed: boolean;
  /** Skip the bare baseline (quicker look at Bazaar alone). */
  readonly skipBaseline: boolean;
  /** Where the PGlite data folder, blobs and server logs live (reused between runs). */
  readonly workDir: string;
  /** Where the Markdown table, PNG chart and raw JSON go. */
  readonly resultsDir: string;
}

export class UsageError extends Error {}

export const USAGE = `Usage: npm run bench -- [options]

  --listings N        listings to seed (default 100000; 1000000 works)
  --duration S        measured seconds per scenario (default 10)
  --warmup S          warm-up seconds before each measurement (default 3)
  --connections C     concurrent connections (default 8)
  --db pglite|postgres  default: postgres when DATABASE_URL is set, else pglite
  --only a,b          scenarios among ${SCENARIO_NAMES.join(', ')} (default: all)
  --reseed            delete and re-seed the bench listings even when the count matches
  --no-baseline       skip the bare-Fastify baseline
  --work-dir DIR      PGlite data, blobs and logs (default .tmp/bench)
  --results-dir DIR   output folder (default bench/results)
  --help
`;

const positiveInt = (name: string, raw: string | undefined, max: number): number => {
  const n = Number(raw);
  if (raw === undefined || !Number.isInteger(n) || n < 1 || n > max) {
    throw new UsageError(`${name} must be an integer between 1 and ${max}, got "${raw ?? ''}"`);
  }
  return n;
};

/** Parses argv (without node and script) and the environment. Throws UsageError. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  const databaseUrl = env.DATABASE_URL || undefined;
  let listings = 100_000;
  let duration = 10;
  let warmup = 3;
  let connections = 8;
  let db: DbKind = databaseUrl ? 'postgres' : 'pglite';
  let only: ScenarioName[] = [...SCENARIO_NAMES];
  let reseed = false;
  let skipBaseline = false;
  let workDir = resolve('.tmp/bench');
  let resultsDir = resolve('bench/results');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--listings':
        listings = positiveInt(flag, value(), 10_000_000);
        break;
      case '--duration':
        duration = positiveInt(flag, value(), 3600);
        break;
      case '--warmup': {
        const raw = value();
        warmup = raw === '0' ? 0 : positiveInt(flag, raw, 600);
        break;
      }
      case '--connections':
        connections = positiveInt(flag, value(), 1000);
        break;
      case '--db': {
        const raw = value();
        if (raw !== 'pglite' && raw !== 'postgres') throw new UsageError(`--db must be pglite or postgres, got "${raw}"`);
        db = raw;
        break;
      }
      case '--only': {
        const names = value()
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
        const unknown = names.filter((n) => !isScenarioName(n));
        if (unknown.length > 0) throw new UsageError(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIO_NAMES.join(', ')}`);
        only = names.filter(isScenarioName);
        break;
      }
      case '--reseed':
        reseed = true;
        break;
      case '--no-baseline':
        skipBaseline = true;
        break;
      case '--work-dir':
        workDir = resolve(value());
        break;
      case '--results-dir':
        resultsDir = resolve(value());
        break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  if (db === 'postgres' && databaseUrl === undefined) throw new UsageError('--db postgres needs DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new UsageError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  return Object.freeze({
    listings,
    duration,
    warmup,
    connections,
    db,
    databaseUrl: db === 'postgres' ? databaseUrl : undefined,
    only,
    reseed,
    skipBaseline,
    workDir,
    resultsDir,
  });
}
