import { randomBytes, randomUUID } from 'node:crypto';

/** A random UUID v4. */
export const newId = (): string => randomUUID();

/** A URL-safe random secret with `bytes` bytes of entropy. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID_RE.test(s);

/** The valid UUIDs among `ids`, lower-cased and deduplicated (for `id in (…)` lookups). */
export const uniqueUuids = (ids: readonly string[]): string[] => [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
