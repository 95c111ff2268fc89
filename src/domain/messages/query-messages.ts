import { badRequest, forbidden, notFound } from '../errors.ts';
import { findTransactionParties } from '../transactions/index.ts';
import type { Executor } from '../../store/db.ts';
import type { Message, MessageViewer } from './message.ts';
import { selectMessageTransactionIds, selectMessages, selectTransactionMessages } from './messages.store.ts';

export interface QueryMessagesInput {
  marketplaceId: string;
  viewer: MessageViewer;
  /** The transaction whose messages to read; with `ids`, both must match. */
  transactionId?: string | undefined;
  /** Message ids (at most 100, checked by the caller's query parsing). */
  ids?: readonly string[] | undefined;
  page: number;
  perPage: number;
}

type Parties = { customerId: string; providerId: string };
const isParty = (parties: Parties, userId: string): boolean => parties.customerId === userId || parties.providerId === userId;

/**
 * The transactions whose messages the viewer may read among those the given messages belong to:
 * a user only their own transactions' (a message of anyone else's is skipped, as if unknown).
 */
async function readableTransactionIds(db: Executor, marketplaceId: string, viewer: MessageViewer, messageIds: readonly string[]): Promise<string[]> {
  const txIds = await selectMessageTransactionIds(db, marketplaceId, messageIds);
  if (viewer.kind === 'operator') return txIds;
  const readable: string[] = [];
  for (const txId of txIds) {
    const parties = await findTransactionParties(db, marketplaceId, txId);
    if (parties && isParty(parties, viewer.userId)) readable.push(txId);
  }
  return readable;
}

/**
 * `messages/query` (both APIs): a page of messages, newest first, by transaction and/or ids (one
 * of them is required). Users read only their own transactions' messages; operators all.
 * Throws bad-request `validation-missing-key` (neither filter), not-found (unknown transaction),
 * forbidden (a user asking for another's transaction).
 */
export async function queryMessages(db: Executor, input: QueryMessagesInput): Promise<{ messages: Message[]; totalItems: number }> {
  const { marketplaceId, viewer, transactionId, ids } = input;
  if (transactionId === undefined && ids === undefined) {
    throw badRequest('validation-missing-key', 'Give transactionId or ids (or both).', { type: 'query', path: ['transactionId'] });
  }
  let transactionIds: string[];
  if (transactionId !== undefined) {
    const parties = await findTransactionParties(db, marketplaceId, transactionId);
    if (!parties) throw notFound('Transaction not found.');
    if (viewer.kind === 'user' && !isParty(parties, viewer.userId)) {
      throw forbidden('forbidden', "Only the transaction's customer and provider may read its messages.");
    }
    transactionIds = [parties.id];
  } else {
    transactionIds = await readableTransactionIds(db, marketplaceId, viewer, ids ?? []);
  }
  const { messages, total } = await selectMessages(db, {
    marketplaceId,
    transactionIds,
    ids,
    limit: input.perPage,
    offset: (input.page - 1) * input.perPage,
  });
  return { messages, totalItems: total };
}

/**
 * Messages of the given transactions, newest first, for include resolvers (`transaction.messages`).
 * The caller has already decided the viewer may see those transactions.
 */
export const findTransactionMessages = (db: Executor, marketplaceId: string, transactionIds: readonly string[]): Promise<Message[]> =>
  selectTransactionMessages(db, marketplaceId, transactionIds);
