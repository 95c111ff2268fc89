/**
 * The built-in "New message" email over real SMTP (smtp-server on loopback): `messages/send`
 * schedules a job, the worker mails the other party with the sender's name and the message. An
 * unverified recipient gets nothing, the operator may turn the email off, and sending still
 * succeeds while SMTP is down (the job fails, backs off and is delivered on a later run).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeQp, startSmtpInbox, type ReceivedMail, type SmtpInbox } from '../support/smtp.ts';
import { sql } from 'kysely';
import { createSmtpMailer } from '../../src/domain/email/index.ts';
import { createPaymentsDeps } from '../../src/domain/payments/index.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { buildJobHandlers } from '../../src/jobs/handlers.ts';
import { runDueJobs } from '../../src/jobs/worker.ts';
import { newTransaction, startWorld, type World } from './helpers.ts';

const clock = new FakeClock(new Date('2031-05-01T09:00:00.000Z'));
let inbox: SmtpInbox;
let port = 0;
let received: ReceivedMail[] = [];
let w: World;

before(async () => {
  inbox = await startSmtpInbox();
  port = inbox.port;
  received = inbox.received;
  w = await startWorld({ clock });
  await setVerified(w.customer.user.id, true);
  await setVerified(w.provider.user.id, true);
  // Links in emails point at the marketplace's web app.
  await sql`update marketplaces set settings = settings || '{"marketplaceUrl":"https://canoes.example"}'::jsonb where id = ${w.m.marketplace.id}`.execute(w.server.handle.db);
});
after(async () => {
  await w.server.close();
  await inbox.close();
});

async function setVerified(userId: string, verified: boolean): Promise<void> {
  await sql`update users set email_verified = ${verified} where id = ${userId}`.execute(w.server.handle.db);
}

/** Runs the marketplace's due jobs with the app's handlers (as `bazaar worker` does), mailing through `smtpPort`. */
const runJobs = (smtpPort = port) =>
  runDueJobs({
    db: w.server.handle.db,
    clock,
    handlers: buildJobHandlers({
      config: w.server.config,
      db: w.server.handle.db,
      clock,
      mailer: createSmtpMailer(`smtp://127.0.0.1:${smtpPort}`, 'Bazaar <no-reply@bazaar.test>'),
      payments: createPaymentsDeps({ clock, publicUrl: w.server.config.publicUrl }),
    }),
    marketplaceId: w.m.marketplace.id,
  });

async function jobsOf(messageId: string): Promise<{ state: string; attempts: number; last_error: string | null }[]> {
  const { rows } = await sql<{ state: string; attempts: number; last_error: string | null }>`
    select state, attempts, last_error from jobs where marketplace_id = ${w.m.marketplace.id} and key = ${`message/${messageId}/email`}`.execute(w.server.handle.db);
  return rows;
}

async function send(caller: World['asCustomer'], transactionId: string, content: string): Promise<string> {
  const res = await caller.post('messages/send', { transactionId, content });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data?.id ?? '';
}

test('the provider receives the email with the sender name and the message; the customer a link to the order', async () => {
  const tx = await newTransaction(w);
  const id = await send(w.asCustomer, tx.id, 'Is the canoe free on Saturday?\nWe are two.');
  assert.deepEqual((await jobsOf(id)).map((j) => j.state), ['pending']);
  const before = received.length;
  assert.equal(await runJobs(), 1);
  const sent = received.slice(before);
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0]?.to, [w.provider.email]);
  const raw = decodeQp(sent[0]?.raw ?? '');
  assert.match(raw, new RegExp(`^Subject: ${w.customer.user.displayName} sent you a message about Test listing\\r?$`, 'm'));
  assert.match(raw, /Hi Pete,/);
  assert.match(raw, /Is the canoe free on Saturday\?/);
  assert.match(raw, new RegExp(`https://canoes\\.example/sale/${tx.id}`));
  assert.deepEqual((await jobsOf(id)).map((j) => j.state), ['done']);

  // The provider answers: the customer is mailed, with the order link.
  await send(w.asProvider, tx.id, 'Yes, it is.');
  const mark = received.length;
  assert.equal(await runJobs(), 1);
  const reply = received.slice(mark);
  assert.deepEqual(reply.map((r) => r.to), [[w.customer.email]]);
  const replyRaw = decodeQp(reply[0]?.raw ?? '');
  assert.match(replyRaw, /Hi Cora,/);
  assert.match(replyRaw, /Yes, it is\./);
  assert.match(replyRaw, new RegExp(`https://canoes\\.example/order/${tx.id}`));
});

test('an unverified recipient gets nothing (and nothing is kept for later)', async () => {
  const tx = await newTransaction(w);
  await setVerified(w.customer.user.id, false);
  try {
    const id = await send(w.asProvider, tx.id, 'Did you get my last message?');
    const before = received.length;
    assert.equal(await runJobs(), 1);
    assert.equal(received.length, before);
    assert.deepEqual((await jobsOf(id)).map((j) => j.state), ['done']);
    // Verifying later does not resend it.
    await setVerified(w.customer.user.id, true);
    assert.equal(await runJobs(), 0);
    assert.equal(received.length, before);
  } finally {
    await setVerified(w.customer.user.id, true);
  }
});

test('sending succeeds while SMTP is down; the delivery fails, backs off and goes out on a later run', async () => {
  const tx = await newTransaction(w);
  // A port nothing listens on: bind one, note it, close it.
  const probe = await startSmtpInbox();
  const deadPort = probe.port;
  await probe.close();

  const id = await send(w.asCustomer, tx.id, 'Sent while the mail server is down.');
  const before = received.length;
  assert.equal(await runJobs(deadPort), 0);
  const [failed] = await jobsOf(id);
  assert.equal(failed?.state, 'pending');
  assert.equal(failed?.attempts, 1);
  assert.ok(failed?.last_error, 'the failure is recorded');
  // Not due again before its backoff.
  assert.equal(await runJobs(), 0);
  clock.advance(60_000);
  assert.equal(await runJobs(), 1);
  const sent = received.slice(before);
  assert.equal(sent.length, 1);
  assert.match(decodeQp(sent[0]?.raw ?? ''), /Sent while the mail server is down\./);
  assert.deepEqual((await jobsOf(id)).map((j) => [j.state, j.attempts]), [['done', 2]]);
});

test('the operator can turn the email off (settings.disabledEmails)', async () => {
  const tx = await newTransaction(w);
  const db = w.server.handle.db;
  await sql`update marketplaces set settings = settings || '{"disabledEmails":["new-message"]}'::jsonb where id = ${w.m.marketplace.id}`.execute(db);
  try {
    await send(w.asCustomer, tx.id, 'Nobody is told about this one.');
    const before = received.length;
    assert.equal(await runJobs(), 1);
    assert.equal(received.length, before);
  } finally {
    await sql`update marketplaces set settings = settings - 'disabledEmails' where id = ${w.m.marketplace.id}`.execute(db);
  }
});

test('a refused send schedules no email', async () => {
  const tx = await newTransaction(w);
  const res = await w.asThird.post('messages/send', { transactionId: tx.id, content: 'Not my transaction.' });
  assert.equal(res.status, 403);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from jobs where marketplace_id = ${w.m.marketplace.id} and state = 'pending'`.execute(w.server.handle.db);
  assert.equal(rows[0]?.n, 0);
});
