// The Handlebars helpers of transaction notifications that need per-render state (domain.md §10.2):
// `set-translations`, `set-locale`, `set-timezone` change how the rest of the template renders,
// `t` and `format-text` format ICU messages with that state, `asset` reads the marketplace's hosted
// assets, `date-transform` shifts a date in the render's zone, and `html-tag` builds the links that
// `t` wraps around rich-text tags (`<salelink>order details</salelink>`).
//
// The state travels on the render's root context under a symbol (templates cannot reach it), so one
// compiled template serves concurrent renders with different marketplaces and locales.
import type Handlebars from 'handlebars';
import { DateTime, IANAZone } from 'luxon';
import { toEmailDateTime, type TemplateContext } from '../../domain/email/index.ts';
import { IcuSyntaxError, formatIcuMessage } from './icu-message.ts';

type Engine = typeof Handlebars;

const DEFAULT_LOCALE = 'en-US';
const DEFAULT_TIME_ZONE = 'UTC';

/** Hosted assets by path (`content/email-texts.json` → its parsed JSON). */
export type NotificationAssets = Readonly<Record<string, unknown>>;

/** What `set-*` helpers change during one render. */
class RenderState {
  translations: Readonly<Record<string, unknown>> = {};
  locale = DEFAULT_LOCALE;
  timeZone = DEFAULT_TIME_ZONE;
  constructor(readonly assets: NotificationAssets) {}

  /** An asset by path, with or without the leading slash the asset store uses. */
  asset(path: string): unknown {
    const bare = path.replace(/^\/+/, '');
    return this.assets[bare] ?? this.assets[`/${bare}`];
  }
}

const RENDER_STATE = Symbol('notification-render-state');

/** The context with a fresh render state attached (invisible to templates). */
export function withRenderState(
  context: TemplateContext,
  assets: NotificationAssets,
): TemplateContext {
  return { ...context, [RENDER_STATE]: new RenderState(assets) };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function isOptions(x: unknown): x is Handlebars.HelperOptions {
  return isRecord(x) && 'hash' in x && 'name' in x;
}

function split(args: unknown[]): {
  params: unknown[];
  hash: Record<string, unknown>;
  options?: Handlebars.HelperOptions;
} {
  const last = args.at(-1);
  if (!isOptions(last)) return { params: args, hash: {} };
  const hash: unknown = last.hash;
  return { params: args.slice(0, -1), hash: isRecord(hash) ? hash : {}, options: last };
}

/** The render's state; a throw-away default when rendered without `withRenderState`. */
function stateOf(options: Handlebars.HelperOptions | undefined): RenderState {
  const data: unknown = options?.data;
  const root: unknown = isRecord(data) ? data.root : undefined;
  const state: unknown = isRecord(root) ? Reflect.get(root, RENDER_STATE) : undefined;
  return state instanceof RenderState ? state : new RenderState({});
}

/** An HTML element for a rich-text tag of `t`/`format-text`: `(html-tag "a" href=… target=…)`. */
export class HtmlTag {
  constructor(
    readonly name: string,
    readonly attributes: Readonly<Record<string, string>>,
  ) {}
}

const TAG_RE = /^[A-Za-z][A-Za-z0-9]*$/;
const ATTRIBUTE_RE = /^[A-Za-z][A-Za-z0-9_:-]*$/;

/** Dot-separated key path into JSON (`marketplaceColors.notificationPrimaryButton`). */
function atPath(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split('.')) {
    if (!isRecord(v) || !Object.hasOwn(v, key)) return undefined;
    v = v[key];
  }
  return v;
}

/** `en_US` (as general/localization.json writes it) → `en-US`; undefined when not a locale. */
function toLocale(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    return Intl.getCanonicalLocales(value.replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
}

/** The date map email contexts use for dates (domain.md §10.3), from a UTC instant. */
export function emailDate(dt: Date): Record<string, number> {
  return {
    year: dt.getUTCFullYear(),
    month: dt.getUTCMonth() + 1,
    day: dt.getUTCDate(),
    hours: dt.getUTCHours(),
    minutes: dt.getUTCMinutes(),
    seconds: dt.getUTCSeconds(),
    milliseconds: dt.getUTCMilliseconds(),
  };
}

/** Registers the notification helpers on an engine that already has the email helpers. */
export function registerNotificationHelpers(hb: Engine): void {
  const escape = (s: string): string => hb.escapeExpression(s);

  /** Formats an ICU message with the render's locale and zone; HTML when it wraps html-tags. */
  function format(
    message: unknown,
    values: Record<string, unknown>,
    options?: Handlebars.HelperOptions,
  ): unknown {
    if (typeof message !== 'string') return '';
    const state = stateOf(options);
    const rich = Object.values(values).some((v) => v instanceof HtmlTag);
    const text = formatIcuMessage(message, values, {
      locale: state.locale,
      timeZone: state.timeZone,
      toDate: (v) => toEmailDateTime(v)?.toJSDate(),
      // Plain output is escaped by Handlebars where it lands ({{t}} in HTML), not in subjects.
      text: rich ? escape : (s) => s,
      tag: (name, value, inner) => {
        if (!(value instanceof HtmlTag) || !TAG_RE.test(value.name)) {
          return rich ? inner : `<${name}>${inner}</${name}>`;
        }
        const attrs = Object.entries(value.attributes)
          .filter(([k]) => ATTRIBUTE_RE.test(k))
          .map(([k, v]) => ` ${k}="${escape(v)}"`)
          .join('');
        return `<${value.name}${attrs}>${inner}</${value.name}>`;
      },
    });
    return rich ? new hb.SafeString(text) : text;
  }

  hb.registerHelper('t', (...args: unknown[]) => {
    const { params, hash, options } = split(args);
    const [key, fallback] = params;
    const translated = typeof key === 'string' ? stateOf(options).translations[key] : undefined;
    if (typeof translated !== 'string') return format(fallback, hash, options);
    try {
      return format(translated, hash, options);
    } catch (err) {
      // A broken text in the marketplace's email-texts asset must not stop every email: the
      // template's own fallback text is used instead.
      if (err instanceof IcuSyntaxError) return format(fallback, hash, options);
      throw err;
    }
  });

  hb.registerHelper('format-text', (...args: unknown[]) => {
    const { params, hash, options } = split(args);
    return format(params[0], hash, options);
  });

  hb.registerHelper('asset', (...args: unknown[]) => {
    const { params, options } = split(args);
    const [path, keyPath, fallback] = params;
    if (typeof path !== 'string') return fallback;
    const asset = stateOf(options).asset(path);
    const value = typeof keyPath === 'string' && keyPath !== '' ? atPath(asset, keyPath) : asset;
    return value === undefined || value === null ? fallback : value;
  });

  hb.registerHelper('set-translations', (...args: unknown[]) => {
    const { params, options } = split(args);
    const [translations] = params;
    if (isRecord(translations)) stateOf(options).translations = translations;
    return '';
  });

  hb.registerHelper('set-locale', (...args: unknown[]) => {
    const { params, options } = split(args);
    const locale = toLocale(params[0]);
    if (locale !== undefined) stateOf(options).locale = locale;
    return '';
  });

  hb.registerHelper('set-timezone', (...args: unknown[]) => {
    const { params, options } = split(args);
    const [zone] = params;
    // Day-plan listings have no zone: dates stay in UTC, where day bookings live.
    if (typeof zone === 'string' && IANAZone.isValidZone(zone)) stateOf(options).timeZone = zone;
    return '';
  });

  hb.registerHelper('date-transform', (...args: unknown[]) => {
    const { params, hash, options } = split(args);
    const dt = toEmailDateTime(params[0]);
    if (dt === undefined) return undefined;
    const days = typeof hash.days === 'number' && Number.isInteger(hash.days) ? hash.days : 0;
    // Calendar days in the render's zone, so "the day before" a local midnight is the previous
    // local date even across a DST change.
    const shifted = DateTime.fromJSDate(dt.toJSDate(), { zone: stateOf(options).timeZone }).plus({
      days,
    });
    return emailDate(shifted.toJSDate());
  });

  hb.registerHelper('html-tag', (...args: unknown[]) => {
    const { params, hash } = split(args);
    const [name] = params;
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(hash)) {
      if (v !== undefined && v !== null) attributes[k] = String(v);
    }
    return new HtmlTag(typeof name === 'string' ? name : 'span', attributes);
  });
}
