// ICU MessageFormat, the subset Sharetribe email texts use (`t` and `format-text` helpers,
// domain.md §10.2): `{name}`, `{n, number[, ::skeleton | integer | percent]}`,
// `{d, date|time[, ::skeleton | short | medium | long | full]}`, `{n, plural, …}` with `=n` and `#`,
// `{n, selectordinal, …}`, `{v, select, …}`, apostrophe quoting, and rich-text tags
// `<name>…</name>` whose value is supplied as an argument. Numbers and dates are formatted with the
// platform's Intl (ICU) data, so `{amount,number,::.00}` gives "1,234.50" in en-US.

/** A parsed message. */
type Node =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'arg'; readonly name: string }
  | { readonly kind: 'number'; readonly name: string; readonly style: string }
  | { readonly kind: 'date' | 'time'; readonly name: string; readonly style: string }
  | {
      readonly kind: 'plural';
      readonly name: string;
      readonly ordinal: boolean;
      readonly offset: number;
      readonly options: ReadonlyMap<string, readonly Node[]>;
    }
  | {
      readonly kind: 'select';
      readonly name: string;
      readonly options: ReadonlyMap<string, readonly Node[]>;
    }
  | { readonly kind: 'pound' }
  | { readonly kind: 'tag'; readonly name: string; readonly children: readonly Node[] };

/** A message that is not valid ICU MessageFormat. */
export class IcuSyntaxError extends Error {
  override readonly name = 'IcuSyntaxError';
}

const TAG_NAME_RE = /^<([A-Za-z0-9_-]+)>/;
const CLOSE_TAG_RE = /^<\/([A-Za-z0-9_-]+)>/;
const NAME_RE = /^[^\s{},#<>'=]+/;

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Node[] {
    const nodes = this.message(false, undefined, false);
    if (this.i < this.src.length) this.fail(`unexpected "${this.src[this.i]}"`);
    return nodes;
  }

  private fail(message: string): never {
    throw new IcuSyntaxError(`${message} at ${this.i} in message ${JSON.stringify(this.src)}`);
  }

  /** Text and placeholders until the end, a `}` closing an option, or `</tag>`. */
  private message(inOption: boolean, tag: string | undefined, inPlural: boolean): Node[] {
    const nodes: Node[] = [];
    let text = '';
    const flush = (): void => {
      if (text !== '') nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (this.i < this.src.length) {
      const ch = this.src[this.i];
      const rest = this.src.slice(this.i);
      if (ch === '}') {
        if (!inOption) this.fail('unbalanced "}"');
        break;
      }
      if (ch === '{') {
        flush();
        nodes.push(this.argument(inPlural));
        continue;
      }
      if (ch === '#' && inPlural) {
        flush();
        nodes.push({ kind: 'pound' });
        this.i += 1;
        continue;
      }
      if (ch === "'") {
        text += this.apostrophe(inPlural);
        continue;
      }
      const close = CLOSE_TAG_RE.exec(rest);
      if (close) {
        if (close[1] !== tag) this.fail(`unexpected closing tag </${close[1]}>`);
        break;
      }
      const open = TAG_NAME_RE.exec(rest);
      if (open?.[1] !== undefined) {
        flush();
        const name = open[1];
        this.i += open[0].length;
        const children = this.message(inOption, name, inPlural);
        const end = CLOSE_TAG_RE.exec(this.src.slice(this.i));
        if (end?.[1] !== name) this.fail(`<${name}> is not closed`);
        this.i += end[0].length;
        nodes.push({ kind: 'tag', name, children });
        continue;
      }
      text += ch;
      this.i += 1;
    }
    if (tag !== undefined && !CLOSE_TAG_RE.test(this.src.slice(this.i)))
      this.fail(`<${tag}> is not closed`);
    flush();
    return nodes;
  }

  /**
   * ICU apostrophe rules: `''` is one apostrophe; an apostrophe before a syntax character starts a
   * quoted literal up to the next lone apostrophe; any other apostrophe is literal ("it's").
   */
  private apostrophe(inPlural: boolean): string {
    const next = this.src[this.i + 1];
    if (next === "'") {
      this.i += 2;
      return "'";
    }
    const special =
      next === '{' || next === '}' || next === '<' || next === '|' || (inPlural && next === '#');
    if (!special) {
      this.i += 1;
      return "'";
    }
    let out = '';
    this.i += 1;
    while (this.i < this.src.length) {
      const ch = this.src[this.i];
      if (ch === "'") {
        if (this.src[this.i + 1] === "'") {
          out += "'";
          this.i += 2;
          continue;
        }
        this.i += 1;
        return out;
      }
      out += ch;
      this.i += 1;
    }
    return out;
  }

  private ws(): void {
    while (this.i < this.src.length && /\s/.test(this.src[this.i] ?? '')) this.i += 1;
  }

  private expect(ch: string): void {
    if (this.src[this.i] !== ch) this.fail(`expected "${ch}"`);
    this.i += 1;
  }

  private word(what: string): string {
    const m = NAME_RE.exec(this.src.slice(this.i));
    if (!m) this.fail(`expected ${what}`);
    this.i += m[0].length;
    return m[0];
  }

  private argument(inPlural: boolean): Node {
    this.expect('{');
    this.ws();
    const name = this.word('an argument name');
    this.ws();
    if (this.src[this.i] === '}') {
      this.i += 1;
      return { kind: 'arg', name };
    }
    this.expect(',');
    this.ws();
    const type = this.word('an argument type');
    this.ws();
    if (type === 'plural' || type === 'selectordinal' || type === 'select') {
      this.expect(',');
      const node: Node =
        type === 'select'
          ? { kind: 'select', name, options: this.options(inPlural, false).options }
          : {
              kind: 'plural',
              name,
              ordinal: type === 'selectordinal',
              ...this.options(true, true),
            };
      this.expect('}');
      return node;
    }
    if (type !== 'number' && type !== 'date' && type !== 'time')
      this.fail(`unknown argument type "${type}"`);
    let style = '';
    if (this.src[this.i] === ',') {
      this.i += 1;
      const end = this.src.indexOf('}', this.i);
      if (end === -1) this.fail('unclosed argument');
      style = this.src.slice(this.i, end).trim();
      this.i = end;
    }
    this.expect('}');
    return { kind: type, name, style };
  }

  private options(
    inPlural: boolean,
    plural: boolean,
  ): { offset: number; options: Map<string, Node[]> } {
    const options = new Map<string, Node[]>();
    let offset = 0;
    this.ws();
    if (plural && this.src.startsWith('offset:', this.i)) {
      this.i += 'offset:'.length;
      this.ws();
      const n = Number(this.word('an offset'));
      if (!Number.isInteger(n)) this.fail('the offset must be an integer');
      offset = n;
    }
    for (;;) {
      this.ws();
      if (this.src[this.i] === '}' || this.i >= this.src.length) break;
      let selector: string;
      if (this.src[this.i] === '=') {
        this.i += 1;
        selector = `=${this.word('a number')}`;
      } else {
        selector = this.word('a selector');
      }
      this.ws();
      this.expect('{');
      options.set(selector, this.message(true, undefined, inPlural));
      this.expect('}');
    }
    if (!options.has('other')) this.fail('a plural or select needs an "other" option');
    return { offset, options };
  }
}

const cache = new Map<string, readonly Node[]>();
const CACHE_LIMIT = 2000;

/** Parses (and caches) a message; throws IcuSyntaxError. */
function parseMessage(message: string): readonly Node[] {
  let nodes = cache.get(message);
  if (nodes === undefined) {
    nodes = new Parser(message).parse();
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(message, nodes);
  }
  return nodes;
}

/** Throws IcuSyntaxError when `message` is not valid ICU MessageFormat. */
export function checkIcuMessage(message: string): void {
  parseMessage(message);
}

/** Where and how to format. */
export interface IcuFormatOptions {
  /** BCP 47, e.g. `en-US`. */
  readonly locale: string;
  /** IANA zone dates are shown in, e.g. `Europe/Helsinki`. */
  readonly timeZone: string;
  /** Turns a date argument into a Date (undefined when it is not one). */
  readonly toDate: (value: unknown) => Date | undefined;
  /** Output text (an HTML renderer escapes it). */
  readonly text: (value: string) => string;
  /** Renders `<name>inner</name>` given the argument `name` (inner already rendered). */
  readonly tag: (name: string, value: unknown, inner: string) => string;
}

// Narrow no-break and thin spaces (CLDR 42+ puts U+202F before "PM") become plain spaces: older mail
// clients and plain-text bodies show them inconsistently.
const plainSpaces = (s: string): string => s.replace(/[\u202f\u2009\u00a0]/g, ' ');

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Intl options for an ICU number skeleton (`::.00`, `::percent group-off`) or style name. */
function numberOptions(style: string): Intl.NumberFormatOptions {
  if (style === '') return {};
  if (style === 'integer') return { maximumFractionDigits: 0 };
  if (style === 'percent') return { style: 'percent' };
  if (!style.startsWith('::')) return {};
  const options: Intl.NumberFormatOptions = {};
  for (const token of style.slice(2).trim().split(/\s+/)) {
    const fraction = /^\.(0*)(#*)(\*?)$/.exec(token);
    if (fraction) {
      const min = fraction[1]?.length ?? 0;
      options.minimumFractionDigits = min;
      options.maximumFractionDigits = fraction[3] === '*' ? 20 : min + (fraction[2]?.length ?? 0);
    } else if (token === 'precision-integer') {
      options.maximumFractionDigits = 0;
    } else if (token === 'group-off' || token === ',_') {
      options.useGrouping = false;
    } else if (token === 'percent' || token === '%') {
      // An ICU `percent` unit does not scale (that is `scale/100`); Intl's unit form does not either.
      options.style = 'unit';
      options.unit = 'percent';
    } else if (token.startsWith('currency/')) {
      options.style = 'currency';
      options.currency = token.slice('currency/'.length);
    } else if (token === 'sign-always' || token === '+!') {
      options.signDisplay = 'always';
    } else if (token === 'compact-short' || token === 'K') {
      options.notation = 'compact';
    }
  }
  return options;
}

function formatNumber(value: unknown, style: string, locale: string): string {
  const n = toNumber(value);
  if (n === undefined) return '';
  try {
    return plainSpaces(new Intl.NumberFormat(locale, numberOptions(style)).format(n));
  } catch {
    return String(n);
  }
}

type Width = 'numeric' | '2-digit';
const width = (n: number): Width => (n >= 2 ? '2-digit' : 'numeric');
const textWidth = (n: number): 'short' | 'long' | 'narrow' =>
  n === 4 ? 'long' : n >= 5 ? 'narrow' : 'short';

/** Intl options for an ICU date skeleton such as `EEjmm`, `YYYYMMMd` or `jmmYYYYMMMd`. */
function dateSkeletonOptions(skeleton: string): Intl.DateTimeFormatOptions {
  const o: Intl.DateTimeFormatOptions = {};
  for (const [run] of skeleton.matchAll(/([A-Za-z])\1*/g)) {
    const n = run.length;
    switch (run[0]) {
      case 'G':
        o.era = textWidth(n);
        break;
      case 'y':
      case 'Y':
      case 'u':
        o.year = n === 2 ? '2-digit' : 'numeric';
        break;
      case 'M':
      case 'L':
        o.month = n <= 2 ? width(n) : textWidth(n - 2);
        break;
      case 'd':
        o.day = width(n);
        break;
      case 'E':
        o.weekday = n <= 3 ? 'short' : textWidth(n);
        break;
      case 'c':
      case 'e':
        if (n >= 3) o.weekday = n === 3 ? 'short' : textWidth(n);
        break;
      case 'j':
      case 'J':
      case 'C':
        o.hour = width(n);
        break;
      case 'h':
      case 'K':
        o.hour = width(n);
        o.hour12 = true;
        break;
      case 'H':
      case 'k':
        o.hour = width(n);
        o.hourCycle = 'h23';
        break;
      case 'm':
        o.minute = '2-digit';
        break;
      case 's':
        o.second = '2-digit';
        break;
      case 'z':
        o.timeZoneName = n >= 4 ? 'long' : 'short';
        break;
      case 'O':
      case 'Z':
      case 'x':
      case 'X':
        o.timeZoneName = n >= 4 ? 'longOffset' : 'shortOffset';
        break;
      case 'v':
      case 'V':
        o.timeZoneName = n >= 4 ? 'longGeneric' : 'shortGeneric';
        break;
      default:
        // Day periods (a, b, B) follow from the hour cycle; anything else is not supported.
        break;
    }
  }
  return o;
}

type DateStyle = 'short' | 'medium' | 'long' | 'full';
const isDateStyle = (s: string): s is DateStyle =>
  s === 'short' || s === 'medium' || s === 'long' || s === 'full';

function formatDate(
  value: unknown,
  kind: 'date' | 'time',
  style: string,
  opts: IcuFormatOptions,
): string {
  const date = opts.toDate(value);
  if (date === undefined || Number.isNaN(date.getTime())) return '';
  let options: Intl.DateTimeFormatOptions;
  if (style.startsWith('::')) options = dateSkeletonOptions(style.slice(2).trim());
  else {
    const named: DateStyle = isDateStyle(style) ? style : 'medium';
    options = kind === 'date' ? { dateStyle: named } : { timeStyle: named };
  }
  try {
    return plainSpaces(
      new Intl.DateTimeFormat(opts.locale, { ...options, timeZone: opts.timeZone }).format(date),
    );
  } catch {
    return plainSpaces(
      new Intl.DateTimeFormat(opts.locale, { ...options, timeZone: 'UTC' }).format(date),
    );
  }
}

function pluralBranch(
  node: Extract<Node, { kind: 'plural' }>,
  value: number | undefined,
  locale: string,
): readonly Node[] {
  const other = node.options.get('other') ?? [];
  if (value === undefined) return other;
  const exact = node.options.get(`=${value}`);
  if (exact) return exact;
  const category = new Intl.PluralRules(locale, {
    type: node.ordinal ? 'ordinal' : 'cardinal',
  }).select(value - node.offset);
  return node.options.get(category) ?? other;
}

function render(
  nodes: readonly Node[],
  values: Readonly<Record<string, unknown>>,
  opts: IcuFormatOptions,
  pound: string | undefined,
): string {
  let out = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out += opts.text(node.value);
        break;
      case 'pound':
        out += opts.text(pound ?? '#');
        break;
      case 'arg': {
        const v = values[node.name];
        out += opts.text(
          v === undefined || v === null
            ? ''
            : typeof v === 'number'
              ? formatNumber(v, '', opts.locale)
              : String(v),
        );
        break;
      }
      case 'number':
        out += opts.text(formatNumber(values[node.name], node.style, opts.locale));
        break;
      case 'date':
      case 'time':
        out += opts.text(formatDate(values[node.name], node.kind, node.style, opts));
        break;
      case 'plural': {
        const n = toNumber(values[node.name]);
        const shown = n === undefined ? '' : formatNumber(n - node.offset, '', opts.locale);
        out += render(pluralBranch(node, n, opts.locale), values, opts, shown);
        break;
      }
      case 'select': {
        const v = values[node.name];
        const key = v === undefined || v === null ? 'other' : String(v);
        out += render(
          node.options.get(key) ?? node.options.get('other') ?? [],
          values,
          opts,
          pound,
        );
        break;
      }
      case 'tag':
        out += opts.tag(node.name, values[node.name], render(node.children, values, opts, pound));
        break;
    }
  }
  return out;
}

/**
 * Formats an ICU message with named values. Missing values render empty (an email should not fail
 * over one absent field); a malformed message throws IcuSyntaxError.
 */
export function formatIcuMessage(
  message: string,
  values: Readonly<Record<string, unknown>>,
  opts: IcuFormatOptions,
): string {
  return render(parseMessage(message), values, opts, undefined);
}
