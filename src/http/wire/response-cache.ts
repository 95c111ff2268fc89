/**
 * Encoded response bodies kept in memory by a key that names the answer completely (a listing's
 * capacity revision, the query, the client's format), least recently used first out, within a
 * byte budget. A key must change whenever the answer would: the cache never checks freshness
 * itself. Concurrent misses on one key share a single build; a failed build is not kept.
 */

/** An encoded response body and its content type. */
export interface EncodedBody {
  contentType: string;
  body: Buffer;
}

/**
 * What an entry costs in memory, roughly: its body, its key (UTF-16) and the bookkeeping (map
 * entry, objects, Buffer header), so many small answers cannot hold far more than the budget.
 */
const ENTRY_OVERHEAD_BYTES = 256;
const sizeOf = (key: string, body: EncodedBody): number => body.body.length + 2 * key.length + ENTRY_OVERHEAD_BYTES;

export class ResponseCache {
  private readonly entries = new Map<string, EncodedBody>();
  private readonly building = new Map<string, Promise<EncodedBody>>();
  private bytes = 0;

  /** `maxBytes`: the entries' total size (see sizeOf) kept at most; one over a quarter of it is not kept. */
  constructor(private readonly maxBytes: number) {}

  /** The cached body of `key`, or the one `build` makes (then kept). */
  async get(key: string, build: () => Promise<EncodedBody>): Promise<EncodedBody> {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Most recently used last: Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const pending = this.building.get(key);
    if (pending !== undefined) return pending;
    const made = build().then(
      (body) => {
        this.building.delete(key);
        this.keep(key, body);
        return body;
      },
      (error: unknown) => {
        this.building.delete(key);
        throw error;
      },
    );
    this.building.set(key, made);
    return made;
  }

  /** Bodies kept and their total size. */
  stats(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private keep(key: string, body: EncodedBody): void {
    const size = sizeOf(key, body);
    if (size > this.maxBytes / 4) return;
    this.entries.set(key, body);
    this.bytes += size;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.bytes -= sizeOf(oldKey, old);
    }
  }
}
