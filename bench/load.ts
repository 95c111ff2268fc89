/**
 * Drives one target with autocannon: a warm-up (discarded), then the measured run. Latency
 * percentiles are computed from every response time (autocannon's own histogram has no p95), and
 * every status is counted: a non-2xx response or a socket error makes the measurement "dirty".
 */
import autocannon from 'autocannon';
import type { IncomingHttpHeaders } from 'node:http';

export interface LoadRequest {
  method: 'GET' | 'POST';
  headers: IncomingHttpHeaders;
  path(k: number): string;
  body?(k: number): string;
}

export interface Measurement {
  /** Responses received during the measured run. */
  requests: number;
  /** Responses per second (all statuses). */
  rps: number;
  /** Milliseconds. */
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Count per HTTP status. */
  statuses: Record<string, number>;
  non2xx: number;
  /** Socket errors and timeouts (no response at all). */
  errors: number;
  timeouts: number;
  seconds: number;
}

/** Response times kept per run at most (≈ 40 MB); beyond it every other sample is dropped. */
const MAX_SAMPLES = 5_000_000;

const percentile = (sorted: Float64Array, p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
};

function run(url: string, req: LoadRequest, connections: number, seconds: number, counter: { k: number }): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    let samples = new Float64Array(1 << 16);
    let n = 0;
    let stride = 1;
    let seen = 0;
    const statuses: Record<string, number> = {};
    const started = Date.now();
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        timeout: 30,
        method: req.method,
        headers: req.headers,
        requests: [
          {
            setupRequest: (r) => {
              const k = counter.k++;
              return { ...r, method: req.method, path: req.path(k), ...(req.body ? { body: req.body(k) } : {}) };
            },
          },
        ],
      },
      (err: unknown, result) => {
        if (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        const sorted = samples.slice(0, n).sort();
        const elapsed = Math.max(result.duration, (Date.now() - started) / 1000);
        const total = Object.values(statuses).reduce((a, b) => a + b, 0);
        let sum = 0;
        for (const v of sorted) sum += v;
        resolve({
          requests: total,
          rps: total / elapsed,
          mean: n > 0 ? sum / n : Number.NaN,
          p50: percentile(sorted, 50),
          p95: percentile(sorted, 95),
          p99: percentile(sorted, 99),
          max: n > 0 ? (sorted[n - 1] ?? Number.NaN) : Number.NaN,
          statuses,
          non2xx: Object.entries(statuses).reduce((a, [s, c]) => (s.startsWith('2') ? a : a + c), 0),
          errors: result.errors,
          timeouts: result.timeouts,
          seconds: elapsed,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      // Keep every stride-th sample; halve the kept set when the cap is reached (bounded memory).
      if (seen++ % stride !== 0) return;
      if (n === samples.length) {
        if (samples.length >= MAX_SAMPLES) {
          let j = 0;
          for (let i = 0; i < n; i += 2) samples[j++] = samples[i] ?? 0;
          n = j;
          stride *= 2;
        } else {
          const bigger = new Float64Array(samples.length * 2);
          bigger.set(samples);
          samples = bigger;
        }
      }
      samples[n++] = responseTime;
    });
  });
}

/** Warm-up (when `warmup` > 0, discarded) then a measured run of `duration` seconds. */
export async function measure(url: string, req: LoadRequest, opts: { connections: number; duration: number; warmup: number }): Promise<Measurement> {
  const counter = { k: 0 };
  if (opts.warmup > 0) await run(url, req, opts.connections, opts.warmup, counter);
  return run(url, req, opts.connections, opts.duration, counter);
}
