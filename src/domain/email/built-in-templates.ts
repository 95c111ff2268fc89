/**
 * Sources of the built-in account emails. Context (as Sharetribe's built-in emails): `marketplace
 * {name, url}`, `recipient {id, first-name, last-name, display-name}`, and per email
 * `email-verification {token}` or `password-reset {token, email-address}`. Links point at the
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
} satisfies Record<string, EmailTemplateSource>;

export type BuiltInEmailName = keyof typeof BUILT_IN_TEMPLATES;
