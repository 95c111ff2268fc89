/**
 * The bench's results: one row per scenario and target, the Markdown table printed and written to
 * bench/results/, and the raw JSON beside it.
 */
import { cpus, totalmem, type as osType, release } from 'node:os';
import type { Measurement } from './load.ts';
import type { BenchOptions } from './options.ts';
import type { Target } from './scenarios.ts';
import type { CapacitySeed } from './seed/capacity.ts';

export type Outcome =
  | { status: 'measured'; measurement: Measurement }
  | { status: 'not available'; reason: string }
  | { status: 'skipped'; reason: string };

export interface ScenarioResult {
  name: string;
  title: string;
  target: Target | undefined;
  bazaar: Outcome;
  baseline: Outcome;
}

/** A search statement's EXPLAIN (ANALYZE) figures (bench/index.ts statementTimings). */
export interface StatementTiming {
  name: string;
  /** Median of 7 runs, milliseconds of execution in the database. */
  executionMs: number;
  minMs: number;
  /** Database CPU per search (PostgreSQL backend or in-process PGlite); NaN when not measurable. */
  cpuMs: number;
  /** Plan nodes, depth first. */
  summary: string;
  /** The whole plan (JSON only). */
  plan?: unknown;
}

export interface RunInfo {
  date: string;
  options: BenchOptions;
  database: string;
  seed: { listings: number; seededNow: boolean; seedSeconds: number; searchSchemas: string; capacity: CapacitySeed };
  /** EXPLAIN ANALYZE of the main statements before the runs. */
  statements: StatementTiming[];
  /** 1/5/15-minute load averages before and after the runs: how busy the machine was. */
  load: { start: number[]; end: number[] };
  machine: { cpu: string; cores: number; memoryGb: number; os: string; node: string };
}

export function machineInfo(): RunInfo['machine'] {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
  };
}

const ms = (n: number): string => (Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : n.toFixed(0)) : '–');
const rps = (n: number): string => (n < 100 ? n.toFixed(1) : n.toFixed(0));

/** True when the measured run saw any non-2xx response, socket error or timeout. */
export const isDirty = (m: Measurement): boolean => m.non2xx > 0 || m.errors > 0 || m.timeouts > 0;

const statusNote = (m: Measurement): string => {
  if (!isDirty(m)) return 'all 2xx';
  const bad = Object.entries(m.statuses)
    .filter(([s]) => !s.startsWith('2'))
    .map(([s, c]) => `${c}×${s}`);
  if (m.errors > 0) bad.push(`${m.errors} socket errors`);
  if (m.timeouts > 0) bad.push(`${m.timeouts} timeouts`);
  return `**ERRORS: ${bad.join(', ')}**`;
};

/** The verdict on a scenario's target, or undefined when it has none or could not be judged. */
export function verdict(r: ScenarioResult, opts: BenchOptions): string | undefined {
  const t = r.target;
  if (!t) return undefined;
  if (r.bazaar.status !== 'measured') return `– ${t.description}: not measured (${r.bazaar.reason})`;
  const m = r.bazaar.measurement;
  if (isDirty(m)) return `✗ ${t.description} (run had errors)`;
  const applies = opts.db === t.db && opts.connections === t.connections && opts.listings === t.listings;
  // Outside the target's conditions the mark is only indicative: shown in parentheses.
  const judge = (ok: boolean, figure: string): string =>
    applies
      ? `${ok ? '✓' : '✗'} ${t.description}: ${figure}`
      : `(${ok ? '✓' : '✗'}) ${t.description}: ${figure} — indicative only, this run: ${opts.db}, ${opts.listings} listings, ${opts.connections} connections`;
  if (t.kind === 'ratio') {
    if (r.baseline.status !== 'measured') return `? ${t.description} (no baseline)`;
    const ratio = m.rps / r.baseline.measurement.rps;
    return judge(ratio >= t.min, `${(ratio * 100).toFixed(0)} %`);
  }
  return judge(m.p95 <= t.maxMs, `p95 ${ms(m.p95)} ms`);
}

const row = (label: string, o: Outcome, base: Outcome | undefined): string => {
  if (o.status !== 'measured') return `| ${label} | ${o.status}: ${o.reason} | | | | | | |`;
  const m = o.measurement;
  const ratio = base?.status === 'measured' ? `${((m.rps / base.measurement.rps) * 100).toFixed(0)} %` : '';
  return `| ${label} | ${rps(m.rps)} | ${ms(m.p50)} | ${ms(m.p95)} | ${ms(m.p99)} | ${m.requests} | ${statusNote(m)} | ${ratio} |`;
};

export function markdownReport(info: RunInfo, results: ScenarioResult[]): string {
  const o = info.options;
  const lines = [
    `# Bazaar bench — ${info.date}, ${info.database}, ${info.seed.listings.toLocaleString('en-US')} listings`,
    '',
    `- Machine: ${info.machine.cpu}, ${info.machine.cores} cores, ${info.machine.memoryGb} GB, ${info.machine.os}, Node ${info.machine.node}`,
    `- Load: ${o.connections} connections, ${o.warmup} s warm-up then ${o.duration} s measured per target; server and baseline each in their own child process, autocannon in the bench process`,
    `- Seed: ${info.seed.seededNow ? `seeded in this run (${info.seed.seedSeconds.toFixed(0)} s)` : 'reused'}; search schemas: ${info.seed.searchSchemas}; ${info.seed.capacity.bookedListings.toLocaleString('en-US')} listings with ${info.seed.capacity.bookings.toLocaleString('en-US')} bookings and ${info.seed.capacity.exceptions.toLocaleString('en-US')} exceptions from ${info.seed.capacity.epoch.slice(0, 10)}`,
    `- Load average (1, 5, 15 min) before the runs: ${info.load.start.map((n) => n.toFixed(2)).join(', ')}; after: ${info.load.end.map((n) => n.toFixed(2)).join(', ')} (the machine has ${info.machine.cores} cores: above ~${info.machine.cores / 2} other work was competing)`,
    '',
    'Database cost of the main statements, measured before the load: CPU time per search (the PostgreSQL backend\'s, or PGlite\'s in-process; unaffected by other processes on the machine) and EXPLAIN ANALYZE execution time (median and min of 7 runs):',
    '',
    '| Statement | CPU ms per search | EXPLAIN median ms | min ms | plan |',
    '|---|---:|---:|---:|---|',
    ...info.statements.map((t) => `| ${t.name} | ${ms(t.cpuMs)} | ${ms(t.executionMs)} | ${ms(t.minMs)} | ${t.summary} |`),
    '',
    '| Scenario / target | req/s | p50 ms | p95 ms | p99 ms | responses | statuses | vs baseline |',
    '|---|---:|---:|---:|---:|---:|---|---:|',
  ];
  for (const r of results) {
    lines.push(row(`**${r.name}** Bazaar`, r.bazaar, r.baseline));
    lines.push(row(`${r.name} baseline`, r.baseline, undefined));
  }
  lines.push('', 'Scenarios:', '');
  for (const r of results) lines.push(`- **${r.name}** — ${r.title}`);
  const verdicts = results.map((r) => verdict(r, o)).filter((v): v is string => v !== undefined);
  if (verdicts.length > 0) lines.push('', 'Targets:', '', ...verdicts.map((v) => `- ${v}`));
  const dirty = results.filter((r) => [r.bazaar, r.baseline].some((x) => x.status === 'measured' && isDirty(x.measurement)));
  if (dirty.length > 0) {
    lines.push('', `> **WARNING: ${dirty.map((r) => r.name).join(', ')} had failed requests; their figures are not valid.**`);
  }
  lines.push(
    '',
    'Baseline: plain Fastify in its own process, no auth, JSON, calling the same listings search/show/create functions (same SQL) and loading includes with one users and one images query (bench/servers/baseline-server.ts).',
    '',
  );
  return lines.join('\n');
}
