/**
 * `npm run bench`: seed (or reuse) N listings, then drive Bazaar and a bare-Fastify baseline over
 * HTTP with autocannon, scenario by scenario, and write the figures to bench/results/.
 *
 * Bazaar (`node bin/bazaar.js start`) and the baseline each run in a child process: the load
 * generator must not share an event loop, on two cores, with the server it measures.
 *   1. seed in this process, then close the database (PGlite allows one process per folder);
 *   2. start the children (tokens from Bazaar's real /v1/auth/token) and, per scenario: probe,
 *      warm up, measure — interleaved on a PostgreSQL server, one child after the other on PGlite
 *      (see measureAll); the create scenario's rows are deleted afterwards;
 *   3. report (Markdown, PNG, JSON). Exit code 1 when any measured run had failed requests.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { IncomingHttpHeaders } from 'node:http';
import { sql } from 'kysely';
import { decodeTransitBody } from '../src/http/wire/index.ts';
import { DEFAULT_SEARCH_LANGUAGE, explainListingSearch, listingSearchVector, searchListings, type ListingSearchInput } from '../src/domain/listings/index.ts';
import { writeChartPng } from './chart.ts';
import { dataDirOf, openBenchDb } from './database.ts';
import { measure, type LoadRequest } from './load.ts';
import { USAGE, UsageError, parseOptions, type BenchOptions } from './options.ts';
import { isDirty, machineInfo, markdownReport, type Outcome, type RunInfo, type ScenarioResult, type StatementTiming } from './report.ts';
import { SEARCH, availabilityWindow, scenarios as allScenarios, type Scenario } from './scenarios.ts';
import { BENCH_PASSWORD, seedBench, type SeedResult } from './seed/seed.ts';
import { freePort, killAllChildren, startChild, type RunningChild } from './servers/child.ts';

const log = (line: string): void => console.error(`[bench] ${line}`);
const ROOT = resolve(import.meta.dirname, '..');

/** Checks that the seeded vectors equal what the listings module writes (catches formula drift). */
async function checkSearchVector(db: BenchDbHandle, marketplaceId: string): Promise<void> {
  const row = await db
    .selectFrom('listings')
    .select(['id', 'title', 'description'])
    .where('marketplace_id', '=', marketplaceId)
    .limit(1)
    .executeTakeFirst();
  if (!row) return;
  const vector = listingSearchVector(DEFAULT_SEARCH_LANGUAGE, { title: row.title, description: row.description, schemaTexts: [] });
  const res = await sql<{ same: boolean }>`select search_vector = ${vector} as same from listings where id = ${row.id}::uuid`.execute(db);
  if (res.rows[0]?.same !== true) {
    log('WARNING: seeded search_vector differs from listingSearchVector(); reseed with --reseed after updating bench/seed/seed.ts');
  }
}
type BenchDbHandle = Awaited<ReturnType<typeof openBenchDb>>['db'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** "Limit → Bitmap Heap Scan on listings → …": the plan's nodes, depth first, with their indexes. */
function planSummary(plan: unknown): string {
  const nodes: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isRecord(v)) return;
    if (typeof v['Node Type'] === 'string') {
      const on = typeof v['Index Name'] === 'string' ? v['Index Name'] : typeof v['Relation Name'] === 'string' ? v['Relation Name'] : '';
      nodes.push(on ? `${v['Node Type']} on ${on}` : v['Node Type']);
    }
    walk(v.Plan);
    walk(v.Plans);
  };
  walk(plan);
  return nodes.join(' → ');
}

/** The inputs of the scenarios whose statement cost matters most (the same the routes build). */
const statementInputs = (seed: SeedResult): { name: string; input: ListingSearchInput }[] => {
  const base = { marketplaceId: seed.marketplaceId, audience: { kind: 'public' as const }, page: 1, perPage: 20 };
  const window = availabilityWindow(seed.capacity.epoch);
  return [
    { name: 'query', input: base },
    {
      name: 'search',
      input: { ...base, keywords: SEARCH.keywords, bounds: SEARCH.bounds, price: SEARCH.price, extendedData: { ...SEARCH.extendedData } },
    },
    { name: 'availability', input: { ...base, availability: { ...window, mode: 'day-full', now: new Date() } } },
  ];
};

const executionMs = (plan: unknown): number => {
  const first = Array.isArray(plan) ? plan[0] : undefined;
  return isRecord(first) && typeof first['Execution Time'] === 'number' ? first['Execution Time'] : Number.NaN;
};

/** Kernel clock ticks per second (`getconf CLK_TCK`; 100 on Linux). */
const CLOCK_TICKS = 100;

/** utime + stime of a process, in clock ticks (Linux /proc). */
const processTicks = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]);
};

/**
 * CPU milliseconds the database spends per search (the whole `searchListings`, as a request runs
 * it): the PostgreSQL backend's own CPU time from /proc when the server runs on this machine, the
 * bench process's CPU time on PGlite (in-process). Unlike wall-clock figures it does not grow when
 * other processes compete for the cores. NaN when it cannot be measured (a remote server).
 */
async function cpuPerSearch(db: BenchDbHandle, opts: BenchOptions, input: ListingSearchInput): Promise<number> {
  const local = opts.db === 'pglite' || /@(127\.0\.0\.1|localhost)[:/]/.test(opts.databaseUrl ?? '');
  if (!local) return Number.NaN;
  return db.connection().execute(async (conn) => {
    for (let i = 0; i < 3; i++) await searchListings(conn, input);
    const pid = opts.db === 'postgres' ? (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(conn)).rows[0]?.pid : undefined;
    if (opts.db === 'postgres' && (pid === undefined || !existsSync(`/proc/${pid}/stat`))) return Number.NaN;
    const before = pid === undefined ? process.cpuUsage() : undefined;
    const t0 = pid === undefined ? 0 : processTicks(pid);
    const started = Date.now();
    let runs = 0;
    // At least 2 s or 500 runs: enough clock ticks for a stable figure.
    while (runs < 500 && (runs < 20 || Date.now() - started < 2000)) {
      await searchListings(conn, input);
      runs++;
    }
    if (pid === undefined) {
      const used = process.cpuUsage(before);
      return (used.user + used.system) / 1000 / runs;
    }
    return ((processTicks(pid) - t0) * 1000) / CLOCK_TICKS / runs;
  });
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of each statement, run 7 times in a row before the load: the median
 * execution time is the database's own cost, which neighbours on a shared machine disturb far less
 * than the HTTP figures; the CPU time per search (cpuPerSearch) not at all. Plans are summarized in
 * the Markdown and kept whole in the JSON.
 */
async function statementTimings(db: BenchDbHandle, seed: SeedResult, opts: BenchOptions): Promise<StatementTiming[]> {
  const out: StatementTiming[] = [];
  for (const { name, input } of statementInputs(seed)) {
    const runs: { ms: number; plan: unknown }[] = [];
    for (let i = 0; i < 7; i++) {
      const plan = await explainListingSearch(db, input, { analyze: true });
      runs.push({ ms: executionMs(plan), plan });
    }
    runs.sort((a, b) => a.ms - b.ms);
    const median = runs[3] ?? runs[0];
    const cpuMs = await cpuPerSearch(db, opts, input);
    out.push({ name, executionMs: median?.ms ?? Number.NaN, minMs: runs[0]?.ms ?? Number.NaN, cpuMs, summary: planSummary(median?.plan), plan: median?.plan });
  }
  return out;
}

/** Removes the listings the create scenario made (they would change later result pages). */
async function undoWrites(opts: BenchOptions, seed: SeedResult): Promise<void> {
  const { db, close } = await openBenchDb(opts);
  try {
    await sql`delete from listings where marketplace_id = ${seed.marketplaceId}::uuid and author_id = ${seed.writer.id}::uuid`.execute(db);
  } finally {
    await close();
  }
}

async function token(url: string, form: Record<string, string>): Promise<string> {
  const res = await fetch(`${url}/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(30_000),
  });
  const body: unknown = await res.json();
  if (!res.ok || typeof body !== 'object' || body === null || !('access_token' in body) || typeof body.access_token !== 'string') {
    throw new Error(`token request failed: HTTP ${res.status} ${JSON.stringify(body)}`);
  }
  return body.access_token;
}

interface Target {
  kind: 'bazaar' | 'baseline';
  url: string;
  request(s: Scenario): LoadRequest;
}

/** One request first: a scenario whose endpoint answers non-2xx is "not available", not measured. */
async function probe(target: Target, s: Scenario): Promise<{ ok: true; note: string } | { ok: false; reason: string }> {
  const req = target.request(s);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
  const res = await fetch(`${target.url}${req.path(0)}`, {
    method: req.method,
    headers,
    signal: AbortSignal.timeout(60_000),
    ...(req.body ? { body: req.body(1_000_000_000) } : {}),
  });
  const text = await res.text();
  if (!res.ok) {
    const code = /"(?:~:)?code"\s*,?\s*:?\s*"([a-z-]+)"/.exec(text)?.[1] ?? '';
    const missing = res.status === 404 && code !== 'not-found' ? ': the endpoint does not exist in this build' : '';
    return { ok: false, reason: `HTTP ${res.status}${code ? ` ${code}` : ''}${missing}` };
  }
  let doc: unknown;
  try {
    doc = target.kind === 'bazaar' && (res.headers.get('content-type') ?? '').includes('transit') ? decodeTransitBody(text) : JSON.parse(text);
  } catch {
    return { ok: true, note: `${text.length} bytes (undecodable)` };
  }
  const rec = isRecord(doc) ? doc : {};
  const data = 'data' in rec ? rec.data : undefined;
  const included = 'included' in rec ? rec.included : undefined;
  const meta = 'meta' in rec && isRecord(rec.meta) ? rec.meta : {};
  const n = Array.isArray(data) ? `${data.length} resources${typeof meta.totalItems === 'number' ? ` of ${meta.totalItems}` : ''}` : data ? '1 resource' : 'no data';
  return { ok: true, note: `${n}, ${Array.isArray(included) ? included.length : 0} included, ${text.length} bytes` };
}

async function measureScenario(target: Target, s: Scenario, opts: BenchOptions): Promise<Outcome> {
  const p = await probe(target, s);
  if (!p.ok) {
    log(`${target.kind} ${s.name}: not available (${p.reason})`);
    return { status: 'not available', reason: p.reason };
  }
  log(`${target.kind} ${s.name}: probe ${p.note}; ${opts.warmup}s warm-up + ${opts.duration}s at ${opts.connections} connections`);
  const m = await measure(target.url, target.request(s), opts);
  log(`${target.kind} ${s.name}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms${isDirty(m) ? `, FAILED REQUESTS: ${JSON.stringify(m.statuses)} errors ${m.errors} timeouts ${m.timeouts}` : ''}`);
  return { status: 'measured', measurement: m };
}

const serverEnv = (opts: BenchOptions, port: number): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    BAZAAR_DATA_DIR: dataDirOf(opts),
    LOG_LEVEL: 'warn',
    BAZAAR_RATE_LIMIT: 'off',
    // Long enough for the longest run (1M listings, long durations): tokens are fetched once.
    BAZAAR_ACCESS_TOKEN_TTL: String(24 * 3600),
  };
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  return env;
};

interface Started {
  child: RunningChild;
  target: Target;
}

async function startBaseline(opts: BenchOptions, seed: SeedResult): Promise<Started> {
  const port = await freePort();
  const env = serverEnv(opts, port);
  Object.assign(env, {
    BENCH_MARKETPLACE_ID: seed.marketplaceId,
    BENCH_WRITER_ID: seed.writer.id,
    BENCH_CLIENT_ID: seed.clientId,
    BENCH_PGLITE_DIR: dataDirOf(opts),
  });
  const child = await startChild({
    name: 'baseline',
    command: process.execPath,
    args: ['--import', 'tsx', join(ROOT, 'bench/servers/baseline-server.ts')],
    env,
    port,
    logPath: join(opts.workDir, 'logs', 'baseline.log'),
  });
  log(`baseline listening at ${child.url} (pid ${child.pid})`);
  return {
    child,
    target: {
      kind: 'baseline',
      url: child.url,
      request: (s) => ({
        method: s.method,
        headers: { accept: 'application/json', ...(s.method === 'POST' ? { 'content-type': 'application/json' } : {}) },
        path: s.path,
        ...(s.baselineBody ? { body: s.baselineBody } : {}),
      }),
    },
  };
}

async function startBazaar(opts: BenchOptions, seed: SeedResult): Promise<Started> {
  const port = await freePort();
  const child = await startChild({
    name: 'bazaar',
    command: process.execPath,
    args: [join(ROOT, 'bin/bazaar.js'), 'start'],
    env: serverEnv(opts, port),
    port,
    logPath: join(opts.workDir, 'logs', 'bazaar.log'),
  });
  log(`bazaar listening at ${child.url} (pid ${child.pid})`);
  try {
    const anonymous = await token(child.url, { grant_type: 'client_credentials', client_id: seed.clientId, scope: 'public-read' });
    const user = await token(child.url, { grant_type: 'password', client_id: seed.clientId, scope: 'user', username: seed.writer.email, password: BENCH_PASSWORD });
    return {
      child,
      target: {
        kind: 'bazaar',
        url: child.url,
        request: (s) => {
          const headers: IncomingHttpHeaders = {
            accept: 'application/transit+json',
            authorization: `Bearer ${s.auth === 'user' ? user : anonymous}`,
            ...(s.method === 'POST' ? { 'content-type': 'application/transit+json' } : {}),
          };
          return { method: s.method, headers, path: s.path, ...(s.body ? { body: s.body } : {}) };
        },
      },
    };
  } catch (e) {
    await child.stop();
    throw e;
  }
}

interface Outcomes {
  bazaar: Map<string, Outcome>;
  baseline: Map<string, Outcome>;
}

/**
 * On a PostgreSQL server both children run at once and each scenario is measured on the baseline
 * and then on Bazaar, back to back, so a busy neighbour skews both alike. PGlite allows one process
 * per data folder: there the baseline phase runs first, its writes are undone, then Bazaar's.
 */
async function measureAll(opts: BenchOptions, seed: SeedResult, list: Scenario[]): Promise<Outcomes> {
  const out: Outcomes = { bazaar: new Map(), baseline: new Map() };
  const writes = list.some((s) => s.writes);
  if (opts.db === 'postgres' && !opts.skipBaseline) {
    const baseline = await startBaseline(opts, seed);
    try {
      const bazaar = await startBazaar(opts, seed);
      try {
        for (const s of list) {
          out.baseline.set(s.name, await measureScenario(baseline.target, s, opts));
          out.bazaar.set(s.name, await measureScenario(bazaar.target, s, opts));
        }
      } finally {
        await bazaar.child.stop();
      }
    } finally {
      await baseline.child.stop();
    }
    if (writes) await undoWrites(opts, seed);
    return out;
  }
  if (!opts.skipBaseline) {
    const baseline = await startBaseline(opts, seed);
    try {
      for (const s of list) out.baseline.set(s.name, await measureScenario(baseline.target, s, opts));
    } finally {
      await baseline.child.stop();
    }
    if (writes) await undoWrites(opts, seed);
  }
  const bazaar = await startBazaar(opts, seed);
  try {
    for (const s of list) out.bazaar.set(s.name, await measureScenario(bazaar.target, s, opts));
  } finally {
    await bazaar.child.stop();
  }
  if (writes) await undoWrites(opts, seed);
  return out;
}

/** The URL without its user and password. */
const redactUrl = (url: string): string => url.replace(/\/\/[^@/]*@/, '//…@');

const stamp = (d: Date): string => d.toISOString().slice(0, 16).replace('T', '-').replace(':', '');

async function main(): Promise<number> {
  let parsed: BenchOptions | 'help';
  try {
    parsed = parseOptions(process.argv.slice(2), process.env);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const opts = parsed;
  const started = new Date();
  mkdirSync(opts.workDir, { recursive: true });
  log(`${opts.db}${opts.databaseUrl ? ` (${redactUrl(opts.databaseUrl)})` : ` (${dataDirOf(opts)})`}, ${opts.listings} listings`);

  const loadAtStart = loadavg();
  const bench = await openBenchDb(opts);
  let seed: SeedResult;
  let statements: StatementTiming[];
  try {
    seed = await seedBench(bench.db, {
      listings: opts.listings,
      reseed: opts.reseed,
      blobDir: join(dataDirOf(opts), 'blobs'),
      droppedIndexesFile: join(opts.workDir, 'logs', `${opts.db}-dropped-indexes.sql`),
      signal: seeding.signal,
      log,
    });
    await checkSearchVector(bench.db, seed.marketplaceId);
    statements = await statementTimings(bench.db, seed, opts);
  } finally {
    await bench.close();
  }
  phase = 'other';
  const c = seed.capacity;
  log(`seed ready in ${seed.seedSeconds.toFixed(1)}s: ${seed.listings} listings, ${seed.authors.length} authors, ${seed.imageIds.length} images; ${c.bookedListings} listings with ${c.bookings} bookings, ${c.exceptions} exceptions (epoch ${c.epoch.slice(0, 10)})`);
  for (const t of statements) {
    log(`statement ${t.name}: database CPU ${t.cpuMs.toFixed(1)} ms per search; EXPLAIN ANALYZE median ${t.executionMs.toFixed(2)} ms (min ${t.minMs.toFixed(2)}): ${t.summary}`);
  }
  log(`load average before the runs: ${loadAtStart.map((n) => n.toFixed(2)).join(', ')}`);

  // Writers last: their rows must not change what the readers see.
  const list = allScenarios(seed)
    .filter((s) => opts.only.includes(s.name))
    .sort((a, b) => Number(a.writes) - Number(b.writes));
  const { bazaar, baseline } = await measureAll(opts, seed, list);
  const loadAtEnd = loadavg();
  log(`load average after the runs: ${loadAtEnd.map((n) => n.toFixed(2)).join(', ')}`);

  const skipped: Outcome = { status: 'skipped', reason: '--no-baseline' };
  const missing: Outcome = { status: 'skipped', reason: 'not run' };
  const results: ScenarioResult[] = list.map((s) => ({
    name: s.name,
    title: s.title,
    target: s.target,
    bazaar: bazaar.get(s.name) ?? missing,
    baseline: opts.skipBaseline ? skipped : (baseline.get(s.name) ?? missing),
  }));
  const info: RunInfo = {
    date: started.toISOString(),
    // Results get committed: never the database credentials.
    options: { ...opts, databaseUrl: opts.databaseUrl && redactUrl(opts.databaseUrl) },
    database: opts.db === 'postgres' ? `PostgreSQL server (${bench.version})` : `PGlite (${bench.version})`,
    seed: { listings: seed.listings, seededNow: seed.seededNow, seedSeconds: seed.seedSeconds, searchSchemas: seed.searchSchemas, capacity: seed.capacity },
    statements: statements.map(({ plan: _plan, ...t }) => t),
    load: { start: loadAtStart, end: loadAtEnd },
    machine: machineInfo(),
  };
  const markdown = markdownReport(info, results);
  mkdirSync(opts.resultsDir, { recursive: true });
  const base = join(opts.resultsDir, `${stamp(started)}-${opts.db}-${opts.listings}`);
  writeFileSync(`${base}.md`, markdown);
  const plans = Object.fromEntries(statements.map((t) => [t.name, t.plan]));
  writeFileSync(`${base}.json`, `${JSON.stringify({ info, results, plans }, null, 2)}\n`);
  await writeChartPng(`${base}.png`, `Bazaar vs bare baseline — ${opts.db}, ${opts.listings.toLocaleString('en-US')} listings, ${opts.connections} connections`, results);
  console.log(`\n${markdown}`);
  log(`wrote ${base}.md, .png and .json`);
  const dirty = results.some((r) => [r.bazaar, r.baseline].some((o) => o.status === 'measured' && isDirty(o.measurement)));
  if (dirty) {
    console.error('\n[bench] !!! SOME REQUESTS FAILED: the figures above are not valid (see the statuses column and the server logs in', join(opts.workDir, 'logs'), ')');
    return 1;
  }
  return 0;
}

/** Aborted by the first signal while seeding: the load stops after its batch and restores indexes. */
const seeding = new AbortController();
let phase: 'seeding' | 'other' = 'seeding';
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (phase === 'seeding' && !seeding.signal.aborted) {
      seeding.abort();
      log(`${signal}: stopping the seed after this batch and rebuilding any dropped index (again to quit at once)`);
      return;
    }
    killAllChildren();
    process.exit(130);
  });
}
try {
  process.exitCode = await main();
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  killAllChildren();
}
