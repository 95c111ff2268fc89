/**
 * Account emails a use case decided to send. Use cases return them instead of sending, so mail
 * leaves only after the transaction committed (a rolled-back change mails nothing).
 */
import { findMarketplaceById } from '../marketplaces/index.ts';
import { sendBuiltInEmail, type BuiltInEmail, type Mailer } from '../email/index.ts';
import type { Executor } from '../../store/db.ts';
import type { User } from './user.ts';
import { findUserById } from './users.store.ts';

/** One built-in email to one address. */
export interface AccountEmail {
  marketplace: { name: string; url: string | null; disabledEmails?: readonly string[] | undefined };
  recipient: { id: string; email: string; firstName: string; lastName: string; displayName: string };
  /** The address mailed and whether it is verified (the delivery rule, email module `mayEmail`). */
  to: string;
  toVerified: boolean;
  email: BuiltInEmail;
}

/** The outcome of a user command: the user after it, and the mail to send after commit. */
export interface UserChange {
  user: User;
  emails: AccountEmail[];
}

/** The marketplace as emails show it; `settings.marketplaceUrl` is its web app (links point there). */
export async function emailMarketplace(db: Executor, marketplaceId: string): Promise<AccountEmail['marketplace']> {
  const m = await findMarketplaceById(db, marketplaceId);
  const url = m?.settings.marketplaceUrl;
  const disabled = m?.settings.disabledEmails;
  return {
    name: m?.name ?? '',
    url: typeof url === 'string' ? url : null,
    // The built-in emails the operator turned off (email module `emailEnabled`).
    disabledEmails: Array.isArray(disabled) ? disabled.filter((d): d is string => typeof d === 'string') : undefined,
  };
}

/** An email to `to` (default: the user's address) about `user`. */
export const accountEmail = (
  marketplace: AccountEmail['marketplace'],
  user: User,
  email: BuiltInEmail,
  to: { address: string; verified: boolean } = { address: user.email, verified: user.emailVerified },
): AccountEmail => ({
  marketplace,
  recipient: { id: user.id, email: user.email, firstName: user.firstName, lastName: user.lastName, displayName: user.displayName },
  to: to.address,
  toVerified: to.verified,
  email,
});

/**
 * "Listing approved" (domain §10.1) to the author of a listing the operator just approved; none
 * when the author is gone. Mailed after commit like the other account emails.
 */
export async function listingApprovedEmails(
  db: Executor,
  listing: { marketplaceId: string; id: string; title: string; authorId: string },
): Promise<AccountEmail[]> {
  const author = await findUserById(db, listing.marketplaceId, listing.authorId);
  if (!author || author.deleted || author.email === '') return [];
  const marketplace = await emailMarketplace(db, listing.marketplaceId);
  return [accountEmail(marketplace, author, { name: 'listing-approved', listing: { id: listing.id, title: listing.title } })];
}

/**
 * Sends the emails (suppressed ones are skipped by the delivery rule); `defaultUrl` is used for
 * links when the marketplace has no web app URL. Returns the errors of failed deliveries (never
 * thrown: the change is committed; the user can ask for another email).
 */
export async function deliverAccountEmails(mailer: Mailer, emails: AccountEmail[], defaultUrl: string): Promise<unknown[]> {
  const errors: unknown[] = [];
  for (const e of emails) {
    try {
      await sendBuiltInEmail(mailer, {
        marketplace: { name: e.marketplace.name, url: e.marketplace.url ?? defaultUrl, disabledEmails: e.marketplace.disabledEmails },
        recipient: e.recipient,
        emailVerified: e.toVerified,
        to: e.to,
        email: e.email,
      });
    } catch (err) {
      errors.push(err);
    }
  }
  return errors;
}
