// Sending one transaction notification (domain §1.6, §10): the process's template rendered with
// the transaction's email context (as the transaction is when the mail leaves), to the recipient
// role's user, only to a verified address (checked at send time, §12.8).
import { findBookingOfTransaction } from '../../domain/bookings/index.ts';
import { mayEmail, type Mailer } from '../../domain/email/index.ts';
import { findJobs } from '../../domain/jobs/index.ts';
import { findListingsByIds } from '../../domain/listings/index.ts';
import { findMarketplaceById } from '../../domain/marketplaces/index.ts';
import { findTransactionReviews } from '../../domain/reviews/index.ts';
import { findStockReservationOfTransaction } from '../../domain/stock/index.ts';
import type { Transaction } from '../../domain/transactions/index.ts';
import { findUserById, type User } from '../../domain/users/index.ts';
import { Money } from '../../lib/values.ts';
import type { Executor } from '../../store/db.ts';
import type { NotificationDef } from '../definition/index.ts';
import {
  buildTransactionEmailContext,
  recipientOf,
  renderNotification,
  type EmailUser,
  type TransactionEmailInput,
} from '../notifications/index.ts';
import type { LoadedProcess } from '../registry/index.ts';
import { entryTransitionPrefix, stateEntryOf } from './timers.ts';
import { lineItemsOf } from './transaction-view.ts';

/** What delivery needs besides the database. */
export interface NotificationDeps {
  readonly mailer: Mailer;
  /** Base of links in emails when the marketplace has no `marketplaceUrl` setting. */
  readonly defaultUrl: string;
}

/** Why a notification was not sent (or `sent`). */
export type DeliveryResult = 'sent' | 'recipient-unverified' | 'recipient-gone';

const emailUser = (u: User): EmailUser => ({
  id: u.id,
  firstName: u.firstName,
  lastName: u.lastName,
  displayName: u.displayName,
  publicData: u.publicData,
  protectedData: u.protectedData,
  privateData: u.privateData,
  metadata: u.metadata,
});

const money = (m: { amount: number; currency: string } | null): Money | null => (m ? new Money(m.amount, m.currency) : null);

/** The email context input of a transaction, read as it is now. */
async function emailInput(db: Executor, tx: Transaction, customer: User, provider: User, defaultUrl: string): Promise<Omit<TransactionEmailInput, 'recipientRole'>> {
  const [marketplace, [listing], booking, reservation, reviews, timers] = [
    await findMarketplaceById(db, tx.marketplaceId),
    await findListingsByIds(db, tx.marketplaceId, [tx.listingId]),
    await findBookingOfTransaction(db, tx.marketplaceId, tx.id),
    await findStockReservationOfTransaction(db, tx.marketplaceId, tx.id),
    await findTransactionReviews(db, tx.marketplaceId, [tx.id], { kind: 'operator' }),
    await findJobs(db, { marketplaceId: tx.marketplaceId, keyPrefix: entryTransitionPrefix(tx.id, stateEntryOf(tx)), states: ['pending'] }),
  ];
  const url = marketplace?.settings.marketplaceUrl;
  const plan = listing?.availabilityPlan;
  return {
    marketplace: { name: marketplace?.name ?? '', url: typeof url === 'string' ? url : defaultUrl },
    transaction: {
      id: tx.id,
      state: tx.state,
      lastTransition: tx.lastTransition,
      createdAt: tx.createdAt,
      lastTransitionedAt: tx.lastTransitionedAt,
      lineItems: lineItemsOf(tx),
      payinTotal: money(tx.payinTotal),
      payoutTotal: money(tx.payoutTotal),
      protectedData: tx.protectedData,
      metadata: tx.metadata,
    },
    listing: {
      id: tx.listingId,
      title: listing?.title ?? '',
      publicData: listing?.publicData ?? {},
      privateData: listing?.privateData ?? {},
      metadata: listing?.metadata ?? {},
      availabilityPlan: plan ? (plan.type === 'availability-plan/time' ? { type: plan.type, timezone: plan.timezone } : { type: plan.type }) : null,
      currentStock: listing?.stockQuantity ?? null,
    },
    customer: emailUser(customer),
    provider: emailUser(provider),
    booking: booking
      ? { start: booking.start, end: booking.end, displayStart: booking.displayStart, displayEnd: booking.displayEnd, seats: booking.seats, state: booking.state }
      : null,
    stockReservation: reservation ? { quantity: reservation.quantity, state: reservation.state } : null,
    reviews: reviews.map((r) => ({ type: r.type, content: r.content })),
    delayedTransitionRunAt: timers[0]?.runAt ?? null,
  };
}

/**
 * Renders and sends notification `def` of `tx`. A recipient whose address is not verified (or who
 * is gone) gets nothing, and the notification is not kept for later. Throws when the template
 * cannot be rendered or the mailer fails (the job retries).
 */
export async function deliverNotification(
  db: Executor,
  deps: NotificationDeps,
  input: { tx: Transaction; process: LoadedProcess; notification: NotificationDef },
): Promise<DeliveryResult> {
  const { tx } = input;
  const recipient = recipientOf(input.notification, tx);
  const [customer, provider] = [await findUserById(db, tx.marketplaceId, tx.customerId), await findUserById(db, tx.marketplaceId, tx.providerId)];
  const to = recipient.role === 'customer' ? customer : provider;
  if (!customer || !provider || !to || to.deleted || to.email === '') return 'recipient-gone';
  if (!mayEmail(to, 'transaction-notification')) return 'recipient-unverified';
  const context = buildTransactionEmailContext({ ...(await emailInput(db, tx, customer, provider, deps.defaultUrl)), recipientRole: recipient.role });
  const email = renderNotification(input.process.templates, input.notification.template, context);
  await deps.mailer.send({ to: to.email, subject: email.subject, html: email.html, text: email.text });
  return 'sent';
}
