// Transaction notifications (domain.md §10): the email context, template rendering and recipient.
//
// The transition runner, after a transition commits (or when a delayed notification is due):
//   const { role, userId } = recipientOf(notification, tx);   // then skip unless the address is verified
//   const context = buildTransactionEmailContext({ ...rows, recipientRole: role });
//   const email = renderNotification(processTemplates, notification.template, context, { assets });
//   mailer.send({ to, subject: email.subject, html: email.html, text: email.text });
export {
  buildTransactionEmailContext,
  emailMoney,
  type EmailUser,
  type TransactionEmailInput,
} from './transaction-email-context.ts';
export {
  compileNotificationTemplate,
  renderNotification,
  type NotificationTemplates,
  type RenderNotificationOptions,
} from './render-notification.ts';
export { recipientOf, type NotificationRecipient } from './recipient.ts';
export { emailDate, HtmlTag, type NotificationAssets } from './notification-helpers.ts';
export {
  IcuSyntaxError,
  checkIcuMessage,
  formatIcuMessage,
  type IcuFormatOptions,
} from './icu-message.ts';
