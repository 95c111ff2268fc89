/**
 * Bazaar's own processes (processes/): valid without warnings, the flows they promise (payment
 * steps, timers, bookings, stock, disputes, reviews), written for Bazaar (no file equals a
 * fixture's), and every template renders for its recipients with a full email context.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  checkProcess,
  delayedTransitionsFrom,
  findTransition,
  isTerminalState,
  type ProcessDefinition,
} from '../../src/process-engine/definition/index.ts';
import {
  buildTransactionEmailContext,
  renderNotification,
} from '../../src/process-engine/notifications/index.ts';
import {
  DEFAULT_PROCESSES_DIR,
  defaultProcessNames,
  readProcessDirectory,
  validatePush,
} from '../../src/process-engine/registry/index.ts';
import { Money } from '../../src/lib/values.ts';

const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures/processes');

function load(name: string): {
  definition: ProcessDefinition;
  templates: ReturnType<typeof validatePush>['templates'];
} {
  const files = readProcessDirectory(join(DEFAULT_PROCESSES_DIR, name));
  const check = checkProcess(files.source, { templates: Object.keys(files.templates) });
  assert.deepEqual(check.problems, [], name);
  assert.deepEqual(check.warnings, [], name);
  const pushed = validatePush({ name, ...files });
  return { definition: pushed.definition, templates: pushed.templates };
}

const actionsOf = (def: ProcessDefinition, transition: string): string[] =>
  findTransition(def, `transition/${transition}`)?.actions.map((a) =>
    a.name.replace('action/', ''),
  ) ?? [];
const terminal = (def: ProcessDefinition): string[] =>
  def.states
    .filter((s) => isTerminalState(def, s))
    .map((s) => s.replace('state/', ''))
    .sort();
const delayedFrom = (def: ProcessDefinition, state: string): string[] =>
  delayedTransitionsFrom(def, `state/${state}`)
    .map((t) => t.name.replace('transition/', ''))
    .sort();

test('the three default processes exist', () => {
  assert.deepEqual(defaultProcessNames(), ['bazaar-booking', 'bazaar-inquiry', 'bazaar-purchase']);
});

test('bazaar-booking: paid request, accept/decline/expire on timers, cancel, completion, reviews', () => {
  const { definition: def } = load('bazaar-booking');
  const requestPayment = findTransition(def, 'transition/request-payment');
  assert.equal(requestPayment?.privileged, true);
  assert.deepEqual(actionsOf(def, 'request-payment'), [
    'update-protected-data',
    'create-pending-booking',
    'privileged-set-line-items',
    'stripe-create-payment-intent',
  ]);
  assert.deepEqual(requestPayment?.actions[1]?.config, { type: { type: 'keyword', name: 'time' } });
  assert.deepEqual(actionsOf(def, 'confirm-payment'), ['stripe-confirm-payment-intent']);
  assert.deepEqual(actionsOf(def, 'accept'), ['accept-booking', 'stripe-capture-payment-intent']);
  for (const t of ['decline', 'expire', 'expire-payment', 'operator-decline']) {
    assert.deepEqual(
      actionsOf(def, t),
      ['calculate-full-refund', 'stripe-refund-payment', 'decline-booking'],
      t,
    );
  }
  assert.deepEqual(actionsOf(def, 'cancel'), [
    'calculate-full-refund',
    'stripe-refund-payment',
    'cancel-booking',
  ]);
  assert.deepEqual(actionsOf(def, 'complete'), ['stripe-create-payout']);
  assert.deepEqual(delayedFrom(def, 'pending-payment'), ['expire-payment']);
  assert.deepEqual(delayedFrom(def, 'requested'), ['expire']);
  assert.deepEqual(delayedFrom(def, 'accepted'), ['complete']);
  assert.equal(findTransition(def, 'transition/expire')?.at?.fn, 'min');
  assert.deepEqual(actionsOf(def, 'review-2-by-customer'), [
    'post-review-by-customer',
    'publish-reviews',
  ]);
  assert.deepEqual(terminal(def), [
    'cancelled',
    'declined',
    'expired',
    'payment-expired',
    'reviewed',
  ]);
});

test('bazaar-purchase: stock reservation, payment, shipping, receiving, disputes, reviews', () => {
  const { definition: def } = load('bazaar-purchase');
  assert.deepEqual(actionsOf(def, 'request-payment'), [
    'update-protected-data',
    'create-pending-stock-reservation',
    'privileged-set-line-items',
    'stripe-create-payment-intent',
  ]);
  assert.deepEqual(actionsOf(def, 'confirm-payment'), [
    'accept-stock-reservation',
    'stripe-confirm-payment-intent',
    'stripe-capture-payment-intent',
  ]);
  assert.deepEqual(actionsOf(def, 'expire-payment'), [
    'calculate-full-refund',
    'stripe-refund-payment',
    'decline-stock-reservation',
  ]);
  for (const t of [
    'cancel',
    'provider-cancel',
    'auto-cancel',
    'cancel-from-disputed',
    'auto-cancel-from-disputed',
  ]) {
    assert.equal(actionsOf(def, t).at(-1), 'cancel-stock-reservation', `${t} releases stock last`);
  }
  assert.deepEqual(actionsOf(def, 'mark-received'), ['stripe-create-payout']);
  assert.deepEqual(delayedFrom(def, 'purchased'), ['auto-cancel']);
  assert.deepEqual(delayedFrom(def, 'shipped'), ['auto-mark-received']);
  assert.deepEqual(delayedFrom(def, 'disputed'), ['auto-cancel-from-disputed']);
  assert.deepEqual(delayedFrom(def, 'received'), ['auto-complete']);
  assert.equal(findTransition(def, 'transition/dispute')?.actor, 'actor.role/customer');
  assert.deepEqual(terminal(def), ['cancelled', 'payment-expired', 'reviewed']);
  assert.ok(
    def.notifications.some((n) => n.template === 'purchase-order-receipt' && n.at !== undefined),
    'a delayed receipt',
  );
});

test('bazaar-inquiry: one free customer transition, the provider is emailed', () => {
  const { definition: def } = load('bazaar-inquiry');
  assert.deepEqual(
    def.transitions.map((t) => [t.name, t.actor, t.from, t.to]),
    [['transition/inquire', 'actor.role/customer', undefined, 'state/inquiry']],
  );
  assert.deepEqual(actionsOf(def, 'inquire'), ['update-protected-data']);
  assert.deepEqual(
    def.notifications.map((n) => [n.on, n.to, n.template]),
    [['transition/inquire', 'actor.role/provider', 'inquiry-new-inquiry']],
  );
});

test('written for Bazaar: no process or template file equals one of the fixtures', () => {
  const contents = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((f) => join(dir, f))
      .filter((f) => statSync(f).isFile())
      .map((f) => readFileSync(f, 'utf8'));
  const fixtureFiles = new Set(contents(FIXTURES));
  const ours = contents(DEFAULT_PROCESSES_DIR);
  assert.ok(ours.length > 20);
  assert.deepEqual(
    ours.filter((c) => fixtureFiles.has(c)),
    [],
  );
});

test('every template renders for its recipients, with dates in the listing zone, money and names', () => {
  const start = new Date('2030-03-04T09:00:00Z');
  const end = new Date('2030-03-04T11:00:00Z');
  for (const name of defaultProcessNames()) {
    const { definition, templates } = load(name);
    for (const n of definition.notifications) {
      const role = n.to === 'actor.role/customer' ? 'customer' : 'provider';
      const context = buildTransactionEmailContext({
        marketplace: { name: 'Bazaar Test', url: 'https://market.example' },
        recipientRole: role,
        transaction: {
          id: '11111111-2222-3333-4444-555555555555',
          state: 'state/x',
          lastTransition: n.on,
          createdAt: start,
          lastTransitionedAt: start,
          lineItems: [
            {
              code: 'line-item/hour',
              unitPrice: new Money(2500, 'EUR'),
              quantity: '2',
              lineTotal: new Money(5000, 'EUR'),
              reversal: false,
              includeFor: ['customer', 'provider'],
            },
            {
              code: 'line-item/provider-commission',
              unitPrice: new Money(-5000, 'EUR'),
              percentage: '-10',
              lineTotal: new Money(-500, 'EUR'),
              reversal: false,
              includeFor: ['provider'],
            },
          ],
          payinTotal: new Money(5000, 'EUR'),
          payoutTotal: new Money(4500, 'EUR'),
          protectedData: {
            inquiryMessage: 'Is it still free?',
            disputeReason: 'It arrived broken.',
          },
          metadata: {},
        },
        listing: {
          id: 'l-1',
          title: 'Sauna by the lake',
          publicData: {},
          privateData: {},
          metadata: {},
          availabilityPlan: { type: 'availability-plan/time', timezone: 'Europe/Helsinki' },
          currentStock: 3,
        },
        customer: { id: 'c-1', firstName: 'Cara', lastName: 'Customer', displayName: 'Cara C' },
        provider: { id: 'p-1', firstName: 'Pete', lastName: 'Provider', displayName: 'Pete P' },
        booking: { start, end, displayStart: start, displayEnd: end, seats: 1, state: 'accepted' },
        stockReservation: { quantity: 2, state: 'accepted' },
      });
      const email = renderNotification(templates, n.template, context);
      const where = `${name} ${n.name} (${role})`;
      assert.ok(email.subject.length > 5, where);
      assert.doesNotMatch(email.subject, /\{|\}|undefined/, where);
      assert.match(email.html, /Bazaar Test/, where);
      assert.match(
        email.html,
        /href="https:\/\/market\.example\/(sale|order)\/11111111-2222-3333-4444-555555555555"/,
        where,
      );
      assert.match(
        email.html,
        new RegExp(`/${role === 'provider' ? 'sale' : 'order'}/`),
        `${where}: link for the recipient's side`,
      );
      assert.doesNotMatch(email.html, /undefined|\{\{|NaN/, where);
      if (/Sauna/.test(email.html) === false) assert.fail(`${where}: no listing title`);
      if (name === 'bazaar-booking' && /BookingDates/.test(templates[n.template]?.html ?? '')) {
        // 09:00Z is 11:00 in Helsinki (EET, UTC+2).
        assert.match(email.html, /11:00/, `${where}: date in the listing's zone`);
      }
      if (/payout-total/.test(templates[n.template]?.html ?? '') && role === 'provider')
        assert.match(email.html, /45\.00 EUR/, where);
      if (/payin-total/.test(templates[n.template]?.html ?? '') && role === 'customer')
        assert.match(email.html, /50\.00 EUR/, where);
    }
  }
});

test('the inquiry email shows the inquiry message', () => {
  const { templates } = load('bazaar-inquiry');
  const email = renderNotification(templates, 'inquiry-new-inquiry', {
    recipient: { 'first-name': 'Pete' },
    'recipient-role': 'provider',
    marketplace: { name: 'M', url: 'https://m.example' },
    transaction: {
      id: 'tx-1',
      customer: { 'display-name': 'Cara C' },
      listing: { title: 'Kayak' },
      'protected-data': { inquiryMessage: 'Free on Sunday?' },
    },
  });
  assert.equal(email.subject, 'Cara C asked about Kayak');
  assert.match(email.html, /Free on Sunday\?/);
  assert.match(email.text, /Cara C sent you an inquiry about Kayak/);
});
