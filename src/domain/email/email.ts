/**
 * Email kinds and the delivery rule (domain.md §9.2, §10.1): mail goes only to verified addresses,
 * except the verification emails themselves and the password emails ("Reset password", "Password
 * changed"), which reach an unverified address too. Suppressed mail is never re-sent later.
 */
import type { BuiltInEmailName } from './built-in-templates.ts';

/** Every kind of email Bazaar sends: the built-in account emails and transaction notifications. */
export type EmailKind =
  | BuiltInEmailName
  | 'user-joined'
  | 'user-approved'
  | 'user-permissions-changed'
  | 'listing-approved'
  | 'new-message'
  | 'transaction-notification';

const UNVERIFIED_OK: ReadonlySet<EmailKind> = new Set<EmailKind>([
  'verify-email',
  'verify-changed-email',
  'reset-password',
  'password-changed',
]);

/**
 * Whether an email of this kind may go to this recipient's address. Pass the verification state of
 * the address being mailed (for "Email address changed", the old address).
 */
export function mayEmail(recipient: { emailVerified: boolean }, kind: EmailKind): boolean {
  return recipient.emailVerified || UNVERIFIED_OK.has(kind);
}

/** The recipient of an account email. */
export interface EmailRecipient {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  displayName: string;
}

/** The marketplace as emails show it; `url` is the base of links in emails (its web app). */
export interface EmailMarketplace {
  name: string;
  url: string;
}

/** What each built-in email needs beyond recipient and marketplace. */
export type BuiltInEmail =
  | { name: 'verify-email' | 'verify-changed-email'; verificationToken: string }
  | { name: 'reset-password'; passwordResetToken: string }
  | { name: 'email-changed' | 'password-changed' };
