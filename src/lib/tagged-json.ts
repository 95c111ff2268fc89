/**
 * A small, collision-free JSON encoding of wire values, for storing snapshots (event resources,
 * previous values) in JSONB without losing their wire types.
 *
 * Typed values become one-key objects whose key starts with `~`:
 *   Uuid → {"~u": "…"}, Money → {"~mn": [amount, "CUR"]}, LatLng → {"~geo": [lat, lng]},
 *   Decimal → {"~f": "…"}, Keyword → {"~:": "name"}, Date → {"~t": "<ISO-8601>"}.
 * Plain strings, numbers, booleans, null and arrays are stored as themselves. A user map key that
 * starts with `~` is escaped by doubling the tilde (`~x` → `~~x`), so no user map can ever look like
 * a tag: every stored map key beginning with a single `~` is a tag, every other key is data.
 */
import { Decimal, Keyword, LatLng, Money, Uuid, type WireValue } from './values.ts';

type Tagged = null | boolean | number | string | Tagged[] | { [key: string]: Tagged };

/** Thrown by fromTaggedJson for input that toTaggedJson could not have produced. */
export class TaggedJsonError extends Error {}

const escapeKey = (key: string): string => (key.startsWith('~') ? `~${key}` : key);

/** Own-property assignment that also works for `__proto__`. */
const put = <T>(obj: Record<string, T>, key: string, value: T): void => {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
};

/** Encodes a wire value as plain JSON data with tagged typed values. */
export function toTaggedJson(value: WireValue): unknown {
  return encode(value);
}

function encode(value: WireValue): Tagged {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TaggedJsonError('non-finite number');
    return value;
  }
  if (Array.isArray(value)) return value.map(encode);
  if (value instanceof Date) return { '~t': value.toISOString() };
  if (value instanceof Uuid) return { '~u': value.uuid };
  if (value instanceof Money) return { '~mn': [value.amount, value.currency] };
  if (value instanceof LatLng) return { '~geo': [value.lat, value.lng] };
  if (value instanceof Decimal) return { '~f': value.value };
  if (value instanceof Keyword) return { '~:': value.name };
  const out: { [key: string]: Tagged } = {};
  for (const [key, item] of Object.entries(value)) {
    // Optional properties may be present-but-undefined at runtime despite the type.
    if (item !== undefined) put(out, escapeKey(key), encode(item));
  }
  return out;
}

const fail = (reason: string): never => {
  throw new TaggedJsonError(reason);
};

const str = (tag: string, rep: unknown): string => (typeof rep === 'string' ? rep : fail(`${tag} needs a string`));

const pair = (tag: string, rep: unknown): [unknown, unknown] =>
  Array.isArray(rep) && rep.length === 2 ? [rep[0], rep[1]] : fail(`${tag} needs a pair`);

const num = (tag: string, v: unknown): number => (typeof v === 'number' ? v : fail(`${tag} needs numbers`));

function decodeTag(tag: string, rep: unknown): WireValue {
  switch (tag) {
    case '~u':
      return new Uuid(str(tag, rep));
    case '~f':
      return new Decimal(str(tag, rep));
    case '~:':
      return new Keyword(str(tag, rep));
    case '~t': {
      const date = new Date(str(tag, rep));
      return Number.isNaN(date.getTime()) ? fail('invalid ~t instant') : date;
    }
    case '~mn': {
      const [amount, currency] = pair(tag, rep);
      return new Money(num(tag, amount), str(tag, currency));
    }
    case '~geo': {
      const [lat, lng] = pair(tag, rep);
      return new LatLng(num(tag, lat), num(tag, lng));
    }
    default:
      return fail(`unknown tag ${tag}`);
  }
}

/** Decodes what toTaggedJson produced back to wire values; throws TaggedJsonError on foreign input. */
export function fromTaggedJson(json: unknown): WireValue {
  if (json === null || typeof json === 'string' || typeof json === 'boolean') return json;
  if (typeof json === 'number') return Number.isFinite(json) ? json : fail('non-finite number');
  if (Array.isArray(json)) return json.map(fromTaggedJson);
  if (typeof json !== 'object') return fail(`unsupported ${typeof json}`);
  const entries = Object.entries(json);
  const first = entries[0];
  if (first && first[0].startsWith('~') && !first[0].startsWith('~~')) {
    // A single `~` key is always a tag (user keys were escaped), and a tag stands alone.
    return entries.length === 1 ? decodeTag(first[0], first[1]) : fail('a tag must be the only key');
  }
  const out: { [key: string]: WireValue } = {};
  for (const [key, item] of entries) {
    if (key.startsWith('~') && !key.startsWith('~~')) fail('a tag must be the only key');
    put(out, key.startsWith('~') ? key.slice(1) : key, fromTaggedJson(item));
  }
  return out;
}
