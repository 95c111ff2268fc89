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
  /** The marketplace settings' `disabledEmails` (see emailEnabled); none when absent. */
  disabledEmails?: readonly string[] | undefined;
}

/** A user as email contexts show them (the other party of a message, a transaction's parties). */
export interface EmailUser {
  id: string;
  firstName: string;
  lastName: string;
  displayName: string;
}

/** The message of a "New message" email, with what the template shows of its transaction. */
export interface NewMessageEmailData {
  sender: EmailUser;
  content: string;
  transaction: {
    id: string;
    state: string;
    lastTransition: string;
    createdAt: Date;
    listing: { id: string; title: string };
    customer: EmailUser;
    provider: EmailUser;
  };
}

/** What each built-in email needs beyond recipient and marketplace. */
export type BuiltInEmail =
  | { name: 'verify-email' | 'verify-changed-email'; verificationToken: string }
  | { name: 'reset-password'; passwordResetToken: string }
  | { name: 'email-changed' | 'password-changed' }
  | { name: 'new-message'; recipientRole: 'customer' | 'provider'; message: NewMessageEmailData }
  | { name: 'user-joined' | 'user-approved' }
  | { name: 'user-permissions-changed'; changedPermissions: Partial<Record<'read' | 'postListings' | 'initiateTransactions', string>> }
  | { name: 'listing-approved'; listing: { id: string; title: string } };

/** The built-in emails the operator may turn off (domain §10.1); the others always go. */
export const DISABLEABLE_EMAILS = ['listing-approved', 'new-message', 'user-approved', 'user-joined', 'user-permissions-changed', 'verify-email'] as const;

export type DisableableEmail = (typeof DISABLEABLE_EMAILS)[number];

/**
 * Whether the marketplace sends emails of this kind: off when its settings list the kind under
 * `disabledEmails` (only the kinds an operator may disable, §10.1; other names are ignored).
 */
export function emailEnabled(settings: Readonly<Record<string, unknown>>, kind: EmailKind): boolean {
  const disabled = settings.disabledEmails;
  if (!Array.isArray(disabled)) return true;
  return !((DISABLEABLE_EMAILS as readonly string[]).includes(kind) && disabled.includes(kind));
}
