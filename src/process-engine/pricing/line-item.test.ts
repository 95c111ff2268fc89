import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal, Money } from '../../lib/values.ts';
import { lineItemToWire, lineItemsFromJson, type LineItem } from './line-item.ts';

const items: LineItem[] = [
  {
    code: 'line-item/hour',
    unitPrice: new Money(1000, 'EUR'),
    quantity: '4.5',
    units: '1.5',
    seats: '3',
    lineTotal: new Money(4500, 'EUR'),
    reversal: false,
    includeFor: ['customer', 'provider'],
  },
  {
    code: 'line-item/provider-commission',
    unitPrice: new Money(4500, 'EUR'),
    percentage: '10',
    lineTotal: new Money(450, 'EUR'),
    reversal: true,
    includeFor: ['provider'],
  },
];

test('line items survive their stored JSON form', () => {
  assert.deepEqual(lineItemsFromJson(JSON.parse(JSON.stringify(items))), items);
  assert.deepEqual(lineItemsFromJson(null), []);
  assert.throws(() => lineItemsFromJson({}), TypeError);
  assert.throws(
    () => lineItemsFromJson([{ code: 'line-item/a', unitPrice: { amount: 1.5, currency: 'EUR' } }]),
    TypeError,
  );
});

test('the wire form carries Money and BigDecimal values', () => {
  assert.deepEqual(lineItemToWire(items[0] ?? assert.fail()), {
    code: 'line-item/hour',
    unitPrice: new Money(1000, 'EUR'),
    quantity: new Decimal('4.5'),
    units: new Decimal('1.5'),
    seats: new Decimal('3'),
    lineTotal: new Money(4500, 'EUR'),
    reversal: false,
    includeFor: ['customer', 'provider'],
  });
  assert.deepEqual(lineItemToWire(items[1] ?? assert.fail()), {
    code: 'line-item/provider-commission',
    unitPrice: new Money(4500, 'EUR'),
    percentage: new Decimal('10'),
    lineTotal: new Money(450, 'EUR'),
    reversal: true,
    includeFor: ['provider'],
  });
});
