import {
  emailEnabled,
  mayEmail,
  type BuiltInEmail,
  type EmailMarketplace,
  type EmailRecipient,
} from './email.ts';
import type { Mailer } from './mailer.ts';
import { builtInEmailContext, renderEmail } from './render-email.ts';

export interface SendBuiltInEmailInput {
  marketplace: EmailMarketplace;
  recipient: EmailRecipient;
  /** Whether `to` is a verified address (see mayEmail). */
  emailVerified: boolean;
  /** The address to mail; the recipient's email unless given (e.g. the old address on a change). */
  to?: string;
  email: BuiltInEmail;
}

/**
 * Renders and sends a built-in account email unless the delivery rule suppresses it or the
 * marketplace turned this kind off; resolves to whether it was sent. Rejects when the mail
 * transport fails.
 */
export async function sendBuiltInEmail(
  mailer: Mailer,
  input: SendBuiltInEmailInput,
): Promise<boolean> {
  if (!mayEmail({ emailVerified: input.emailVerified }, input.email.name)) return false;
  if (!emailEnabled({ disabledEmails: input.marketplace.disabledEmails }, input.email.name)) return false;
  const rendered = renderEmail(
    input.email.name,
    builtInEmailContext(input.marketplace, input.recipient, input.email),
  );
  await mailer.send({ to: input.to ?? input.recipient.email, ...rendered });
  return true;
}
