/**
 * A real SMTP server on 127.0.0.1 (smtp-server) that keeps what it receives: the mail tests send
 * through Bazaar's SMTP mailer to it and read the messages back.
 */
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope sender ('' for the null sender). */
  from: string;
  /** The envelope recipients. */
  to: string[];
  /** The message as sent (headers and body). */
  raw: string;
}

export interface SmtpInbox {
  port: number;
  /** Every message received so far, oldest first. */
  received: ReceivedMail[];
  /** Resolves when the next message has arrived. */
  next(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the server on a free loopback port (plain SMTP: no STARTTLS, no AUTH). */
export async function startSmtpInbox(): Promise<SmtpInbox> {
  const received: ReceivedMail[] = [];
  let waiters: (() => void)[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        for (const resolve of waiters) resolve();
        waiters = [];
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const address = smtp.server.address();
  if (address === null || typeof address === 'string') throw new Error('SMTP server did not bind');
  return {
    port: address.port,
    received,
    next: () => new Promise<void>((resolve) => waiters.push(resolve)),
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

/** Decodes a quoted-printable body (soft line breaks and =XX escapes). */
export const decodeQp = (s: string): string =>
  Buffer.from(
    s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');
