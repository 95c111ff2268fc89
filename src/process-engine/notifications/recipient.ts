// Who a notification goes to (domain.md §1.6): its `:to` role in this transaction.
import type { NotificationDef } from '../definition/index.ts';
import type { Party } from '../pricing/index.ts';

/** The recipient of a notification: the role (for the email context) and the user. */
export interface NotificationRecipient {
  readonly role: Party;
  readonly userId: string;
}

/**
 * The user a notification is addressed to: `:actor.role/customer` → the transaction's customer,
 * `:actor.role/provider` → its provider (the process format has no operator recipients).
 *
 * Delivery rule the caller enforces, at send time: mail goes only to a VERIFIED address
 * (`mayEmail(user, 'transaction-notification')` from domain/email); an unverified recipient's
 * notification is skipped, not queued for later (domain.md §10.1, §12.8).
 */
export function recipientOf(
  notification: Pick<NotificationDef, 'to'>,
  tx: { readonly customerId: string; readonly providerId: string },
): NotificationRecipient {
  return notification.to === 'actor.role/customer'
    ? { role: 'customer', userId: tx.customerId }
    : { role: 'provider', userId: tx.providerId };
}
