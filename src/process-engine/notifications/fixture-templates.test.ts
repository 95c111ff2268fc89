// Renders every notification of the three fixture processes (real templates written by marketplace
// builders, read from ../shared/fixtures — never copied into the repo) with realistic contexts and
// checks the dates, money and protected data against hand-written expectations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseProcess } from '../definition/index.ts';
import { Money } from '../../lib/values.ts';
import type { LineItem, Party } from '../pricing/index.ts';
import {
  buildTransactionEmailContext,
  compileNotificationTemplate,
  recipientOf,
  renderNotification,
  type NotificationTemplates,
  type TransactionEmailInput,
} from './index.ts';

const FIXTURES = join(import.meta.dirname, '../../../../shared/fixtures/processes');

function loadTemplates(process: string): NotificationTemplates {
  const dir = join(FIXTURES, process, 'templates');
  const out: Record<string, { subject: string; html: string }> = {};
  for (const name of readdirSync(dir)) {
    out[name] = {
      subject: readFileSync(join(dir, name, `${name}-subject.txt`), 'utf8'),
      html: readFileSync(join(dir, name, `${name}-html.html`), 'utf8'),
    };
  }
  return out;
}

function loadProcess(process: string) {
  const text = readFileSync(join(FIXTURES, process, 'process.edn'), 'utf8');
  return parseProcess(text, { templates: readdirSync(join(FIXTURES, process, 'templates')) });
}

const item = (
  code: string,
  unitPrice: number,
  lineTotal: number,
  fields: Partial<LineItem>,
  currency = 'EUR',
): LineItem => ({
  code,
  unitPrice: new Money(unitPrice, currency),
  lineTotal: new Money(lineTotal, currency),
  reversal: false,
  includeFor: ['customer', 'provider'],
  ...fields,
});

const TX_ID = '6a1b2c3d-0000-4000-8000-00000000c0de';
const CUSTOMER = {
  id: 'c0000000-0000-4000-8000-000000000001',
  firstName: 'Carl',
  lastName: 'Customer',
  displayName: 'Carl C',
};
const PROVIDER = {
  id: 'p0000000-0000-4000-8000-000000000002',
  firstName: 'Pia',
  lastName: 'Provider',
  displayName: 'Pia P',
};

/**
 * An hourly sauna booking in Helsinki (UTC+2 in March 2025): 14:00–15:30 UTC on Friday 14 March is
 * 4:00–5:30 PM local. 25.00 EUR × 1.5 h × 2 seats = 75.00; +5 % customer fee 3.75; −10 % provider
 * fee −7.50 ⇒ payin 78.75, payout 67.50.
 */
function bookingInput(role: Party): TransactionEmailInput {
  return {
    marketplace: { name: 'Saunatime', url: 'https://sauna.example.com/' },
    recipientRole: role,
    transaction: {
      id: TX_ID,
      state: 'state/preauthorized',
      lastTransition: 'transition/confirm-payment',
      createdAt: new Date('2025-03-10T08:00:00Z'),
      lastTransitionedAt: new Date('2025-03-10T08:05:00Z'),
      lineItems: [
        item('line-item/hour', 2500, 7500, { quantity: '3', units: '1.5', seats: '2' }),
        item('line-item/customer-commission', 7500, 375, {
          percentage: '5',
          includeFor: ['customer'],
        }),
        item('line-item/provider-commission', 7500, -750, {
          percentage: '-10',
          includeFor: ['provider'],
        }),
      ],
      payinTotal: new Money(7875, 'EUR'),
      payoutTotal: new Money(6750, 'EUR'),
      protectedData: { unitType: 'hour', priceVariantName: 'Sauna & towels' },
      metadata: {},
    },
    listing: {
      id: 'l0000000-0000-4000-8000-000000000003',
      title: 'Lakeside sauna',
      publicData: {},
      privateData: {},
      metadata: {},
      availabilityPlan: { type: 'availability-plan/time', timezone: 'Europe/Helsinki' },
      currentStock: null,
    },
    customer: CUSTOMER,
    provider: PROVIDER,
    booking: {
      start: new Date('2025-03-14T14:00:00Z'),
      end: new Date('2025-03-14T15:30:00Z'),
      displayStart: new Date('2025-03-14T14:00:00Z'),
      displayEnd: new Date('2025-03-14T15:30:00Z'),
      seats: 2,
      state: 'pending',
    },
    reviews: [
      { type: 'ofProvider', content: 'Wonderful steam, spotless.' },
      { type: 'ofCustomer', content: 'A lovely guest.' },
    ],
    // The accept deadline: 20 March 14:00 UTC = 4:00 PM in Helsinki.
    delayedTransitionRunAt: new Date('2025-03-20T14:00:00Z'),
  };
}

/**
 * A purchase of 2 × 120.00 USD bikes shipped for 15.00, −10 % provider fee −25.50 ⇒ payin 255.00,
 * payout 229.50. No availability plan: dates are shown in UTC.
 */
function purchaseInput(
  role: Party,
  deliveryMethod: 'shipping' | 'pickup' = 'shipping',
): TransactionEmailInput {
  return {
    marketplace: { name: 'Bikes & Co', url: 'https://bikes.example.com' },
    recipientRole: role,
    transaction: {
      id: TX_ID,
      state: 'state/purchased',
      lastTransition: 'transition/confirm-payment',
      createdAt: new Date('2025-05-02T09:00:00Z'),
      lastTransitionedAt: new Date('2025-05-02T09:01:00Z'),
      lineItems: [
        item('line-item/item', 12000, 24000, { quantity: '2' }, 'USD'),
        item('line-item/shipping-fee', 1500, 1500, { quantity: '1' }, 'USD'),
        item(
          'line-item/provider-commission',
          25500,
          -2550,
          { percentage: '-10', includeFor: ['provider'] },
          'USD',
        ),
      ],
      payinTotal: new Money(25500, 'USD'),
      payoutTotal: new Money(22950, 'USD'),
      protectedData: { deliveryMethod, unitType: 'item' },
      metadata: {},
    },
    listing: {
      id: 'l0000000-0000-4000-8000-000000000004',
      title: 'Vintage road bike',
      publicData: {},
      privateData: {},
      metadata: {},
      availabilityPlan: null,
      currentStock: 3,
    },
    customer: CUSTOMER,
    provider: PROVIDER,
    stockReservation: { quantity: 2, state: 'accepted' },
    reviews: [
      { type: 'ofProvider', content: 'Great bike, fast shipping.' },
      { type: 'ofCustomer', content: 'Smooth buyer.' },
    ],
    // 16 May 2025 (UTC): the auto-complete date of the mark-received reminder.
    delayedTransitionRunAt: new Date('2025-05-16T09:01:00Z'),
  };
}

function inquiryInput(role: Party): TransactionEmailInput {
  return {
    marketplace: { name: 'Saunatime', url: 'https://sauna.example.com' },
    recipientRole: role,
    transaction: {
      id: TX_ID,
      state: 'state/free-inquiry',
      lastTransition: 'transition/inquire-without-payment',
      createdAt: new Date('2025-02-01T12:00:00Z'),
      lastTransitionedAt: new Date('2025-02-01T12:00:00Z'),
      lineItems: [],
      payinTotal: null,
      payoutTotal: null,
      protectedData: { inquiryMessage: 'Is the sauna free on Sunday evening?' },
      metadata: {},
    },
    listing: {
      id: 'l0000000-0000-4000-8000-000000000005',
      title: 'Lakeside sauna',
      publicData: {},
      privateData: {},
      metadata: {},
      availabilityPlan: null,
      currentStock: null,
    },
    customer: CUSTOMER,
    provider: PROVIDER,
  };
}

const SAUNA_SALE = `https://sauna.example.com/sale/${TX_ID}/`;
const SAUNA_ORDER = `https://sauna.example.com/order/${TX_ID}/`;
const BIKE_SALE = `https://bikes.example.com/sale/${TX_ID}/`;
const BIKE_ORDER = `https://bikes.example.com/order/${TX_ID}/`;
const HOURS = [
  'Fri 4:00 PM',
  'Fri 5:30 PM',
  'Mar 14',
  '25.00 EUR × 1.5 hours x 2 seats',
  '75.00 EUR',
];
const BIKE_BREAKDOWN = [
  'Unit price',
  '120.00 USD',
  'Quantity',
  'Subtotal',
  '240.00 USD',
  'Shipping',
  '15.00 USD',
];
const BIKE_PAYOUT = [
  ...BIKE_BREAKDOWN,
  'Bikes & Co fee',
  '-25.50 USD',
  "You'll earn",
  '229.50 USD',
];

interface Expected {
  subject: string;
  body: string[];
  /** Text that must not appear (the other party's view, the wrong branch). */
  absent?: string[];
}

// Keyed by template, or `template@role` where a template goes to both parties.
const EXPECTED: Record<string, Expected> = {
  'booking-new-request': {
    subject: 'Carl C requested to book Lakeside sauna',
    body: [
      'Carl C requested to book Lakeside sauna in Saunatime.',
      'Sauna & towels',
      ...HOURS,
      'Saunatime fee',
      '-7.50 EUR',
      "You'll earn",
      '67.50 EUR',
      'You need to accept the request by Mar 20, 2025, 4:00 PM.',
      SAUNA_SALE,
    ],
    absent: ['3.75 EUR'],
  },
  'booking-accepted-request': {
    subject: 'Your booking request was accepted',
    body: [
      'Pia P has accepted your booking request for Lakeside sauna from Mar 14, 2025, 4:00 PM to Mar 14, 2025, 5:30 PM.',
      'Your card has been charged for 78.75 EUR.',
      ...HOURS,
      '3.75 EUR',
      'Total price',
      '78.75 EUR',
      SAUNA_ORDER,
    ],
    absent: ['-7.50 EUR'],
  },
  'booking-declined-request': {
    subject: 'Your booking request was declined',
    body: [
      'Unfortunately Pia P decided to decline your booking request for Lakeside sauna from Mar 14, 2025, 4:00 PM to Mar 14, 2025, 5:30 PM. You have not been billed.',
      SAUNA_ORDER,
    ],
  },
  'booking-expired-request': {
    subject: 'Your booking request expired',
    body: [
      "Pia P didn't respond to your booking request for Lakeside sauna from Mar 14, 2025, 4:00 PM to Mar 14, 2025, 5:30 PM on time, so your request expired.",
      SAUNA_ORDER,
    ],
  },
  'booking-money-paid': {
    subject: 'You have been paid 67.50 EUR',
    body: [
      'We have sent you 67.50 EUR for the booking of Lakeside sauna from Mar 14, 2025, 4:00 PM to Mar 14, 2025, 5:30 PM by Carl C.',
      ...HOURS,
      'Saunatime fee',
      '-7.50 EUR',
      SAUNA_SALE,
    ],
  },
  'booking-operator-accepted-request': {
    subject: 'A booking request was accepted on your behalf',
    body: [
      'A booking for one of your listings was accepted on your behalf',
      'please contact Saunatime team',
      SAUNA_SALE,
    ],
  },
  'booking-operator-declined-request': {
    subject: 'A booking request was declined on your behalf',
    body: ['A booking for one of your listings was declined on your behalf', SAUNA_SALE],
  },
  'booking-review-by-customer-wanted': {
    subject: 'Review your experience with Lakeside sauna',
    body: ['You recently booked Lakeside sauna from Pia P.', SAUNA_ORDER],
  },
  'booking-review-by-provider-wanted': {
    subject: 'Leave a review for Carl C',
    body: [
      'Carl C recently booked Lakeside sauna from you. Please write Carl C a review',
      SAUNA_SALE,
    ],
  },
  'booking-review-by-other-party-unpublished@customer': {
    subject: 'Pia P left you a review',
    body: ['Pia P left you a new review.', `https://sauna.example.com/order/${TX_ID}`],
  },
  'booking-review-by-other-party-unpublished@provider': {
    subject: 'Carl C left you a review',
    body: ['Carl C left you a new review.', `https://sauna.example.com/sale/${TX_ID}`],
  },
  'booking-review-by-other-party-published@customer': {
    subject: 'Review from Pia P has been published on your profile',
    body: ['A lovely guest.', `https://sauna.example.com/u/${CUSTOMER.id}`],
    absent: ['Wonderful steam'],
  },
  'booking-review-by-other-party-published@provider': {
    subject: 'Review from Carl C has been published on your profile',
    body: ['Wonderful steam, spotless.', `https://sauna.example.com/u/${PROVIDER.id}`],
    absent: ['A lovely guest'],
  },
  'inquiry-new-inquiry': {
    subject: 'Carl C has sent you a new inquiry about Lakeside sauna',
    body: [
      'Carl C sent you an inquiry in Saunatime about Lakeside sauna.',
      'Is the sauna free on Sunday evening?',
      `https://sauna.example.com/sale/${TX_ID}`,
    ],
  },
  'purchase-order-receipt': {
    subject: 'Thank you for purchasing Vintage road bike',
    body: [
      'Thank your for purchasing Vintage road bike from Pia P. We have charged 255.00 USD from your card.',
      ...BIKE_BREAKDOWN,
      'Payment total',
      '255.00 USD',
      BIKE_ORDER,
    ],
    absent: ['-25.50 USD'],
  },
  'purchase-new-order': {
    subject: 'Carl C placed an order for Vintage road bike',
    body: [
      'Carl C just placed an order for Vintage road bike.',
      ...BIKE_PAYOUT,
      'You should now ship Vintage road bike to Carl C.',
      `mark it as shipped on the order page (${BIKE_SALE})`,
    ],
  },
  'purchase-shipping-reminder': {
    subject: "Remember to ship Carl C's order",
    body: ['Please remember to ship the item and mark it as shipped from order details', BIKE_SALE],
  },
  'purchase-order-marked-as-delivered': {
    subject: 'Your order for Vintage road bike was shipped',
    body: ['Pia P shipped Vintage road bike.', BIKE_ORDER],
  },
  'purchase-order-operator-marked-as-delivered': {
    subject: 'An order for Vintage road bike was marked as shipped on your behalf',
    body: [
      'Bikes & Co support marked an order for Vintage road bike by Carl C as shipped on your behalf.',
      BIKE_SALE,
    ],
  },
  'purchase-mark-order-received-reminder': {
    subject: 'Did you receive Vintage road bike? Let us know.',
    body: [
      `please mark it as received from order details (${BIKE_ORDER})`,
      'release the payment on May 16, 2025.',
      'reach out to Bikes & Co support.',
    ],
  },
  'purchase-order-marked-as-received': {
    subject: 'We sent you a payment for an order for Vintage road bike',
    body: [
      'Carl C received Vintage road bike successfully.',
      'We sent you 229.50 USD for the payment.',
      ...BIKE_PAYOUT,
      BIKE_SALE,
    ],
  },
  'purchase-shipping-time-expired-customer': {
    subject: 'Your order for Vintage road bike was automatically canceled',
    body: ['as Pia P did not ship it within two weeks', BIKE_ORDER],
  },
  'purchase-shipping-time-expired-provider': {
    subject: 'An order for Vintage road bike was automatically canceled',
    body: ['You failed to mark an order for Vintage road bike from Carl C as shipped', BIKE_SALE],
  },
  'purchase-order-canceled-to-customer': {
    subject: 'Your order for Vintage road bike was canceled',
    body: ['Bikes & Co support canceled your order for Vintage road bike.', BIKE_ORDER],
  },
  'purchase-order-canceled-to-provider': {
    subject: 'An order for Vintage road bike was canceled',
    body: [
      'Bikes & Co support has canceled an order for Vintage road bike from Carl C.',
      BIKE_SALE,
    ],
  },
  'purchase-order-auto-marked-as-received-customer': {
    subject: 'Your order for Vintage road bike is now considered completed',
    body: ['Pia P has received your payment.', BIKE_ORDER],
  },
  'purchase-order-auto-marked-as-received-provider': {
    subject: 'We have sent you a payment for an order for Vintage road bike',
    body: [
      'We have sent you 229.50 USD for the payment for Vintage road bike.',
      ...BIKE_PAYOUT,
      BIKE_SALE,
    ],
  },
  'purchase-order-disputed': {
    subject: 'Carl C disputed an order for Vintage road bike',
    body: ['Carl C has initiated a dispute over their order for Vintage road bike', BIKE_SALE],
  },
  'purchase-order-operator-disputed': {
    subject: 'An order for Vintage road bike was disputed',
    body: [
      'Bikes & Co support has marked an order for Vintage road bike by Carl C disputed.',
      BIKE_ORDER,
    ],
  },
  'purchase-order-received-from-disputed-customer': {
    subject: 'Your disputed order for Vintage road bike is now considered completed',
    body: ['Pia P has received your payment.', BIKE_ORDER],
  },
  'purchase-order-received-from-disputed-provider': {
    subject: 'A disputed order for Vintage road bike is now considered completed',
    body: ['We sent you 229.50 USD for the payment.', ...BIKE_PAYOUT, BIKE_SALE],
  },
  'purchase-order-canceled-from-disputed-customer': {
    subject: 'An order for Vintage road bike which you disputed was canceled',
    body: ['You will receive a full refund.', BIKE_ORDER],
  },
  'purchase-order-canceled-from-disputed-provider': {
    subject: 'An order for Vintage road bike which you disputed was canceled',
    body: ['The order has been canceled and Carl C has received a full refund.', BIKE_SALE],
  },
  'purchase-order-auto-canceled-from-disputed-customer': {
    subject: 'An order for Vintage road bike which you disputed was canceled',
    body: ['The dispute has been resolved in your favor.', BIKE_ORDER],
  },
  'purchase-order-auto-canceled-from-disputed-provider': {
    subject: 'An order for Vintage road bike which you disputed was canceled',
    body: ['The dispute has been resolved in favor of Carl C.', BIKE_SALE],
  },
  'purchase-order-review-by-customer-wanted': {
    subject: 'Leave a review for Vintage road bike',
    body: ['You recently purchased Vintage road bike from Pia P.', BIKE_ORDER],
  },
  'purchase-order-review-by-provider-wanted': {
    subject: 'Leave a review for Carl C',
    body: ['Carl C recently purchased Vintage road bike from you.', BIKE_SALE],
  },
  'purchase-review-by-other-party-unpublished@customer': {
    subject: 'Pia P left you a review',
    body: ['Pia P left you a new review.', `https://bikes.example.com/order/${TX_ID}`],
  },
  'purchase-review-by-other-party-unpublished@provider': {
    subject: 'Carl C left you a review',
    body: ['Carl C left you a new review.', `https://bikes.example.com/sale/${TX_ID}`],
  },
  'purchase-review-by-other-party-published@customer': {
    subject: 'Review from Pia P has been published on your profile',
    body: ['Smooth buyer.', `https://bikes.example.com/u/${CUSTOMER.id}`],
    absent: ['Great bike'],
  },
  'purchase-review-by-other-party-published@provider': {
    subject: 'Review from Carl C has been published on your profile',
    body: ['Great bike, fast shipping.', `https://bikes.example.com/u/${PROVIDER.id}`],
    absent: ['Smooth buyer'],
  },
};

const PROCESSES: Record<
  string,
  { templates: number; input: (role: Party) => TransactionEmailInput }
> = {
  'default-booking': { templates: 11, input: bookingInput },
  'default-purchase': { templates: 25, input: (role) => purchaseInput(role) },
  'default-inquiry': { templates: 1, input: inquiryInput },
};

test('every template of the three fixture processes compiles', () => {
  for (const [process, { templates: count }] of Object.entries(PROCESSES)) {
    const templates = loadTemplates(process);
    assert.equal(Object.keys(templates).length, count, process);
    for (const [name, source] of Object.entries(templates)) {
      assert.doesNotThrow(() => compileNotificationTemplate(source), `${process}/${name}`);
    }
  }
});

test('every notification renders for its recipient with dates, money and protected data', () => {
  const rendered = new Set<string>();
  for (const [process, { input }] of Object.entries(PROCESSES)) {
    const templates = loadTemplates(process);
    for (const notification of loadProcess(process).notifications) {
      const { role, userId } = recipientOf(notification, {
        customerId: CUSTOMER.id,
        providerId: PROVIDER.id,
      });
      assert.equal(userId, role === 'customer' ? CUSTOMER.id : PROVIDER.id);
      const key = `${notification.template}@${role}`;
      const expected = EXPECTED[key] ?? EXPECTED[notification.template];
      assert.ok(expected, `an expectation for ${key}`);
      const email = renderNotification(
        templates,
        notification.template,
        buildTransactionEmailContext(input(role)),
      );
      assert.equal(email.subject, expected.subject, key);
      for (const s of expected.body)
        assert.ok(email.text.includes(s), `${key} body has ${JSON.stringify(s)}:\n${email.text}`);
      for (const s of expected.absent ?? [])
        assert.ok(!email.text.includes(s), `${key} body lacks ${JSON.stringify(s)}`);
      // (The templates' own MSO markup says "letter-spacing: undefinedpx"; that is theirs.)
      const html = email.html.replaceAll('letter-spacing: undefinedpx', '');
      for (const bad of ['undefined', 'NaN', '[object Object]', '{{', 'Invalid DateTime']) {
        assert.ok(!html.includes(bad) && !email.subject.includes(bad), `${key} has no ${bad}`);
      }
      // Without a branding asset the templates' default button colour is used.
      assert.ok(email.html.includes('#6938EF'), `${key} default colour`);
      rendered.add(notification.template);
    }
    assert.deepEqual(
      [...rendered].filter((t) => t in templates).sort(),
      Object.keys(templates).sort(),
      `${process}: every template is used`,
    );
  }
});

test('booking dates: nights show both dates, days show the last booked date (the day before end)', () => {
  const templates = loadTemplates('default-booking');
  const input = (unit: 'night' | 'day'): TransactionEmailInput => {
    const base = bookingInput('provider');
    return {
      ...base,
      transaction: {
        ...base.transaction,
        lineItems: [
          item(`line-item/${unit}`, 12000, 36000, { quantity: '3' }),
          item('line-item/provider-commission', 36000, -3600, {
            percentage: '-10',
            includeFor: ['provider'],
          }),
        ],
        payinTotal: new Money(36000, 'EUR'),
        payoutTotal: new Money(32400, 'EUR'),
        protectedData: { unitType: unit },
      },
      // A day plan has no zone: dates are UTC midnights, 1 July (Tue) to 4 July (Fri) 2025.
      listing: { ...base.listing, availabilityPlan: { type: 'availability-plan/day' } },
      booking: {
        start: new Date('2025-07-01T00:00:00Z'),
        end: new Date('2025-07-04T00:00:00Z'),
        displayStart: new Date('2025-07-01T00:00:00Z'),
        displayEnd: new Date('2025-07-04T00:00:00Z'),
        seats: 1,
        state: 'pending',
      },
    };
  };
  const nights = renderNotification(
    templates,
    'booking-new-request',
    buildTransactionEmailContext(input('night')),
  ).text;
  for (const s of [
    'Tue',
    'Fri',
    'Jul 1',
    'Jul 4',
    '120.00 EUR × 3 nights',
    '360.00 EUR',
    '-36.00 EUR',
    '324.00 EUR',
  ]) {
    assert.ok(nights.includes(s), `nights: ${s}\n${nights}`);
  }
  const days = renderNotification(
    templates,
    'booking-new-request',
    buildTransactionEmailContext(input('day')),
  ).text;
  for (const s of ['Tue', 'Thu', 'Jul 1', 'Jul 3', '120.00 EUR × 3 days'])
    assert.ok(days.includes(s), `days: ${s}\n${days}`);
  assert.ok(!days.includes('Jul 4'), 'the exclusive end date is not shown for days');
  const paid = renderNotification(
    templates,
    'booking-money-paid',
    buildTransactionEmailContext(input('day')),
  );
  assert.equal(paid.subject, 'You have been paid 324.00 EUR');
  assert.ok(paid.text.includes('from Jul 1, 2025 to Jul 3, 2025'), paid.text);
});

test('the day before a local midnight is the previous local date across a DST change', () => {
  // Helsinki moves to UTC+3 on 30 March 2025. A day booking ending at local midnight of 31 March
  // (30 March 21:00 UTC) was last booked on 30 March; 24 hours earlier in UTC would be 29 March.
  const templates = loadTemplates('default-booking');
  const base = bookingInput('provider');
  const input: TransactionEmailInput = {
    ...base,
    transaction: {
      ...base.transaction,
      lineItems: [item('line-item/day', 5000, 10000, { quantity: '2' })],
      payinTotal: new Money(10000, 'EUR'),
      payoutTotal: new Money(10000, 'EUR'),
      protectedData: { unitType: 'day' },
    },
    booking: {
      start: new Date('2025-03-28T22:00:00Z'), // 29 March 00:00 local (UTC+2)
      end: new Date('2025-03-30T21:00:00Z'), // 31 March 00:00 local (UTC+3)
      displayStart: new Date('2025-03-28T22:00:00Z'),
      displayEnd: new Date('2025-03-30T21:00:00Z'),
      seats: 1,
      state: 'pending',
    },
  };
  const text = renderNotification(
    templates,
    'booking-new-request',
    buildTransactionEmailContext(input),
  ).text;
  assert.ok(text.includes('Mar 29'), text);
  assert.ok(text.includes('Mar 30'), text);
  assert.ok(text.includes('Sun'), 'Sunday 30 March is the last day');
});

test('pickup orders take the other branch of the select', () => {
  const templates = loadTemplates('default-purchase');
  const ctx = buildTransactionEmailContext(purchaseInput('provider', 'pickup'));
  assert.equal(
    renderNotification(templates, 'purchase-shipping-reminder', ctx).subject,
    "Remember to arrange pickup for Carl C's order",
  );
  const newOrder = renderNotification(templates, 'purchase-new-order', ctx).text;
  assert.ok(
    newOrder.includes(
      'Once Carl C has picked up Vintage road bike, remember to mark it as delivered',
    ),
    newOrder,
  );
  const delivered = buildTransactionEmailContext(purchaseInput('customer', 'pickup'));
  assert.equal(
    renderNotification(templates, 'purchase-order-marked-as-delivered', delivered).subject,
    'Your order for Vintage road bike was delivered',
  );
});

test('assets: email texts, locale and branding colour', () => {
  const templates = loadTemplates('default-booking');
  const ctx = buildTransactionEmailContext(bookingInput('provider'));
  const email = renderNotification(templates, 'booking-money-paid', ctx, {
    assets: {
      '/content/email-texts.json': {
        'BookingMoneyPaid.Subject': 'Maksu {amount,number,::.00} {currency} on lähetetty',
      },
      'general/localization.json': { locale: 'fi_FI', firstDayOfWeek: 1 },
      'design/branding.json': { marketplaceColors: { notificationPrimaryButton: '#00AA55' } },
    },
  });
  // Finnish number format: decimal comma.
  assert.equal(email.subject, 'Maksu 67,50 EUR on lähetetty');
  assert.ok(email.text.startsWith('You have been paid 67,50 EUR'), email.text);
  assert.ok(email.html.includes('background-color:#00AA55'));
  assert.ok(!email.html.includes('#6938EF'));
  // Finnish month and weekday names in the fallback texts' dates (pe = perjantai, Friday).
  assert.ok(email.text.includes('14.3.2025'), email.text);
  assert.ok(email.text.includes('pe 16.00'), email.text);
});

test('user content is escaped in HTML, not in the subject; rich-text links stay links', () => {
  const templates = loadTemplates('default-purchase');
  const base = purchaseInput('provider');
  const ctx = buildTransactionEmailContext({
    ...base,
    listing: { ...base.listing, title: 'Bike <b>"fast"</b> & light' },
  });
  const email = renderNotification(templates, 'purchase-new-order', ctx);
  assert.equal(email.subject, 'Carl C placed an order for Bike <b>"fast"</b> & light');
  assert.ok(!email.html.includes('<b>"fast"</b>'), 'no HTML injection');
  assert.ok(
    email.html.includes('Bike &lt;b&gt;&quot;fast&quot;&lt;/b&gt; &amp; light'),
    'escaped in the body',
  );
  const link = /<a ([^>]*)>order page<\/a>/.exec(email.html);
  assert.ok(link?.[1], 'the <salelink> tag becomes a link');
  const attributes = link[1]
    .split(/"\s+/)
    .map((a) => a.replace(/"$/, ''))
    .sort();
  assert.deepEqual(attributes, [
    `href="${BIKE_SALE}`,
    'style="text-decoration:none;color:#6938EF',
    'target="_blank',
  ]);
});
