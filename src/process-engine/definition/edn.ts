// The boundary to the untyped `edn-data` parser: its output (`unknown`) is narrowed with type guards
// into our own EdnValue union, so keywords, symbols and strings stay distinguishable and map keys
// keep their order and duplicates (the validator reports duplicates instead of losing them).
import { parseEDNString } from 'edn-data';

/** An EDN keyword; `name` is written without the colon (`:transition/accept` → `transition/accept`). */
export interface EdnKeyword {
  readonly type: 'keyword';
  readonly name: string;
}

/** An EDN map, entries in source order (duplicates kept). */
export interface EdnMap {
  readonly type: 'map';
  readonly entries: readonly (readonly [EdnValue, EdnValue])[];
}

/** Any other EDN collection or atom that is not a JSON-like primitive. */
export type EdnOther =
  | { readonly type: 'symbol'; readonly name: string }
  | { readonly type: 'char'; readonly char: string }
  | { readonly type: 'list'; readonly items: readonly EdnValue[] }
  | { readonly type: 'set'; readonly items: readonly EdnValue[] }
  | { readonly type: 'tagged'; readonly tag: string; readonly value: EdnValue };

/** An EDN value: vectors are arrays; `nil` is null; `#inst` is a Date; `10N` a bigint; `0.1M` a number. */
export type EdnValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Date
  | EdnKeyword
  | EdnMap
  | EdnOther
  | readonly EdnValue[];

/** Thrown when a text is not a single readable EDN value. */
export class EdnSyntaxError extends Error {
  override readonly name = 'EdnSyntaxError';
}

// Every rich type stays an object ({key}, {sym}, {map: [[k, v]…]}…) so nothing is conflated with strings.
const PARSE_OPTIONS: Parameters<typeof parseEDNString>[1] = {
  mapAs: 'doubleArray',
  setAs: 'object',
  listAs: 'object',
  keywordAs: 'object',
  symbolAs: 'object',
  charAs: 'object',
};

/** Reads exactly one EDN value from `text`; throws EdnSyntaxError otherwise. */
export function readEdn(text: string): EdnValue {
  // edn-data returns null for truncated input and silently ignores trailing forms; reading the text
  // inside a vector (newline first, so a trailing `;` comment cannot swallow the bracket) exposes both.
  let raw: unknown;
  try {
    raw = parseEDNString(`[${text}\n]`, PARSE_OPTIONS);
  } catch (err) {
    throw new EdnSyntaxError(`invalid EDN: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!Array.isArray(raw))
    throw new EdnSyntaxError('invalid EDN: unbalanced brackets or unterminated string');
  const forms = raw.map(toEdnValue);
  if (forms.length !== 1) {
    throw new EdnSyntaxError(`expected exactly one EDN value, found ${forms.length}`);
  }
  const [only] = forms;
  if (only === undefined) throw new EdnSyntaxError('expected exactly one EDN value');
  return only;
}

function toEdnValue(raw: unknown): EdnValue {
  if (raw === null || typeof raw === 'boolean' || typeof raw === 'number') return raw;
  if (typeof raw === 'bigint' || typeof raw === 'string') return raw;
  if (raw instanceof Date) return raw;
  if (Array.isArray(raw)) return raw.map(toEdnValue);
  if (typeof raw !== 'object')
    throw new EdnSyntaxError(`unsupported EDN value of type ${typeof raw}`);
  if ('key' in raw && typeof raw.key === 'string') return { type: 'keyword', name: raw.key };
  if ('sym' in raw && typeof raw.sym === 'string') return { type: 'symbol', name: raw.sym };
  if ('char' in raw && typeof raw.char === 'string') return { type: 'char', char: raw.char };
  if ('map' in raw && Array.isArray(raw.map)) {
    return { type: 'map', entries: raw.map.map(toMapEntry) };
  }
  if ('list' in raw && Array.isArray(raw.list))
    return { type: 'list', items: raw.list.map(toEdnValue) };
  if ('set' in raw && Array.isArray(raw.set))
    return { type: 'set', items: raw.set.map(toEdnValue) };
  if ('tag' in raw && typeof raw.tag === 'string' && 'val' in raw) {
    return { type: 'tagged', tag: raw.tag, value: toEdnValue(raw.val) };
  }
  throw new EdnSyntaxError('unsupported EDN value');
}

function toMapEntry(raw: unknown): readonly [EdnValue, EdnValue] {
  if (!Array.isArray(raw) || raw.length !== 2) throw new EdnSyntaxError('malformed EDN map entry');
  return [toEdnValue(raw[0]), toEdnValue(raw[1])];
}

/** True when `v` is an EDN keyword (optionally with exactly this name). */
export function isKeyword(v: EdnValue | undefined, name?: string): v is EdnKeyword {
  return (
    typeof v === 'object' &&
    v !== null &&
    !isVector(v) &&
    !(v instanceof Date) &&
    v.type === 'keyword' &&
    (name === undefined || v.name === name)
  );
}

/** True when `v` is an EDN map. */
export function isMap(v: EdnValue | undefined): v is EdnMap {
  return (
    typeof v === 'object' && v !== null && !isVector(v) && !(v instanceof Date) && v.type === 'map'
  );
}

/** True when `v` is an EDN vector. */
export function isVector(v: EdnValue | undefined): v is readonly EdnValue[] {
  return Array.isArray(v);
}

/** The keyword-keyed entries of a map, keyed by keyword name; non-keyword keys are listed apart. */
export interface KeywordMap {
  readonly values: ReadonlyMap<string, EdnValue>;
  readonly duplicateKeys: readonly string[];
  readonly nonKeywordKeys: readonly EdnValue[];
}

/** Indexes a map by its keyword keys (first occurrence wins; duplicates are reported). */
export function keywordEntries(map: EdnMap): KeywordMap {
  const values = new Map<string, EdnValue>();
  const duplicateKeys: string[] = [];
  const nonKeywordKeys: EdnValue[] = [];
  for (const [k, v] of map.entries) {
    if (!isKeyword(k)) nonKeywordKeys.push(k);
    else if (values.has(k.name)) duplicateKeys.push(k.name);
    else values.set(k.name, v);
  }
  return { values, duplicateKeys, nonKeywordKeys };
}

/** Renders an EDN value back as EDN text (for error messages and round-trip tests). */
export function formatEdn(v: EdnValue): string {
  if (v === null) return 'nil';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return `${v}N`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return `#inst ${JSON.stringify(v.toISOString())}`;
  if (isVector(v)) return `[${v.map(formatEdn).join(' ')}]`;
  switch (v.type) {
    case 'keyword':
      return `:${v.name}`;
    case 'symbol':
      return v.name;
    case 'char':
      return `\\${v.char}`;
    case 'list':
      return `(${v.items.map(formatEdn).join(' ')})`;
    case 'set':
      return `#{${v.items.map(formatEdn).join(' ')}}`;
    case 'tagged':
      return `#${v.tag} ${formatEdn(v.value)}`;
    case 'map':
      return `{${v.entries.map(([k, val]) => `${formatEdn(k)} ${formatEdn(val)}`).join(', ')}}`;
  }
}

/** formatEdn cut to `max` characters, for quoting user input in error messages. */
export function ednPreview(v: EdnValue, max = 80): string {
  const text = formatEdn(v);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
