/**
 * The plain-JSON wire form: what request bodies decode to and what non-SDK clients receive
 * (catalogue 1.2.4): ids as strings, Money as {amount, currency}, LatLng as {lat, lng}, decimals
 * and keywords as strings, instants as ISO-8601 strings.
 */
import { Decimal, Keyword, LatLng, Money, Uuid, type WireValue } from '../../lib/values.ts';

/** A JSON document value. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** True when `value` is a JSON object (not null, not an array). */
export const isJsonObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** True when `value` is a plain object map rather than a typed value, Date or array. */
export const isWireObject = (value: WireValue | undefined): value is { [key: string]: WireValue } =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Date) &&
  !(value instanceof Uuid) &&
  !(value instanceof Money) &&
  !(value instanceof LatLng) &&
  !(value instanceof Decimal) &&
  !(value instanceof Keyword);

/** Sets `obj[key]` as an own property even for `__proto__`, so untrusted keys cannot reach a prototype. */
export const setOwn = <T>(obj: Record<string, T>, key: string, value: T): void => {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    obj[key] = value;
  }
};

/** Converts a wire value to its plain-JSON form (object properties that are `undefined` are dropped). */
export const wireToJson = (value: WireValue): JsonValue => {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(wireToJson);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uuid) return value.uuid;
  if (value instanceof Money) return { amount: value.amount, currency: value.currency };
  if (value instanceof LatLng) return { lat: value.lat, lng: value.lng };
  if (value instanceof Decimal) return value.value;
  if (value instanceof Keyword) return value.name;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    // Optional properties may be present-but-undefined at runtime despite the type.
    if (item !== undefined) setOwn(out, key, wireToJson(item));
  }
  return out;
};

/** Encodes a wire value as a JSON string. */
export const encodeJson = (value: WireValue): string => JSON.stringify(wireToJson(value));
