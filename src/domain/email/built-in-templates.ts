/**
 * Sources of the built-in emails. Context (as Sharetribe's built-in emails): `marketplace
 * {name, url}`, `recipient {id, first-name, last-name, display-name}`, and per email
 * `email-verification {token}`, `password-reset {token, email-address}` or, for "New message",
 * `message {sender, content, transaction {id, state, listing {id, title}, customer, provider}}`
 * with `recipient-role`, `listing {id, title}` ("Listing approved") or `changed-permissions`
 * (the changed ones of `read`, `postListings`, `initiateTransactions`: `permission/allow|deny`). Links point at the
 * marketplace's web app routes (`/verify-email?t=…`, `/reset-password?t=…&e=…`) under
 * `marketplace.url`.
 */
import type { EmailTemplateSource } from './templates.ts';

const layout = (body: string): string => `<!doctype html>
<html>
<head><meta charset="utf-8"><title>{{marketplace.name}}</title></head>
<body style="font-family: Helvetica, Arial, sans-serif; color: #222; line-height: 1.5;">
${body}
<p style="color: #777; font-size: 13px;">{{marketplace.name}}</p>
</body>
</html>
`;

const greeting = '<p>Hi {{recipient.first-name}},</p>';

/** The built-in account emails by name: subject and HTML body (text is derived). */
export const BUILT_IN_TEMPLATES = {
  'verify-email': {
    subject: 'Verify your email address for {{marketplace.name}}\n',
    html: layout(`${greeting}
<p>Thanks for joining {{marketplace.name}}. Please confirm that this is your email address.</p>
<p><a href="{{marketplace.url}}/verify-email?t={{url-encode email-verification.token}}">Verify your email address</a></p>
<p>Or use this verification code: <strong>{{email-verification.token}}</strong></p>
<p>If you did not create an account, you can ignore this email.</p>`),
  },
  'verify-changed-email': {
    subject: 'Verify your new email address for {{marketplace.name}}\n',
    html: layout(`${greeting}
<p>You changed the email address of your {{marketplace.name}} account. Please confirm that this is your new address.</p>
<p><a href="{{marketplace.url}}/verify-email?t={{url-encode email-verification.token}}">Verify your new email address</a></p>
<p>Or use this verification code: <strong>{{email-verification.token}}</strong></p>
<p>If you did not make this change, you can ignore this email.</p>`),
  },
  'email-changed': {
    subject: 'Your {{marketplace.name}} email address was changed\n',
    html: layout(`${greeting}
<p>The email address of your {{marketplace.name}} account was changed, and this address no longer receives its emails.</p>
<p>If you did not make this change, please contact the {{marketplace.name}} team right away.</p>`),
  },
  'reset-password': {
    subject: 'Reset your {{marketplace.name}} password\n',
    html: layout(`${greeting}
<p>We received a request to reset the password of your {{marketplace.name}} account.</p>
<p><a href="{{marketplace.url}}/reset-password?t={{url-encode password-reset.token}}&amp;e={{url-encode password-reset.email-address}}">Choose a new password</a></p>
<p>Or use this reset code: <strong>{{password-reset.token}}</strong></p>
<p>If you did not ask for a new password, you can ignore this email: your password stays the same.</p>`),
  },
  'password-changed': {
    subject: 'Your {{marketplace.name}} password was changed\n',
    html: layout(`${greeting}
<p>The password of your {{marketplace.name}} account was just changed.</p>
<p>If you did not make this change, reset your password right away and contact the {{marketplace.name}} team.</p>`),
  },
  'user-joined': {
    subject: 'Welcome to {{marketplace.name}}\n',
    html: layout(`${greeting}
<p>Your email address is now verified: welcome to {{marketplace.name}}!</p>
<p><a href="{{marketplace.url}}/">Visit {{marketplace.name}}</a></p>`),
  },
  'user-approved': {
    subject: 'Your {{marketplace.name}} account was approved\n',
    html: layout(`${greeting}
<p>Good news: your {{marketplace.name}} account was approved, and you can now use the marketplace.</p>
<p><a href="{{marketplace.url}}/">Visit {{marketplace.name}}</a></p>`),
  },
  'user-permissions-changed': {
    subject: 'Your permissions on {{marketplace.name}} changed\n',
    html: layout(`${greeting}
<p>The {{marketplace.name}} team changed what your account may do:</p>
<ul>
{{#if changed-permissions.postListings}}<li>Posting listings: {{#eq changed-permissions.postListings "permission/allow"}}allowed{{else}}not allowed{{/eq}}</li>{{/if}}
{{#if changed-permissions.initiateTransactions}}<li>Starting transactions: {{#eq changed-permissions.initiateTransactions "permission/allow"}}allowed{{else}}not allowed{{/eq}}</li>{{/if}}
{{#if changed-permissions.read}}<li>Viewing the marketplace: {{#eq changed-permissions.read "permission/allow"}}allowed{{else}}not allowed{{/eq}}</li>{{/if}}
</ul>
<p>If you have questions, please contact the {{marketplace.name}} team.</p>`),
  },
  'listing-approved': {
    subject: 'Your listing {{listing.title}} was approved on {{marketplace.name}}\n',
    html: layout(`${greeting}
<p>Your listing <strong>{{listing.title}}</strong> was approved and is now published on {{marketplace.name}}.</p>
<p><a href="{{marketplace.url}}/l/{{url-encode listing.id}}">View your listing</a></p>`),
  },
  'new-message': {
    subject: '{{message.sender.display-name}} sent you a message about {{message.transaction.listing.title}}\n',
    html: layout(`${greeting}
<p>{{message.sender.display-name}} sent you a message about {{message.transaction.listing.title}}:</p>
<blockquote style="border-left: 3px solid #ddd; margin: 0; padding-left: 12px; white-space: pre-wrap;">{{message.content}}</blockquote>
<p><a href="{{marketplace.url}}/{{#eq recipient-role "customer"}}order{{else}}sale{{/eq}}/{{url-encode message.transaction.id}}">Reply to {{message.sender.display-name}}</a></p>
<p>You receive this email because you take part in this conversation on {{marketplace.name}}.</p>`),
  },
} satisfies Record<string, EmailTemplateSource>;

export type BuiltInEmailName = keyof typeof BUILT_IN_TEMPLATES;
