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
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { IncomingHttpHeaders } from 'node:http';
import { sql } from 'kysely';
import { decodeTransitBody } from '../src/http/wire/index.ts';
import { DEFAULT_SEARCH_LANGUAGE, explainListingSearch, listingSearchVector } from '../src/domain/listings/index.ts';
import { writeChartPng } from './chart.ts';
import { dataDirOf, openBenchDb } from './database.ts';
import { measure, type LoadRequest } from './load.ts';
import { USAGE, UsageError, parseOptions, type BenchOptions } from './options.ts';
import { isDirty, machineInfo, markdownReport, type Outcome, type RunInfo, type ScenarioResult } from './report.ts';
import { SEARCH, scenarios as allScenarios, type Scenario } from './scenarios.ts';
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

/** EXPLAIN of the search scenario's statement, through the listings module's own explain. */
async function searchPlan(db: BenchDbHandle, marketplaceId: string): Promise<{ summary: string; plan: unknown }> {
  const plan = await explainListingSearch(db, {
    marketplaceId,
    audience: { kind: 'public' },
    keywords: SEARCH.keywords,
    bounds: SEARCH.bounds,
    price: SEARCH.price,
    extendedData: { ...SEARCH.extendedData },
    page: 1,
    perPage: 20,
  });
  return { summary: planSummary(plan), plan };
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
    return { ok: false, reason: `HTTP ${res.status}${code ? ` ${code}` : ''}` };
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

  const bench = await openBenchDb(opts);
  let seed: SeedResult;
  let plan: { summary: string; plan: unknown };
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
    plan = await searchPlan(bench.db, seed.marketplaceId);
  } finally {
    await bench.close();
  }
  phase = 'other';
  log(`search plan: ${plan.summary}`);
  log(`seed ready in ${seed.seedSeconds.toFixed(1)}s: ${seed.listings} listings, ${seed.authors.length} authors, ${seed.imageIds.length} images`);

  // Writers last: their rows must not change what the readers see.
  const list = allScenarios(seed)
    .filter((s) => opts.only.includes(s.name))
    .sort((a, b) => Number(a.writes) - Number(b.writes));
  const { bazaar, baseline } = await measureAll(opts, seed, list);

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
    seed: { listings: seed.listings, seededNow: seed.seededNow, seedSeconds: seed.seedSeconds, searchSchemas: seed.searchSchemas },
    searchPlan: plan.summary,
    machine: machineInfo(),
  };
  const markdown = markdownReport(info, results);
  mkdirSync(opts.resultsDir, { recursive: true });
  const base = join(opts.resultsDir, `${stamp(started)}-${opts.db}-${opts.listings}`);
  writeFileSync(`${base}.md`, markdown);
  writeFileSync(`${base}.json`, `${JSON.stringify({ info, results, searchPlan: plan.plan }, null, 2)}\n`);
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
