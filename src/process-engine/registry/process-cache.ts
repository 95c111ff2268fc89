// Parsed process versions, kept in memory. A version is immutable once stored (transactions bind to
// it), so an entry never goes stale; entries are keyed by marketplace id (a random UUID), name and
// version. Module state is deliberate here: it is a pure memo of database content, shared by every
// request of the process, bounded, and holds no configuration.
import type { ProcessTemplates } from '../../domain/processes/index.ts';
import type { ProcessDefinition } from '../definition/index.ts';

/** A process version ready for the engine. */
export interface LoadedProcess {
  readonly name: string;
  readonly version: number;
  readonly definition: ProcessDefinition;
  readonly templates: ProcessTemplates;
}

const MAX_ENTRIES = 500;
const entries = new Map<string, LoadedProcess>();

const cacheKey = (marketplaceId: string, name: string, version: number): string =>
  `${marketplaceId}\u0000${name}\u0000${version}`;

/** The cached version, refreshed as most recently used; undefined on a miss. */
export function cachedProcess(
  marketplaceId: string,
  name: string,
  version: number,
): LoadedProcess | undefined {
  const key = cacheKey(marketplaceId, name, version);
  const hit = entries.get(key);
  if (hit) {
    entries.delete(key);
    entries.set(key, hit);
  }
  return hit;
}

/** Remembers a loaded version, evicting the least recently used beyond the bound. */
export function cacheProcess(marketplaceId: string, loaded: LoadedProcess): void {
  entries.set(cacheKey(marketplaceId, loaded.name, loaded.version), loaded);
  while (entries.size > MAX_ENTRIES) {
    const oldest = entries.keys().next();
    if (oldest.done === true) break;
    entries.delete(oldest.value);
  }
}
