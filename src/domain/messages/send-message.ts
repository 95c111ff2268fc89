import { conflict, forbidden } from '../errors.ts';
import { appendEvent } from '../events/index.ts';
import { findTransactionParties, noteTransactionMessage } from '../transactions/index.ts';
import { newId } from '../../lib/ids.ts';
import type { Trx } from '../../store/db.ts';
import { validMessageContent, type Message, type MessageSender } from './message.ts';
import { messageEventResource } from './message-event.ts';
import { insertMessage } from './messages.store.ts';
import { scheduleNewMessageEmail } from './new-message-email.ts';

export interface SendMessageInput {
  marketplaceId: string;
  sender: MessageSender;
  transactionId: string;
  content: string;
  now: Date;
}

/**
 * `messages/send`: a party of the transaction writes to the other, in any state of the transaction
 * (domain §6.2). Records the transaction's last message time, schedules the "New message" email to
 * the other party (a job: the worker mails it after commit) and appends `message/created` last.
 * Throws bad-request (blank or too long content), conflict `transaction-not-found` (no such
 * transaction), forbidden (the sender is not a party).
 *
 * Login-as tokens may send: Sharetribe limits them (`user:limited`) only in live environments, and
 * Bazaar issues the dev/test scope (see grant-authorization-code.ts).
 */
export async function sendMessage(trx: Trx, input: SendMessageInput): Promise<Message> {
  const { marketplaceId, sender } = input;
  const content = validMessageContent(input.content);
  const parties = await findTransactionParties(trx, marketplaceId, input.transactionId);
  if (!parties) throw conflict('transaction-not-found', `No transaction ${input.transactionId} in this marketplace.`);
  if (parties.customerId !== sender.userId && parties.providerId !== sender.userId) {
    throw forbidden('forbidden', 'Only the customer and the provider of a transaction may send messages in it.');
  }
  const message = await insertMessage(trx, {
    id: newId(),
    marketplaceId,
    transactionId: parties.id,
    senderId: sender.userId,
    content,
    createdAt: input.now,
  });
  await noteTransactionMessage(trx, marketplaceId, parties.id, message.createdAt);
  await scheduleNewMessageEmail(trx, message, input.now);
  await appendEvent(trx, {
    marketplaceId,
    eventType: 'message/created',
    resourceType: 'message',
    resourceId: message.id,
    resource: messageEventResource(message),
    previousValues: null,
    relatedResourceIds: [parties.id, parties.customerId, parties.providerId],
    source: 'source/marketplace-api',
    auditData: { userId: sender.userId, adminId: null, requestId: sender.requestId, clientId: sender.clientId },
  });
  return message;
}
