/**
 * Transit JSON codec on top of `transit-js`: reads SDK request bodies (verbose or not, with write
 * cache) into plain JSON, and writes responses the SDK decodes into its own types (catalogue 1.4).
 */
import transit from 'transit-js';
import { DomainError } from '../../domain/errors.ts';
import { Decimal, Keyword, LatLng, Money, Uuid, type WireValue } from '../../lib/values.ts';
import { setOwn, type JsonValue } from './json.ts';

/** Thrown inside read handlers; turned into a 400 by `decodeTransitBody`. */
class MalformedTransit extends Error {}

const fail = (reason: string): never => {
  throw new MalformedTransit(reason);
};

const asString = (tag: string, rep: unknown): string =>
  typeof rep === 'string' ? rep : fail(`tag ${tag} needs a string representation`);

/** Integers beyond 2^53 stay exact as strings. */
const integerFromDigits = (digits: string): number | string => {
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : digits;
};

const isoFromEpochMillis = (rep: string): string => {
  const date = /^-?\d+$/.test(rep) ? new Date(Number(rep)) : null;
  if (!date || Number.isNaN(date.getTime())) return fail('invalid ~m instant');
  return date.toISOString();
};

const isoFromIso = (rep: string): string => {
  const date = new Date(rep);
  if (Number.isNaN(date.getTime())) return fail('invalid ~t instant');
  return date.toISOString();
};

const stringifyKey = (key: unknown): string => {
  if (typeof key === 'string') return key;
  if (typeof key === 'number' || typeof key === 'boolean' || key === null) return String(key);
  return JSON.stringify(toJson(key));
};

const pairsToObject = (pairs: unknown): Record<string, unknown> => {
  if (!Array.isArray(pairs) || pairs.length % 2 !== 0)
    return fail('cmap needs an even-length array');
  const out: Record<string, unknown> = {};
  for (let i = 0; i < pairs.length; i += 2) setOwn(out, stringifyKey(pairs[i]), pairs[i + 1]);
  return out;
};

// Each handler receives the tag's representation already decoded and returns plain JSON.
const readHandlers: Record<string, transit.ReadHandler> = {
  ':': (rep) => asString(':', rep),
  $: (rep) => asString('$', rep),
  u: (rep) => asString('u', rep),
  f: (rep) => asString('f', rep),
  r: (rep) => asString('r', rep),
  c: (rep) => asString('c', rep),
  n: (rep) => integerFromDigits(asString('n', rep)),
  m: (rep) => isoFromEpochMillis(typeof rep === 'number' ? String(rep) : asString('m', rep)),
  t: (rep) => isoFromIso(asString('t', rep)),
  z: () => fail('NaN and infinities are not valid JSON'),
  set: (rep) => (Array.isArray(rep) ? rep : fail('set needs an array')),
  list: (rep) => (Array.isArray(rep) ? rep : fail('list needs an array')),
  cmap: pairsToObject,
  mn: (rep) =>
    Array.isArray(rep) &&
    rep.length === 2 &&
    typeof rep[0] === 'number' &&
    typeof rep[1] === 'string'
      ? { amount: rep[0], currency: rep[1] }
      : fail('money needs [amount, currency]'),
  geo: (rep) =>
    Array.isArray(rep) &&
    rep.length === 2 &&
    typeof rep[0] === 'number' &&
    typeof rep[1] === 'number'
      ? { lat: rep[0], lng: rep[1] }
      : fail('geo needs [lat, lng]'),
};

const objectBuilder: transit.MapBuilder<Record<string, unknown>> = {
  init: () => ({}),
  add: (map, key, value) => {
    setOwn(map, stringifyKey(key), value);
    return map;
  },
  finalize: (map) => map,
};

const readerOptions: transit.ReaderOptions<Record<string, unknown>> = {
  handlers: readHandlers,
  defaultHandler: (tag) => fail(`unknown tag ${tag}`),
  mapBuilder: objectBuilder,
};

const isPlainRecord = (value: object): value is Record<string, unknown> => {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** Narrows what the reader produced to JSON; transit Longs become numbers or exact strings. */
const toJson = (value: unknown): JsonValue => {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : fail('non-finite number');
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
    if (transit.isInteger(value)) return integerFromDigits(String(value));
    if (isPlainRecord(value)) {
      const out: { [key: string]: JsonValue } = {};
      for (const [key, item] of Object.entries(value)) setOwn(out, key, toJson(item));
      return out;
    }
  }
  return fail('unsupported value');
};

/** Decodes a transit JSON document (verbose or not) to plain JSON; malformed input throws a 400. */
export const decodeTransitBody = (text: string): JsonValue => {
  try {
    // A fresh reader per document: transit-js keeps its read cache between reads, so a shared
    // reader would resolve an out-of-range `^N` to a key from an earlier (other client's) body.
    return toJson(transit.reader('json', readerOptions).read(text));
  } catch (err) {
    const reason = err instanceof MalformedTransit ? `: ${err.message}` : '';
    throw new DomainError('bad-request', 'bad-request', `Malformed transit body${reason}.`, {
      source: { type: 'body', path: [] },
    });
  }
};

const entriesToKeywordMap = (value: { [key: string]: WireValue }): transit.TransitMap => {
  const flat: unknown[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) flat.push(transit.keyword(key), item);
  }
  return transit.map(flat);
};

const mapHandler = transit.makeWriteHandler<{ [key: string]: WireValue }>({
  tag: () => 'map',
  rep: entriesToKeywordMap,
});

const handler = <T>(tag: string, rep: (value: T) => unknown, stringRep?: (value: T) => string) =>
  transit.makeWriteHandler<T>({ tag: () => tag, rep, stringRep: stringRep ?? (() => null) });

const writeHandlers = transit.map(
  [
    [
      Uuid,
      handler<Uuid>(
        'u',
        (v) => v.uuid,
        (v) => v.uuid,
      ),
    ],
    [Money, handler<Money>('mn', (v) => [v.amount, v.currency])],
    [LatLng, handler<LatLng>('geo', (v) => [v.lat, v.lng])],
    [
      Decimal,
      handler<Decimal>(
        'f',
        (v) => v.value,
        (v) => v.value,
      ),
    ],
    [
      Keyword,
      handler<Keyword>(
        ':',
        (v) => v.name,
        (v) => v.name,
      ),
    ],
    // `~t` in both modes: the catalogue recommends it and the SDK reads `~t` and `~m` alike.
    [
      Date,
      handler<Date>(
        't',
        (v) => v.toISOString(),
        (v) => v.toISOString(),
      ),
    ],
    [Object, mapHandler],
  ].flat(),
);

const writerOptions: transit.WriterOptions = {
  handlers: writeHandlers,
  // Objects without a prototype have no constructor to look a handler up by.
  handlerForForeign: (value) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? mapHandler : null,
};
/** Encodes with transit-js itself (the reference for `writeCompactTransit`; verbose responses). */
export const encodeTransitWithTransitJs = (value: WireValue, verbose: boolean): string =>
  // A fresh writer per document: a write that throws would leave a shared writer's cache dirty.
  // Fresh options too: transit-js sets `verbose` on the options object it is given, which made
  // every response after the first verbose one verbose as well.
  transit.writer(verbose ? 'json-verbose' : 'json', { ...writerOptions }).write(value);

/** A value `writeCompactTransit` leaves to transit-js (it then throws or writes as transit-js does). */
class NotCompactWritable extends Error {}

// transit-js's write cache (caching.js): codes `^0`…`^~`, then two digits; 44 × 44 entries, then
// it starts over. A string is cached when longer than 3 characters and a map key, a keyword
// (`~:…`) or a tag (`~#…`); its first occurrence is written whole, later ones as its code.
const CACHE_DIGITS = 44;
const CACHE_BASE = 48;
const MAX_CACHE_ENTRIES = CACHE_DIGITS * CACHE_DIGITS;

const cacheCode = (idx: number): string => {
  const hi = Math.floor(idx / CACHE_DIGITS);
  const lo = String.fromCharCode((idx % CACHE_DIGITS) + CACHE_BASE);
  return hi === 0 ? `^${lo}` : `^${String.fromCharCode(hi + CACHE_BASE)}${lo}`;
};

class WriteCache {
  private readonly codes = new Map<string, string>();
  private idx = 0;

  /** `s` must be cacheable (see above): the string itself the first time, its code afterwards. */
  write(s: string): string {
    if (s.length <= 3) return s;
    if (this.idx === MAX_CACHE_ENTRIES) {
      // transit-js bumps a generation: every older entry counts as unseen again.
      this.codes.clear();
      this.idx = 0;
    }
    const code = this.codes.get(s);
    if (code !== undefined) return code;
    this.codes.set(s, cacheCode(this.idx++));
    return s;
  }
}

/** transit-js escapes strings starting with `~`, `^` or a backtick. */
const escapeString = (s: string): string => {
  const c = s.charCodeAt(0);
  return c === 0x7e || c === 0x5e || c === 0x60 ? `~${s}` : s;
};

const numberRep = (n: number): number | string =>
  Number.isNaN(n) ? '~zNaN' : n === Infinity ? '~zINF' : n === -Infinity ? '~z-INF' : n;

/** One value in transit-js's non-verbose form, as the JSON structure it stringifies. */
const compact = (value: unknown, cache: WriteCache): unknown => {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
      return escapeString(value);
    case 'number':
      return numberRep(value);
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      throw new NotCompactWritable();
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const map = value as Record<string, unknown>;
    const out: unknown[] = ['^ '];
    for (const key of Object.keys(map)) {
      const item = map[key];
      if (item === undefined) continue;
      out.push(cache.write(`~:${key}`), compact(item, cache));
    }
    return out;
  }
  if (proto === Array.prototype) {
    const items = value as unknown[];
    const out = new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) out[i] = compact(items[i], cache);
    return out;
  }
  const ctor: unknown = (value as { constructor?: unknown }).constructor;
  if (ctor === Uuid) return `~u${(value as Uuid).uuid}`;
  if (ctor === Keyword) return cache.write(`~:${(value as Keyword).name}`);
  if (ctor === Date) return `~t${(value as Date).toISOString()}`;
  if (ctor === Decimal) return `~f${(value as Decimal).value}`;
  if (ctor === Money) {
    const money = value as Money;
    return [cache.write('~#mn'), [compact(money.amount, cache), compact(money.currency, cache)]];
  }
  if (ctor === LatLng) {
    const at = value as LatLng;
    return [cache.write('~#geo'), [compact(at.lat, cache), compact(at.lng, cache)]];
  }
  throw new NotCompactWritable();
};

/** Values transit-js writes quoted at the top level (`["~#'", v]`): those with one-letter tags. */
const isQuotedAtTop = (value: unknown): boolean =>
  value === null ||
  typeof value !== 'object' ||
  value instanceof Uuid ||
  value instanceof Keyword ||
  value instanceof Date ||
  value instanceof Decimal;

/**
 * The non-verbose transit JSON of `value`, written without transit-js's generic machinery
 * (handler lookups, an intermediate TransitMap per object, closures per entry): responses are
 * documents of dozens of resources, and transit-js took ~1 ms of CPU per `listings/query` page.
 * Same rules as transit-js (escapes, write cache, tags, top-level quoting): the output reads back
 * to the same value with any transit reader, and is byte-identical to transit-js's except that
 * transit-js writes maps of more than 32 keys in hash order (this keeps insertion order). Values
 * it does not know are left to transit-js (see `encodeTransit`).
 */
export const writeCompactTransit = (value: WireValue): string => {
  const cache = new WriteCache();
  const body = compact(value, cache);
  return JSON.stringify(isQuotedAtTop(value) ? ["~#'", body] : body);
};

/** Encodes a wire value as transit JSON with keyword map keys; `verbose` selects the verbose form. */
export const encodeTransit = (value: WireValue, verbose: boolean): string => {
  if (!verbose) {
    try {
      return writeCompactTransit(value);
    } catch (err) {
      if (!(err instanceof NotCompactWritable)) throw err;
    }
  }
  return encodeTransitWithTransitJs(value, verbose);
};
