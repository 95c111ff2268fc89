/**
 * Remote JWKS key sets, one per URL for the life of the process, so every ID token does not fetch
 * the IdP's keys. jose's remote set does the caching: keys are kept `cacheMaxAge`, and a token
 * with an unknown `kid` triggers at most one refetch per `cooldownDuration` (key rotation without
 * letting forged kids hammer the IdP).
 */
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

export interface JwksCacheOptions {
  /** Milliseconds between refetches triggered by unknown kids (jose default 30 s). */
  cooldownDuration?: number;
  /** Milliseconds a fetched key set is used before refetching (jose default 10 min). */
  cacheMaxAge?: number;
  /** Milliseconds to wait for the JWKS response (jose default 5 s). */
  timeoutDuration?: number;
  /** How many URLs to keep; the least recently used is dropped beyond it. */
  maxEntries?: number;
}

/** A per-process cache of remote key sets by URL. */
export class JwksCache {
  private readonly sets = new Map<string, JWTVerifyGetKey>();
  private readonly options: JwksCacheOptions;

  constructor(options: JwksCacheOptions = {}) {
    this.options = options;
  }

  /** The key resolver for a JWKS URL, created on first use. */
  keySet(url: string): JWTVerifyGetKey {
    const found = this.sets.get(url);
    if (found) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.sets.delete(url);
      this.sets.set(url, found);
      return found;
    }
    const { maxEntries = 100, ...jose } = this.options;
    const created = createRemoteJWKSet(new URL(url), jose);
    this.sets.set(url, created);
    if (this.sets.size > maxEntries) {
      const oldest = this.sets.keys().next();
      if (!oldest.done) this.sets.delete(oldest.value);
    }
    return created;
  }
}
