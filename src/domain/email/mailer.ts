/**
 * Outgoing mail delivery through nodemailer. A Mailer is a dependency handed to whoever sends mail
 * (never a module singleton). Without an SMTP URL each message is written as an `.eml` file, so a
 * fresh install "sends" mail that an operator can open in any mail client.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { randomToken } from '../../lib/ids.ts';

/** One message to send. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  /** Plain-text alternative; renderEmail always derives one from the HTML. */
  text?: string;
  /** Overrides the configured From, e.g. `"My Marketplace" <no-reply@example.com>`. */
  from?: string;
  headers?: Record<string, string>;
}

/** Delivers mail; a dependency passed to use cases and jobs. */
export interface Mailer {
  /** Delivers one message; rejects when the transport fails (the SMTP server refuses, the disk is full). */
  send(message: OutgoingEmail): Promise<void>;
}

/** The part of Config a mailer needs. */
export interface MailerConfig {
  readonly dataDir: string;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
}

/** Builds the configured Mailer: SMTP when `smtpUrl` is set, else `.eml` files under `<dataDir>/mail`. */
export function createMailer(config: MailerConfig): Mailer {
  return config.smtpUrl === undefined
    ? createFileMailer(join(config.dataDir, 'mail'), config.mailFrom)
    : createSmtpMailer(config.smtpUrl, config.mailFrom);
}

/** Sends over SMTP; the URL carries host, port, credentials and options (`?ignoreTLS=true`). */
export function createSmtpMailer(smtpUrl: string, defaultFrom: string): Mailer {
  // One connection per message (no pool): nothing to close on shutdown, and mail volume is low.
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ ...message, from: message.from ?? defaultFrom });
    },
  };
}

/** Writes each message as `<dir>/<UTC timestamp>-<random>.eml` (written to a temp name, then renamed). */
export function createFileMailer(dir: string, defaultFrom: string): Mailer {
  const transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
  });
  return {
    async send(message) {
      const info = await transport.sendMail({ ...message, from: message.from ?? defaultFrom });
      const raw = info.message;
      if (!Buffer.isBuffer(raw))
        throw new Error('nodemailer stream transport did not return a buffer');
      await mkdir(dir, { recursive: true });
      // Sortable by time; the random part keeps messages of the same millisecond apart.
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = join(dir, `${stamp}-${randomToken(6)}.eml`);
      const tmp = `${file}.tmp`;
      await writeFile(tmp, raw, { flag: 'wx' });
      await rename(tmp, file);
    },
  };
}
