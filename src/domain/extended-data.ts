/**
 * Extended data (`publicData`, `protectedData`, `privateData`, `metadata`), the same rules for every
 * resource that carries it (catalogue §1.8): any JSON map, merged at the top level on update
 * (`null` removes a key), each object at most 50 KB of JSON. Invalid input is a 400 naming the path.
 */
import { badRequest, type DomainError } from './errors.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type ExtendedData = { [key: string]: JsonValue };

export const MAX_EXTENDED_DATA_BYTES = 50 * 1024;

type Path = (string | number)[];
const invalid = (path: Path, message: string): DomainError => badRequest('validation-invalid-value', message, { type: 'body', path });

/** Sets a key as an own property, so `__proto__` in user data stays an ordinary key. */
const setOwn = (target: ExtendedData, key: string, value: JsonValue): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
};

/** Converts a parsed JSON value to JsonValue; anything else is a 400. */
export function toJsonValue(value: unknown, path: Path): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(path, `${path.join('.')} must be JSON.`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item: unknown, i) => toJsonValue(item, [...path, i]));
  if (typeof value === 'object') {
    const out: ExtendedData = {};
    for (const [key, item] of Object.entries(value)) setOwn(out, key, toJsonValue(item, [...path, key]));
    return out;
  }
  throw invalid(path, `${path.join('.')} must be JSON.`);
}

/** An extended-data object from stored or sent JSON; not a map → 400. */
export function toExtendedData(value: unknown, path: Path): ExtendedData {
  const json = toJsonValue(value ?? {}, path);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalid(path, `${path.join('.')} must be a map.`);
  return json;
}

/** Top-level merge: keys set to null are removed, others replaced wholesale (catalogue §1.8). */
export function mergeExtendedData(current: ExtendedData, patch: ExtendedData): ExtendedData {
  const out: ExtendedData = {};
  for (const [key, value] of Object.entries(current)) if (!Object.hasOwn(patch, key)) setOwn(out, key, value);
  for (const [key, value] of Object.entries(patch)) if (value !== null) setOwn(out, key, value);
  return out;
}

/** Throws bad-request `validation-invalid-value` when the object is over 50 KB of JSON. */
export function assertExtendedDataSize(data: ExtendedData, name: string): void {
  const bytes = Buffer.byteLength(JSON.stringify(data), 'utf8');
  if (bytes > MAX_EXTENDED_DATA_BYTES) {
    throw invalid([name], `${name} is ${bytes} bytes of JSON; the limit is ${MAX_EXTENDED_DATA_BYTES} bytes.`);
  }
}
