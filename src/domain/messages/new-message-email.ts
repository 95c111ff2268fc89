/**
 * The built-in "New message" email (domain §10.1, §10.4): when a party sends a message, the other
 * party is told by mail. `messages/send` only schedules a job in its own transaction (so the
 * request never waits on SMTP, a rolled-back send mails nothing, and a failed delivery is retried
 * by the worker with backoff); the job renders and sends the email when it runs.
 */
import {
  emailEnabled,
  mayEmail,
  renderEmail,
  builtInEmailContext,
  type EmailUser,
  type Mailer,
} from '../email/index.ts';
import { scheduleJob } from '../jobs/index.ts';
import { findListingsByIds } from '../listings/index.ts';
import { findMarketplaceById } from '../marketplaces/index.ts';
import { findTransaction } from '../transactions/index.ts';
import { findUserById, type User } from '../users/index.ts';
import type { Executor, Trx } from '../../store/db.ts';
import type { Message } from './message.ts';
import { selectMessageById } from './messages.store.ts';

/** The job kind (src/jobs/handlers.ts registers its handler). */
export const NEW_MESSAGE_EMAIL_JOB = 'new-message-email';

/** What delivery needs besides the database. */
export interface NewMessageEmailDeps {
  readonly mailer: Mailer;
  /** Base of links in emails when the marketplace has no `marketplaceUrl` setting. */
  readonly defaultUrl: string;
}

/** Why no email went (or `sent`). */
export type NewMessageEmailResult = 'sent' | 'disabled' | 'recipient-unverified' | 'recipient-gone' | 'message-gone';

/** Schedules the email about `message`, due at once, in the sending transaction. */
export async function scheduleNewMessageEmail(trx: Trx, message: Message, now: Date): Promise<void> {
  await scheduleJob(trx, {
    marketplaceId: message.marketplaceId,
    kind: NEW_MESSAGE_EMAIL_JOB,
    key: `message/${message.id}/email`,
    runAt: now,
    payload: { messageId: message.id },
    now,
  });
}

const emailUser = (u: User): EmailUser => ({ id: u.id, firstName: u.firstName, lastName: u.lastName, displayName: u.displayName });

/**
 * Sends the "New message" email about message `messageId` to the other party of its transaction,
 * as things are when it runs: nothing when the marketplace disabled the email, the recipient's
 * address is not verified (not kept for later), the recipient is gone, or the message was deleted.
 * Throws when the mailer fails, so the job is retried.
 */
export async function deliverNewMessageEmail(
  db: Executor,
  deps: NewMessageEmailDeps,
  input: { marketplaceId: string; messageId: string },
): Promise<NewMessageEmailResult> {
  const message = await selectMessageById(db, input.marketplaceId, input.messageId);
  const tx = message && !message.deleted ? await findTransaction(db, input.marketplaceId, message.transactionId) : undefined;
  if (!message || !tx) return 'message-gone';
  const marketplace = await findMarketplaceById(db, input.marketplaceId);
  if (!marketplace) return 'message-gone';
  if (!emailEnabled(marketplace.settings, 'new-message')) return 'disabled';
  const recipientRole = message.senderId === tx.customerId ? 'provider' : 'customer';
  const [customer, provider] = [await findUserById(db, tx.marketplaceId, tx.customerId), await findUserById(db, tx.marketplaceId, tx.providerId)];
  const [sender, recipient] = recipientRole === 'provider' ? [customer, provider] : [provider, customer];
  if (!customer || !provider || !sender || !recipient || recipient.deleted || recipient.email === '') return 'recipient-gone';
  if (!mayEmail(recipient, 'new-message')) return 'recipient-unverified';
  const [listing] = await findListingsByIds(db, tx.marketplaceId, [tx.listingId]);
  const url = marketplace.settings.marketplaceUrl;
  const context = builtInEmailContext(
    { name: marketplace.name, url: typeof url === 'string' ? url : deps.defaultUrl },
    { ...emailUser(recipient), email: recipient.email },
    {
      name: 'new-message',
      recipientRole,
      message: {
        sender: emailUser(sender),
        content: message.content,
        transaction: {
          id: tx.id,
          state: tx.state,
          lastTransition: tx.lastTransition,
          createdAt: tx.createdAt,
          listing: { id: tx.listingId, title: listing?.title ?? '' },
          customer: emailUser(customer),
          provider: emailUser(provider),
        },
      },
    },
  );
  const email = renderEmail('new-message', context);
  await deps.mailer.send({ to: recipient.email, subject: email.subject, html: email.html, text: email.text });
  return 'sent';
}

/**
 * The worker's handler for NEW_MESSAGE_EMAIL_JOB (structurally a JobHandler of src/jobs/worker.ts):
 * runs in the job's transaction, so the job completes only when the mail went out.
 */
export const newMessageEmailJobHandler =
  (deps: NewMessageEmailDeps) =>
  async ({ trx, job }: { trx: Trx; job: { marketplaceId: string; key: string; payload: Readonly<Record<string, unknown>> } }): Promise<void> => {
    const { messageId } = job.payload;
    if (typeof messageId !== 'string') throw new Error(`job ${job.key}: malformed payload`);
    await deliverNewMessageEmail(trx, deps, { marketplaceId: job.marketplaceId, messageId });
  };
