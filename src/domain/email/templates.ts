/**
 * Email templates: Handlebars in compat mode (names resolve up the context stack, Mustache-style,
 * as Sharetribe templates expect), on a private Handlebars instance with the email helpers.
 * A template is a subject and an HTML body; the plain-text body is derived from the HTML.
 */
import Handlebars from 'handlebars';
import { htmlToText } from './html-text.ts';
import { registerEmailHelpers } from './template-helpers.ts';

export type TemplateContext = Record<string, unknown>;

export interface EmailTemplateSource {
  subject: string;
  html: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export type CompiledEmailTemplate = (context: TemplateContext) => RenderedEmail;

export type TemplateEngine = typeof Handlebars;

/** A fresh Handlebars instance with the email helpers registered (never the global one). */
export function createTemplateEngine(): TemplateEngine {
  const hb = Handlebars.create();
  registerEmailHelpers(hb);
  return hb;
}

/** Compiles a subject + HTML template; throws Handlebars' parse error on invalid syntax. */
export function compileEmailTemplate(
  engine: TemplateEngine,
  source: EmailTemplateSource,
): CompiledEmailTemplate {
  // Parse now: Handlebars compiles lazily, and a broken template should fail where it is loaded.
  engine.parse(source.subject);
  engine.parse(source.html);
  const subject = engine.compile(source.subject, { compat: true, noEscape: true });
  const html = engine.compile(source.html, { compat: true });
  return (context) => {
    const body = html(context);
    return {
      // Subject files end with a newline and may wrap; a header is one line.
      subject: subject(context).replace(/\s+/g, ' ').trim(),
      html: body,
      text: htmlToText(body),
    };
  };
}
