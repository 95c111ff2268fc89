import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { decodeQp, startSmtpInbox, type ReceivedMail, type SmtpInbox } from '../support/smtp.ts';
import { createMailer, sendBuiltInEmail } from '../../src/domain/email/index.ts';
import { loadConfig } from '../../src/config.ts';

let inbox: SmtpInbox;
let port = 0;
let received: ReceivedMail[] = [];
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bazaar-mail-'));
  inbox = await startSmtpInbox();
  port = inbox.port;
  received = inbox.received;
});

after(async () => {
  await inbox.close();
  await rm(dataDir, { recursive: true, force: true });
});

const recipient = {
  id: 'u1',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  displayName: 'Ada L',
};
const marketplace = { name: 'Sauna Rentals', url: 'https://saunas.example.com/' };

test('SMTP: a verification email arrives with To, Subject and the token in the link', async () => {
  const config = loadConfig({
    BAZAAR_DATA_DIR: dataDir,
    BAZAAR_SMTP_URL: `smtp://127.0.0.1:${port}`,
    BAZAAR_MAIL_FROM: 'Saunas <mail@saunas.example.com>',
  });
  const mailer = createMailer(config);
  const token = 'tok_' + 'x'.repeat(60) + '-Z9';
  const sent = await sendBuiltInEmail(mailer, {
    marketplace,
    recipient,
    emailVerified: false,
    email: { name: 'verify-email', verificationToken: token },
  });
  assert.equal(sent, true);
  const msg = received.at(-1);
  assert.ok(msg);
  assert.deepEqual(msg.to, ['ada@example.com']);
  assert.equal(msg.from, 'mail@saunas.example.com');
  assert.match(msg.raw, /^To: ada@example\.com\r?$/m);
  assert.match(msg.raw, /^Subject: Verify your email address for Sauna Rentals\r?$/m);
  assert.match(msg.raw, /^From: Saunas <mail@saunas\.example\.com>\r?$/m);
  assert.match(msg.raw, /Content-Type: multipart\/alternative/);
  const body = decodeQp(msg.raw);
  assert.ok(
    body.includes(`href="https://saunas.example.com/verify-email?t=${token}"`),
    'HTML link with the token',
  );
  assert.ok(body.includes('Hi Ada,'));
  assert.ok(
    body.includes(`Verify your email address (https://saunas.example.com/verify-email?t=${token})`),
    'text part',
  );
});

test('SMTP: a suppressed email is not sent to an unverified address', async () => {
  const mailer = createMailer({
    dataDir,
    smtpUrl: `smtp://127.0.0.1:${port}`,
    mailFrom: 'x@example.com',
  });
  const before = received.length;
  const sent = await sendBuiltInEmail(mailer, {
    marketplace,
    recipient,
    emailVerified: false,
    email: { name: 'email-changed' },
  });
  assert.equal(sent, false);
  assert.equal(received.length, before);
});

test('SMTP: custom headers are delivered and a refused connection rejects', async () => {
  const mailer = createMailer({
    dataDir,
    smtpUrl: `smtp://127.0.0.1:${port}`,
    mailFrom: 'x@example.com',
  });
  await mailer.send({
    to: 'b@example.com',
    subject: 'Hi',
    html: '<p>Hello</p>',
    headers: { 'X-Bazaar-Kind': 'test' },
  });
  assert.match(received.at(-1)?.raw ?? '', /^X-Bazaar-Kind: test\r?$/m);
  const closed = new SMTPServer({ disabledCommands: ['STARTTLS'] });
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const addr = closed.server.address();
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  const dead = createMailer({
    dataDir,
    smtpUrl: `smtp://127.0.0.1:${addr.port}`,
    mailFrom: 'x@example.com',
  });
  await assert.rejects(dead.send({ to: 'b@example.com', subject: 'Hi', html: '<p>Hello</p>' }));
});

test('file transport: without an SMTP URL each message is a readable .eml under <dataDir>/mail', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bazaar-eml-'));
  try {
    const mailer = createMailer(loadConfig({ BAZAAR_DATA_DIR: dir }));
    const token = 'reset-token-123';
    await sendBuiltInEmail(mailer, {
      marketplace,
      recipient: { ...recipient, email: 'ada+test@example.com' },
      emailVerified: false,
      email: { name: 'reset-password', passwordResetToken: token },
    });
    await mailer.send({ to: 'c@example.com', subject: 'Second', html: '<p>Two</p>' });
    const files = (await readdir(join(dir, 'mail'))).sort();
    assert.equal(files.length, 2);
    assert.ok(files.every((f) => f.endsWith('.eml')));
    const contents = await Promise.all(files.map((f) => readFile(join(dir, 'mail', f), 'utf8')));
    const eml = contents.find((r) => r.includes('Subject: Reset your')) ?? '';
    assert.match(eml, /^From: Bazaar <no-reply@localhost>\r$/m);
    assert.match(eml, /^To: ada\+test@example\.com\r$/m);
    assert.match(eml, /^Subject: Reset your Sauna Rentals password\r$/m);
    assert.match(eml, /^Message-ID: </m);
    const body = decodeQp(eml);
    assert.ok(body.includes('reset-password?t=reset-token-123&amp;e=ada%2Btest%40example.com'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
