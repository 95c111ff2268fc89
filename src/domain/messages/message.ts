/**
 * Messages (domain §6.2, catalogue §5.13): types and pure rules. A message always belongs to a
 * transaction and is written by one of its two parties; sending never changes the transaction's
 * state. Operators read every message (Integration API) but never send.
 */
import { badRequest, type ErrorSource } from '../errors.ts';
import type { WireValue } from '../../lib/values.ts';

/** A message as the domain sees it. */
export interface Message {
  id: string;
  marketplaceId: string;
  transactionId: string;
  senderId: string;
  content: string;
  deleted: boolean;
  createdAt: Date;
}

/**
 * Longest message content, in characters. Sharetribe's limit is unpublished (domain §13); this is
 * far above any chat message and keeps one message well under the request-body limit.
 */
export const MAX_MESSAGE_LENGTH = 10_000;

/** Who sends: a user of the transaction (the API principal, for events and audit data). */
export interface MessageSender {
  userId: string;
  clientId: string;
  requestId: string | null;
}

/** Who reads: a user sees the messages of their own transactions, an operator every message. */
export type MessageViewer = { kind: 'user'; userId: string } | { kind: 'operator' };

/**
 * The content to store: a non-blank string of at most MAX_MESSAGE_LENGTH characters, kept as
 * sent. Throws bad-request `validation-invalid-value` (path `content`).
 */
export function validMessageContent(content: string): string {
  const source: ErrorSource = { type: 'body', path: ['content'] };
  if (content.trim() === '') throw badRequest('validation-invalid-value', 'Message content must not be empty.', source);
  // Count code points, not UTF-16 units, so the limit means characters.
  if ([...content].length > MAX_MESSAGE_LENGTH) {
    throw badRequest('validation-invalid-value', `Message content must be at most ${MAX_MESSAGE_LENGTH} characters.`, source);
  }
  return content;
}

/** The `message` resource's attributes; a deleted message keeps only its time and flag. */
export function messageAttributes(m: Message): Record<string, WireValue> {
  return { content: m.deleted ? '' : m.content, createdAt: m.createdAt, deleted: m.deleted };
}
