export type { Mailer, MailerConfig, OutgoingEmail } from './mailer.ts';
export { createMailer, createFileMailer, createSmtpMailer } from './mailer.ts';
export { createMemoryMailer } from './memory-mailer.ts';
export type { BuiltInEmail, DisableableEmail, EmailKind, EmailMarketplace, EmailRecipient, EmailUser, NewMessageEmailData } from './email.ts';
export { DISABLEABLE_EMAILS, emailEnabled, mayEmail } from './email.ts';
export { configureEmailSettings, showEmailSettings, type EmailSettings } from './configure-email-settings.ts';
export { BUILT_IN_TEMPLATES, type BuiltInEmailName } from './built-in-templates.ts';
export type {
  CompiledEmailTemplate,
  EmailTemplateSource,
  RenderedEmail,
  TemplateContext,
  TemplateEngine,
} from './templates.ts';
export { compileEmailTemplate, createTemplateEngine } from './templates.ts';
export { builtInEmailContext, recipientContext, renderEmail } from './render-email.ts';
export { sendBuiltInEmail, type SendBuiltInEmailInput } from './send-built-in-email.ts';
export { htmlToText } from './html-text.ts';
export { toDateTime as toEmailDateTime } from './template-helpers.ts';
