import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Money } from '../../lib/values.ts';
import {
  buildTransactionEmailContext,
  emailMoney,
  recipientOf,
  type TransactionEmailInput,
} from './index.ts';

const customer = {
  id: 'c1',
  firstName: 'Carl',
  lastName: 'Customer',
  displayName: 'Carl C',
  publicData: { bio: 'hi' },
  protectedData: { phone: '+358 40 123' },
  privateData: { note: 'x' },
  metadata: { vip: true },
};
const provider = { id: 'p1', firstName: 'Pia', lastName: 'Provider', displayName: 'Pia P' };

const input: TransactionEmailInput = {
  marketplace: { name: 'Saunatime', url: 'https://sauna.example.com//' },
  recipientRole: 'customer',
  transaction: {
    id: 't1',
    state: 'state/accepted',
    lastTransition: 'transition/accept',
    createdAt: new Date('2025-03-10T08:00:00.000Z'),
    lastTransitionedAt: new Date('2025-03-11T09:30:15.250Z'),
    lineItems: [
      {
        code: 'line-item/hour',
        unitPrice: new Money(2500, 'EUR'),
        quantity: '3',
        units: '1.5',
        seats: '2',
        lineTotal: new Money(7500, 'EUR'),
        reversal: false,
        includeFor: ['customer', 'provider'],
      },
      {
        code: 'line-item/provider-commission',
        unitPrice: new Money(7500, 'EUR'),
        percentage: '-12.5',
        lineTotal: new Money(-938, 'EUR'),
        reversal: false,
        includeFor: ['provider'],
      },
    ],
    payinTotal: new Money(7500, 'EUR'),
    payoutTotal: new Money(6562, 'EUR'),
    protectedData: { unitType: 'hour' },
    metadata: { offers: [] },
  },
  listing: {
    id: 'l1',
    title: 'Lakeside sauna',
    publicData: { listingType: 'sauna' },
    privateData: { code: '1234' },
    metadata: {},
    availabilityPlan: { type: 'availability-plan/time', timezone: 'Europe/Helsinki' },
    currentStock: 4,
  },
  customer,
  provider,
  booking: {
    start: new Date('2025-03-14T14:00:00.000Z'),
    end: new Date('2025-03-14T15:30:00.000Z'),
    displayStart: new Date('2025-03-14T13:45:00.000Z'),
    displayEnd: new Date('2025-03-14T15:45:00.000Z'),
    seats: 2,
    state: 'accepted',
  },
  stockReservation: { quantity: 1, state: 'pending' },
  reviews: [{ type: 'ofProvider', content: 'Great' }],
  delayedTransitionRunAt: new Date('2025-03-16T15:30:00.000Z'),
};

test('the context has exactly the documented shape (kebab-case, major-unit money, date maps)', () => {
  const customerCtx = {
    id: 'c1',
    'first-name': 'Carl',
    'last-name': 'Customer',
    'display-name': 'Carl C',
    'public-data': { bio: 'hi' },
    'protected-data': { phone: '+358 40 123' },
    'private-data': { note: 'x' },
    metadata: { vip: true },
  };
  const providerCtx = {
    id: 'p1',
    'first-name': 'Pia',
    'last-name': 'Provider',
    'display-name': 'Pia P',
    'public-data': {},
    'protected-data': {},
    'private-data': {},
    metadata: {},
  };
  assert.deepEqual(buildTransactionEmailContext(input), {
    recipient: customerCtx,
    'recipient-role': 'customer',
    'other-party': providerCtx,
    marketplace: { name: 'Saunatime', url: 'https://sauna.example.com' },
    transaction: {
      id: 't1',
      state: 'state/accepted',
      'last-transition': 'transition/accept',
      'created-at': {
        year: 2025,
        month: 3,
        day: 10,
        hours: 8,
        minutes: 0,
        seconds: 0,
        milliseconds: 0,
      },
      'last-transitioned-at': {
        year: 2025,
        month: 3,
        day: 11,
        hours: 9,
        minutes: 30,
        seconds: 15,
        milliseconds: 250,
      },
      'tx-line-items': [
        {
          code: 'line-item/hour',
          'unit-price': { amount: 25, currency: 'EUR' },
          'line-total': { amount: 75, currency: 'EUR' },
          'include-for': ['customer', 'provider'],
          reversal: false,
          quantity: 3,
          units: 1.5,
          seats: 2,
        },
        {
          code: 'line-item/provider-commission',
          'unit-price': { amount: 75, currency: 'EUR' },
          'line-total': { amount: -9.38, currency: 'EUR' },
          'include-for': ['provider'],
          reversal: false,
          percentage: -12.5,
        },
      ],
      'payin-total': { amount: 75, currency: 'EUR' },
      'payout-total': { amount: 65.62, currency: 'EUR' },
      'protected-data': { unitType: 'hour' },
      metadata: { offers: [] },
      customer: customerCtx,
      provider: providerCtx,
      listing: {
        id: 'l1',
        title: 'Lakeside sauna',
        'public-data': { listingType: 'sauna' },
        'private-data': { code: '1234' },
        metadata: {},
        'availability-plan': { type: 'availability-plan/time', timezone: 'Europe/Helsinki' },
        'current-stock': { quantity: 4 },
      },
      booking: {
        start: {
          year: 2025,
          month: 3,
          day: 14,
          hours: 14,
          minutes: 0,
          seconds: 0,
          milliseconds: 0,
        },
        end: { year: 2025, month: 3, day: 14, hours: 15, minutes: 30, seconds: 0, milliseconds: 0 },
        displayStart: {
          year: 2025,
          month: 3,
          day: 14,
          hours: 13,
          minutes: 45,
          seconds: 0,
          milliseconds: 0,
        },
        displayEnd: {
          year: 2025,
          month: 3,
          day: 14,
          hours: 15,
          minutes: 45,
          seconds: 0,
          milliseconds: 0,
        },
        seats: 2,
        state: 'accepted',
      },
      'stock-reservation': { quantity: 1, state: 'pending' },
      reviews: [{ content: 'Great', subject: providerCtx }],
      'delayed-transition': {
        'run-at': {
          year: 2025,
          month: 3,
          day: 16,
          hours: 15,
          minutes: 30,
          seconds: 0,
          milliseconds: 0,
        },
      },
    },
  });
});

test('the provider is the recipient when the role says so; absent parts stay absent', () => {
  const ctx = buildTransactionEmailContext({
    ...input,
    recipientRole: 'provider',
    transaction: { ...input.transaction, lineItems: [], payinTotal: null, payoutTotal: null },
    listing: {
      ...input.listing,
      availabilityPlan: { type: 'availability-plan/day' },
      currentStock: null,
    },
    booking: null,
    stockReservation: null,
    reviews: [],
    delayedTransitionRunAt: null,
  });
  assert.equal(ctx['recipient-role'], 'provider');
  assert.deepEqual(Object.keys(ctx), [
    'recipient',
    'recipient-role',
    'other-party',
    'marketplace',
    'transaction',
  ]);
  const recipient = ctx.recipient;
  assert.ok(typeof recipient === 'object' && recipient !== null && 'id' in recipient);
  assert.equal(recipient.id, 'p1');
  const tx = ctx.transaction;
  assert.ok(typeof tx === 'object' && tx !== null);
  for (const key of [
    'payin-total',
    'payout-total',
    'booking',
    'stock-reservation',
    'delayed-transition',
  ]) {
    assert.ok(!(key in tx), `${key} is absent`);
  }
  assert.ok('listing' in tx);
  assert.deepEqual(tx.listing, {
    id: 'l1',
    title: 'Lakeside sauna',
    'public-data': { listingType: 'sauna' },
    'private-data': { code: '1234' },
    metadata: {},
    'availability-plan': { type: 'availability-plan/day' },
  });
});

test('email money is in major units of the currency', () => {
  assert.deepEqual(emailMoney(new Money(3213, 'USD')), { amount: 32.13, currency: 'USD' });
  assert.deepEqual(emailMoney(new Money(1500, 'JPY')), { amount: 1500, currency: 'JPY' });
  assert.deepEqual(emailMoney(new Money(-5, 'EUR')), { amount: -0.05, currency: 'EUR' });
});

test('recipientOf maps the :to role to the transaction party', () => {
  const tx = { customerId: 'c1', providerId: 'p1' };
  assert.deepEqual(recipientOf({ to: 'actor.role/customer' }, tx), {
    role: 'customer',
    userId: 'c1',
  });
  assert.deepEqual(recipientOf({ to: 'actor.role/provider' }, tx), {
    role: 'provider',
    userId: 'p1',
  });
});
