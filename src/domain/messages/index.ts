/** Messages between the two parties of a transaction (domain §6.2). */
export type { Message, MessageSender, MessageViewer } from './message.ts';
export { MAX_MESSAGE_LENGTH, messageAttributes, validMessageContent } from './message.ts';
export { messageEventResource } from './message-event.ts';
export { sendMessage, type SendMessageInput } from './send-message.ts';
export { queryMessages, findTransactionMessages, type QueryMessagesInput } from './query-messages.ts';
export {
  NEW_MESSAGE_EMAIL_JOB,
  deliverNewMessageEmail,
  newMessageEmailJobHandler,
  type NewMessageEmailDeps,
  type NewMessageEmailResult,
} from './new-message-email.ts';
