// Rendering a process's notification templates (`templates/<name>/<name>-subject.txt` and
// `-html.html`, domain.md §10): Handlebars in compatibility mode with the email helpers plus the
// notification helpers (translations, assets, locale, time zone, ICU formatting).
import {
  compileEmailTemplate,
  createTemplateEngine,
  type CompiledEmailTemplate,
  type EmailTemplateSource,
  type RenderedEmail,
  type TemplateContext,
} from '../../domain/email/index.ts';
import {
  registerNotificationHelpers,
  withRenderState,
  type NotificationAssets,
} from './notification-helpers.ts';

/** A process version's templates by name (the `templates/` directory names). */
export type NotificationTemplates = Readonly<Record<string, EmailTemplateSource>>;

// Helpers are pure functions of their arguments and the per-render state, so one engine serves all.
const engine = createTemplateEngine();
registerNotificationHelpers(engine);

const compiled = new WeakMap<EmailTemplateSource, CompiledEmailTemplate>();

/**
 * Compiles one notification template (subject + HTML). Throws Handlebars' parse error for broken
 * syntax: call it when a process is pushed, so a bad template fails there and not at send time.
 */
export function compileNotificationTemplate(source: EmailTemplateSource): CompiledEmailTemplate {
  let template = compiled.get(source);
  if (!template) {
    template = compileEmailTemplate(engine, source);
    compiled.set(source, template);
  }
  return template;
}

export interface RenderNotificationOptions {
  /**
   * The marketplace's hosted assets by path (`content/email-texts.json`,
   * `general/localization.json`, `design/branding.json`), read by `asset`; missing assets make
   * `t` use the template's fallback texts and `asset` its defaults.
   */
  readonly assets?: NotificationAssets;
}

/**
 * Renders template `name` with a transaction email context into subject (one line), HTML and a
 * plain-text alternative. Throws when the template is missing or cannot be rendered.
 */
export function renderNotification(
  templates: NotificationTemplates,
  name: string,
  context: TemplateContext,
  options: RenderNotificationOptions = {},
): RenderedEmail {
  const source = Object.hasOwn(templates, name) ? templates[name] : undefined;
  if (source === undefined) throw new Error(`notification template "${name}" not found`);
  return compileNotificationTemplate(source)(withRenderState(context, options.assets ?? {}));
}
