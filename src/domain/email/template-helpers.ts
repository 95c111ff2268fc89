/**
 * Handlebars helpers for email templates, named after the ones Sharetribe templates use
 * (`eq`, `contains`, `url-encode`, `form-encode`, `concat`, `inflect`, `number`, `money-amount`,
 * `date`, `date-day-before`) plus `format-money` and `format-date`, and Mustache-style inline
 * partials. Translations (`t`, `set-translations`, `format-text`), `asset` and the other helpers
 * that need per-render state are registered by the process-engine's notifications.
 */
import type Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { Money } from '../../lib/values.ts';

type Engine = typeof Handlebars;

function isOptions(x: unknown): x is Handlebars.HelperOptions {
  return typeof x === 'object' && x !== null && 'hash' in x && 'name' in x;
}

/** Handlebars passes the options object last; split it from the positional parameters. */
function split(args: unknown[]): {
  params: unknown[];
  hash: Record<string, unknown>;
  options: Handlebars.HelperOptions | undefined;
} {
  const last = args.at(-1);
  if (!isOptions(last)) return { params: args, hash: {}, options: undefined };
  return { params: args.slice(0, -1), hash: last.hash, options: last };
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const DEFAULT_LANG = 'en-US';

function lang(hash: Record<string, unknown>): string {
  const l = hash.lang;
  if (typeof l !== 'string' || l === '') return DEFAULT_LANG;
  try {
    return Intl.getCanonicalLocales(l)[0] ?? DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Fraction digits of a currency (2 for EUR, 0 for JPY); 2 when the code is unknown. */
function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/**
 * Money as { major units, currency }. Email contexts carry money as a decimal in major units
 * (`{amount: 32.13, currency: 'EUR'}`, as Sharetribe's do); a lib Money holds minor units.
 */
function toMajor(v: unknown): { amount: number; currency: string } | undefined {
  if (v instanceof Money)
    return { amount: v.amount / 10 ** currencyDigits(v.currency), currency: v.currency };
  if (!isRecord(v) || typeof v.currency !== 'string') return undefined;
  const amount =
    typeof v.amount === 'number' ? v.amount : typeof v.amount === 'string' ? Number(v.amount) : NaN;
  return Number.isFinite(amount) ? { amount, currency: v.currency } : undefined;
}

/** A date from a Date, an ISO string, epoch milliseconds, or a Sharetribe date map {year, month, day, hours…} (UTC). */
export function toDateTime(v: unknown): DateTime | undefined {
  let dt: DateTime | undefined;
  if (v instanceof Date) dt = DateTime.fromJSDate(v);
  else if (typeof v === 'string') dt = DateTime.fromISO(v, { setZone: false });
  else if (typeof v === 'number') dt = DateTime.fromMillis(v);
  else if (
    isRecord(v) &&
    typeof v.year === 'number' &&
    typeof v.month === 'number' &&
    typeof v.day === 'number'
  ) {
    const n = (k: string): number => (typeof v[k] === 'number' ? v[k] : 0);
    dt = DateTime.fromObject(
      {
        year: v.year,
        month: v.month,
        day: v.day,
        hour: n('hours'),
        minute: n('minutes'),
        second: n('seconds'),
        millisecond: n('milliseconds'),
      },
      { zone: 'utc' },
    );
  }
  return dt?.isValid ? dt.toUTC() : undefined;
}

/** `format-date date format="EEE, MMM d" lang="fi" tz="Europe/Helsinki"`: a date in a zone (default UTC). */
function formatDate(...args: unknown[]): string {
  const { params, hash } = split(args);
  const dt = toDateTime(params[0]);
  if (!dt) return '';
  const zoned = typeof hash.tz === 'string' && hash.tz ? dt.setZone(hash.tz) : dt;
  const local = (zoned.isValid ? zoned : dt).setLocale(lang(hash));
  // Patterns are Luxon tokens, which agree with the Joda-Time patterns of Sharetribe templates for
  // the common fields (yyyy, MM, MMM, d, dd, EEE, EEEE, HH, h, mm, a).
  return typeof hash.format === 'string' && hash.format
    ? local.toFormat(hash.format)
    : local.toLocaleString(DateTime.DATETIME_MED);
}

/** `date-day-before date format= lang= tz=`: like `date`, one calendar day earlier in that zone. */
function formatDayBefore(...args: unknown[]): string {
  const { params, hash, options } = split(args);
  const dt = toDateTime(params[0]);
  if (!dt) return '';
  const tz = typeof hash.tz === 'string' && hash.tz ? hash.tz : 'utc';
  const zoned = dt.setZone(tz);
  const dayBefore = (zoned.isValid ? zoned : dt).minus({ days: 1 });
  return options ? formatDate(dayBefore.toJSDate(), options) : formatDate(dayBefore.toJSDate());
}

type Callable = (...args: unknown[]) => unknown;
const isCallable = (v: unknown): v is Callable => typeof v === 'function';

/**
 * `{{#*inline "name"}}` partials that resolve names up the CALLER's context stack, Mustache-style.
 * handlebars.js runs an inline partial with only its own context (plus the hash), even in compat
 * mode, so `{{> format-day date=booking.start}}` called inside `{{#each tx-line-items}}` could not
 * see `transaction.listing…` from the root, and Sharetribe's booking templates would render blank
 * dates. This replaces the built-in `inline` decorator: the registered partial re-instantiates the
 * partial's program with the depths the call site passes (compat mode passes them).
 */
function registerMustacheInlinePartials(hb: Engine): void {
  hb.registerDecorator(
    'inline',
    function (fn: unknown, props: unknown, container: unknown, options: unknown): unknown {
      if (!isRecord(props) || !isRecord(container) || !isRecord(options)) return fn;
      let ret = fn;
      if (!isRecord(props.partials)) {
        props.partials = {};
        // As the built-in decorator: a new partials frame while the declaring program runs.
        ret = function (context: unknown, runOptions: unknown): unknown {
          const original = container.partials;
          container.partials = {
            ...(isRecord(original) ? original : {}),
            ...(isRecord(props.partials) ? props.partials : {}),
          };
          try {
            return isCallable(fn) ? fn(context, runOptions) : '';
          } finally {
            container.partials = original;
          }
        };
      }
      const partials = props.partials;
      const name = Array.isArray(options.args) ? options.args[0] : undefined;
      const body = options.fn;
      const program = container.program;
      if (!isRecord(partials) || typeof name !== 'string' || !isCallable(body)) return ret;
      const programIndex: unknown = Reflect.get(body, 'program');
      if (typeof programIndex !== 'number' || !isCallable(program)) {
        partials[name] = body;
        return ret;
      }
      partials[name] = (context: unknown, partialOptions: unknown): unknown => {
        const opts = isRecord(partialOptions) ? partialOptions : {};
        const depths: unknown[] = Array.isArray(opts.depths) ? opts.depths : [];
        const withDepths = program.call(container, programIndex, opts.data, 0, undefined, depths);
        return isCallable(withDepths) ? withDepths(context, opts) : body(context, opts);
      };
      return ret;
    },
  );
}

/** `format-money money lang=`: amount with currency, e.g. "€32.13". */
function formatMoney(...args: unknown[]): string {
  const { params, hash } = split(args);
  const m = toMajor(params[0]);
  if (!m) return '';
  try {
    return new Intl.NumberFormat(lang(hash), { style: 'currency', currency: m.currency }).format(
      m.amount,
    );
  } catch {
    return `${m.amount.toFixed(2)} ${m.currency}`;
  }
}

/** `money-amount money lang=`: the amount alone with the currency's decimals, e.g. "32.13". */
function moneyAmount(...args: unknown[]): string {
  const { params, hash } = split(args);
  const m = toMajor(params[0]);
  if (!m) return '';
  const digits = currencyDigits(m.currency);
  return new Intl.NumberFormat(lang(hash), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(m.amount);
}

function numberHelper(...args: unknown[]): string {
  const { params, hash } = split(args);
  const n = typeof params[0] === 'number' ? params[0] : Number(params[0]);
  if (!Number.isFinite(n)) return '';
  const digits = (k: string): number | undefined => {
    const d = hash[k];
    return typeof d === 'number' && Number.isInteger(d) && d >= 0 && d <= 20 ? d : undefined;
  };
  const max = digits('max-fraction-digits');
  const min = digits('min-fraction-digits');
  return new Intl.NumberFormat(lang(hash), {
    ...(min !== undefined ? { minimumFractionDigits: min } : {}),
    ...(max !== undefined ? { maximumFractionDigits: Math.max(max, min ?? 0) } : {}),
  }).format(n);
}

function block(ctx: unknown, options: Handlebars.HelperOptions | undefined, yes: boolean): unknown {
  if (!options) return yes;
  return yes ? options.fn(ctx) : options.inverse(ctx);
}

/** Registers the email helpers (and Mustache-style inline partials) on a Handlebars instance. */
export function registerEmailHelpers(hb: Engine): void {
  registerMustacheInlinePartials(hb);
  hb.registerHelper('eq', function (this: unknown, ...args: unknown[]) {
    const { params, options } = split(args);
    return block(this, options, str(params[0]) === str(params[1]));
  });
  hb.registerHelper('contains', function (this: unknown, ...args: unknown[]) {
    const { params, options } = split(args);
    const [coll, value] = params;
    const yes = Array.isArray(coll)
      ? coll.some((x) => str(x) === str(value))
      : str(coll).includes(str(value));
    return block(this, options, yes);
  });
  hb.registerHelper('url-encode', (...args: unknown[]) =>
    encodeURIComponent(str(split(args).params[0])),
  );
  hb.registerHelper('form-encode', (...args: unknown[]) =>
    encodeURIComponent(str(split(args).params[0])).replace(/%20/g, '+'),
  );
  hb.registerHelper('concat', (...args: unknown[]) => split(args).params.map(str).join(''));
  hb.registerHelper('inflect', (...args: unknown[]) => {
    const [count, singular, plural] = split(args).params;
    return Number(count) === 1 ? str(singular) : str(plural);
  });
  hb.registerHelper('number', numberHelper);
  hb.registerHelper('money-amount', moneyAmount);
  hb.registerHelper('format-money', formatMoney);
  hb.registerHelper('format-date', formatDate);
  hb.registerHelper('date', formatDate);
  hb.registerHelper('date-day-before', formatDayBefore);
}
