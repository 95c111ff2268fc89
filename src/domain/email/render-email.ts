import { BUILT_IN_TEMPLATES, type BuiltInEmailName } from './built-in-templates.ts';
import type { BuiltInEmail, EmailMarketplace, EmailRecipient, EmailUser, NewMessageEmailData } from './email.ts';
import {
  compileEmailTemplate,
  createTemplateEngine,
  type CompiledEmailTemplate,
  type RenderedEmail,
  type TemplateContext,
} from './templates.ts';

// The built-in templates are constants: each is compiled once per process, on first use.
const engine = createTemplateEngine();
const compiled = new Map<BuiltInEmailName, CompiledEmailTemplate>();

function builtIn(name: BuiltInEmailName): CompiledEmailTemplate {
  let template = compiled.get(name);
  if (!template) {
    template = compileEmailTemplate(engine, BUILT_IN_TEMPLATES[name]);
    compiled.set(name, template);
  }
  return template;
}

/** Renders a built-in email template with a Handlebars context into subject, HTML and text. */
export function renderEmail(name: BuiltInEmailName, context: TemplateContext): RenderedEmail {
  return builtIn(name)(context);
}

/** The user map of email contexts (kebab-case keys, as in Sharetribe templates). */
export function recipientContext(recipient: EmailRecipient): TemplateContext {
  return {
    id: recipient.id,
    'first-name': recipient.firstName,
    'last-name': recipient.lastName,
    'display-name': recipient.displayName,
  };
}

/** A date as email contexts carry it (domain §10.3): UTC components, which the `date` helper reads. */
const dateContext = (d: Date): TemplateContext => ({
  year: d.getUTCFullYear(),
  month: d.getUTCMonth() + 1,
  day: d.getUTCDate(),
  hours: d.getUTCHours(),
  minutes: d.getUTCMinutes(),
  seconds: d.getUTCSeconds(),
  milliseconds: d.getUTCMilliseconds(),
});

/** A user of an email context: the recipient map without the address. */
const userContext = (u: EmailUser): TemplateContext => ({
  id: u.id,
  'first-name': u.firstName,
  'last-name': u.lastName,
  'display-name': u.displayName,
});

/** `message {sender, content, transaction}` of the "New message" email (domain §10.4). */
function messageContext(m: NewMessageEmailData): TemplateContext {
  const tx = m.transaction;
  return {
    sender: userContext(m.sender),
    content: m.content,
    transaction: {
      id: tx.id,
      state: tx.state,
      'last-transition': tx.lastTransition,
      'created-at': dateContext(tx.createdAt),
      listing: { id: tx.listing.id, title: tx.listing.title },
      customer: userContext(tx.customer),
      provider: userContext(tx.provider),
    },
  };
}

/** The Handlebars context of a built-in email: `marketplace`, `recipient` and the email's own data. */
export function builtInEmailContext(
  marketplace: EmailMarketplace,
  recipient: EmailRecipient,
  email: BuiltInEmail,
): TemplateContext {
  const base: TemplateContext = {
    marketplace: { name: marketplace.name, url: marketplace.url.replace(/\/+$/, '') },
    recipient: recipientContext(recipient),
  };
  switch (email.name) {
    case 'verify-email':
    case 'verify-changed-email':
      return { ...base, 'email-verification': { token: email.verificationToken } };
    case 'reset-password':
      return {
        ...base,
        'password-reset': { token: email.passwordResetToken, 'email-address': recipient.email },
      };
    case 'email-changed':
    case 'password-changed':
      return base;
    case 'new-message':
      return { ...base, 'recipient-role': email.recipientRole, message: messageContext(email.message) };
    case 'user-joined':
    case 'user-approved':
      return base;
    case 'user-permissions-changed':
      return { ...base, 'changed-permissions': { ...email.changedPermissions } };
    case 'listing-approved':
      return { ...base, listing: { id: email.listing.id, title: email.listing.title } };
  }
}
