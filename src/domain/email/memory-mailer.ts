import type { Mailer, OutgoingEmail } from './mailer.ts';

/** A Mailer that keeps messages in memory, for tests of code that sends mail. */
export function createMemoryMailer(): Mailer & { readonly sent: OutgoingEmail[] } {
  const sent: OutgoingEmail[] = [];
  return {
    sent,
    async send(message) {
      sent.push({ ...message });
    },
  };
}
