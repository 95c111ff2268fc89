/**
 * Optional rate limiting with the hosted platform's dev/test limits (catalogue 1.11), so that
 * integrations tested against Bazaar hit 429s where they would on the platform
 * (`BAZAAR_RATE_LIMIT=dev-parity`; `off` by default).
 *
 * Token buckets per (surface, client application, client IP). Sizes: the platform documents only the
 * average rates (queries 1/s, commands 1 per 2 s) "with a burst". We size each bucket to the
 * integration SDK's dev limiter *maximum* (queries 200, commands 100) and start it full: with the
 * same refill rate, a client throttled by the SDK's own dev preset (which starts at 100/50 and
 * never exceeds 200/100) can then never be refused, while a client without a limiter is cut to the
 * average rate once the burst is spent. Integration `listings/create` additionally needs a token
 * from a 100-per-minute bucket, and (in dev) also consumes the command burst.
 *
 * Why not @fastify/rate-limit: it counts fixed windows, not token buckets with bursts, and reads
 * the wall clock; these buckets use the app's Clock so tests drive them with a FakeClock.
 *
 * Buckets are in memory, per process: with N API processes behind a load balancer a client gets up
 * to N times the limit. That is acceptable for a development-parity feature; a shared limiter
 * (PostgreSQL or Redis) would be needed for exact limits across processes.
 *
 * The hook runs after authentication (to key on the principal's client id), so requests rejected
 * with 401/403 consume no tokens.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { RateLimitMode } from '../../config.ts';
import './request-context.ts';

/** A bucket's shape: `capacity` tokens, refilled at `refillPerSecond`. */
export interface BucketSpec {
  name: string;
  capacity: number;
  refillPerSecond: number;
}

/** Dev-parity bucket specs (see the module comment). */
export const DEV_PARITY_BUCKETS = {
  query: { name: 'query', capacity: 200, refillPerSecond: 1 },
  command: { name: 'command', capacity: 100, refillPerSecond: 0.5 },
  listingsCreate: { name: 'listings-create', capacity: 100, refillPerSecond: 100 / 60 },
} satisfies Record<string, BucketSpec>;

interface BucketState {
  tokens: number;
  /** Epoch ms of the last refill. */
  at: number;
  spec: BucketSpec;
}

/** Outcome of `take`: allowed, or refused with the wait until every needed bucket has a token. */
export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

/** In-memory token buckets on an injectable clock. */
export class TokenBuckets {
  private readonly buckets = new Map<string, BucketState>();
  private takesSinceSweep = 0;

  constructor(private readonly clock: Clock) {}

  /** Takes one token from each named bucket, all or nothing. */
  take(key: string, specs: BucketSpec[]): TakeResult {
    const now = this.clock.now().getTime();
    if (++this.takesSinceSweep >= 1000) this.sweep(now);
    const states = specs.map((spec) => this.refilled(`${key}|${spec.name}`, spec, now));
    const waits = states.map((s) => (s.tokens >= 1 ? 0 : ((1 - s.tokens) / s.spec.refillPerSecond) * 1000));
    const retryAfterMs = Math.max(0, ...waits);
    if (retryAfterMs > 0) return { ok: false, retryAfterMs };
    for (const s of states) s.tokens -= 1;
    return { ok: true };
  }

  private refilled(id: string, spec: BucketSpec, now: number): BucketState {
    let state = this.buckets.get(id);
    if (!state) {
      state = { tokens: spec.capacity, at: now, spec };
      this.buckets.set(id, state);
      return state;
    }
    const elapsed = Math.max(0, now - state.at);
    state.tokens = Math.min(spec.capacity, state.tokens + (elapsed / 1000) * spec.refillPerSecond);
    state.at = now;
    return state;
  }

  /** Forgets buckets that have refilled completely: a missing bucket starts full, so it is the same. */
  private sweep(now: number): void {
    this.takesSinceSweep = 0;
    for (const [id, s] of this.buckets) {
      if (s.tokens + ((now - s.at) / 1000) * s.spec.refillPerSecond >= s.spec.capacity) this.buckets.delete(id);
    }
  }
}

export type RateLimitedSurface = 'marketplace' | 'integration';

/** The buckets a request draws from, by method and route. */
export const bucketsFor = (surface: RateLimitedSurface, method: string, routeUrl: string | undefined): BucketSpec[] => {
  if (method === 'GET' || method === 'HEAD') return [DEV_PARITY_BUCKETS.query];
  if (method !== 'POST') return [];
  if (surface === 'integration' && routeUrl?.endsWith('/listings/create')) {
    return [DEV_PARITY_BUCKETS.listingsCreate, DEV_PARITY_BUCKETS.command];
  }
  return [DEV_PARITY_BUCKETS.command];
};

const clientIdOf = (request: FastifyRequest): string => request.principal?.clientId ?? '-';

/**
 * Adds the rate-limit hook to the surface's scope (a no-op when `mode` is off). Add it after the
 * surface's authenticate hook. Refusals are DomainErrors (kind rate-limited, code
 * too-many-requests) rendered by the surface's error handler, with a `Retry-After` header.
 */
export function addRateLimit(
  app: FastifyInstance,
  opts: { mode: RateLimitMode; clock: Clock; surface: RateLimitedSurface },
): void {
  if (opts.mode === 'off') return;
  const buckets = new TokenBuckets(opts.clock);
  app.addHook('onRequest', async (request, reply) => {
    const specs = bucketsFor(opts.surface, request.method, request.routeOptions.url);
    if (specs.length === 0) return;
    const result = buckets.take(`${opts.surface}|${clientIdOf(request)}|${request.ip}`, specs);
    if (result.ok) return;
    reply.header('retry-after', String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))));
    throw new DomainError('rate-limited', 'too-many-requests', 'Too many requests: rate limit exceeded, retry later.');
  });
}
