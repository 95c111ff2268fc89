/**
 * A transaction notification over real SMTP (smtp-server on loopback): the booking fixture's own
 * `booking-accepted-request` template, sent when the provider accepts a request of
 * BOOKING_REQUEST_PROCESS, reaches the customer — with the listing's time zone applied to the
 * booking times, the money formatted, and the transaction's protected data filled in. An
 * unverified recipient gets nothing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeQp, startSmtpInbox, type ReceivedMail, type SmtpInbox } from '../support/smtp.ts';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createSmtpMailer } from '../../src/domain/email/index.ts';
import { runDueJobs } from '../../src/jobs/worker.ts';
import { processJobHandlers } from '../../src/process-engine/index.ts';
import { readProcessDirectory } from '../../src/process-engine/registry/index.ts';
import { BOOKING_REQUEST_PROCESS } from '../transactions/test-processes.ts';
import { FIXTURES, createListing, pushProcessAs, startWorld, type World } from '../transactions/helpers.ts';

let inbox: SmtpInbox;
let port = 0;
let received: ReceivedMail[] = [];
let w: World;
let listingId: string;

before(async () => {
  inbox = await startSmtpInbox();
  port = inbox.port;
  received = inbox.received;

  w = await startWorld({ start: new Date('2031-02-01T08:00:00.000Z') });
  const fixture = readProcessDirectory(join(FIXTURES, 'default-booking'));
  const accepted = fixture.templates['booking-accepted-request'];
  assert.ok(accepted);
  await pushProcessAs(w, 'booking-request', {
    source: BOOKING_REQUEST_PROCESS.source.replace(':template :accepted', ':template :booking-accepted-request'),
    templates: { ...BOOKING_REQUEST_PROCESS.templates, 'booking-accepted-request': accepted },
  });
  listingId = await createListing(w, { title: 'Lakeside sauna', timezone: 'Europe/Helsinki' });
});
after(async () => {
  await w.server.close();
  await inbox.close();
});

const runJobsOverSmtp = () =>
  runDueJobs({
    db: w.server.handle.db,
    clock: w.clock,
    handlers: processJobHandlers({ mailer: createSmtpMailer(`smtp://127.0.0.1:${port}`, 'Bazaar <no-reply@bazaar.test>'), defaultUrl: 'https://sauna.example' }),
    marketplaceId: w.m.marketplace.id,
  });

async function requestAndAccept(day: number): Promise<string> {
  const req = await w.asTrustedCustomer.post('transactions/initiate', {
    processAlias: 'booking-request/release-1',
    transition: 'transition/request',
    params: {
      listingId,
      bookingStart: `2031-02-${day}T10:00:00.000Z`,
      bookingEnd: `2031-02-${day}T12:30:00.000Z`,
      protectedData: { priceVariantName: 'Weekend rate' },
      lineItems: [{ code: 'line-item/hour', unitPrice: { amount: 2250, currency: 'EUR' }, quantity: 2.5, includeFor: ['customer', 'provider'] }],
    },
  });
  assert.equal(req.status, 200, JSON.stringify(req.body));
  const id = req.body.data?.id ?? '';
  assert.equal((await w.asProvider.post('transactions/transition', { id, transition: 'transition/accept', params: {} })).status, 200);
  return id;
}

test('the customer receives the accepted-request email over SMTP with times in the listing zone, money and protected data', async () => {
  const id = await requestAndAccept(10);
  await runJobsOverSmtp();
  const toCustomer = received.filter((r) => r.to.includes(w.customer.email));
  assert.equal(toCustomer.length, 1);
  const raw = toCustomer[0]?.raw ?? '';
  assert.match(raw, /^Subject: Your booking request was accepted\r?$/m);
  const body = decodeQp(raw);
  assert.match(body, /Lakeside sauna/);
  assert.match(body, /Weekend rate/);
  // 2.5 h × 22.50 € = 56.25 €; the booking 10:00–12:30 UTC is 12:00–14:30 in Helsinki (UTC+2 in February).
  assert.match(body, /for Lakeside sauna from Feb 10, 2031, 12:00 PM to Feb 10, 2031, 2:30 PM\./);
  assert.doesNotMatch(body, /10:00 AM/);
  assert.match(body, /charged for 56\.25 EUR/);
  assert.match(body, new RegExp(`https://sauna\\.example/order/${id}/`));
  // The provider's new-request email went too (a test template).
  assert.ok(received.some((r) => r.to.includes(w.provider.email) && /Subject: New request for Lakeside sauna/.test(r.raw)));
});

test('an unverified recipient gets nothing', async () => {
  await sql`update users set email_verified = false where id = ${w.customer.user.id}`.execute(w.server.handle.db);
  const before = received.length;
  await requestAndAccept(11);
  await runJobsOverSmtp();
  const sent = received.slice(before);
  assert.equal(sent.filter((r) => r.to.includes(w.customer.email)).length, 0);
  assert.equal(sent.filter((r) => r.to.includes(w.provider.email)).length, 1);
});
