import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ExactDecimal,
  currencyMinorDigits,
  fromMajorUnits,
  isCurrencyCode,
  moneyOf,
  multiplyMoney,
  negateMoney,
  sumMoney,
  toMajorUnits,
} from './money.ts';
import { Money } from './values.ts';

const d = (s: string): ExactDecimal => {
  const v = ExactDecimal.parse(s);
  assert.ok(v, `parses ${s}`);
  return v;
};

test('parse gives one canonical form per value', () => {
  assert.equal(d('2').toString(), '2');
  assert.equal(d('2.50').toString(), '2.5');
  assert.equal(d('-0.050').toString(), '-0.05');
  assert.equal(d('+.5').toString(), '0.5');
  assert.equal(d('1.25e2').toString(), '125');
  assert.equal(d('125E-4').toString(), '0.0125');
  assert.equal(d('-0').toString(), '0');
  assert.equal(d('007').toString(), '7');
  assert.ok(d('2.50').equals(d('2.5')));
});

test('parse rejects what is not a bounded decimal', () => {
  for (const bad of [
    '',
    '.',
    '-',
    'abc',
    '1,5',
    '1.2.3',
    '0x10',
    'NaN',
    'Infinity',
    '1e999999',
    '1e-41',
  ]) {
    assert.equal(ExactDecimal.parse(bad), undefined, bad);
  }
  assert.equal(ExactDecimal.parse('1'.repeat(41)), undefined, 'too many digits');
  assert.equal(ExactDecimal.fromNumber(Number.NaN), undefined);
  assert.equal(ExactDecimal.fromNumber(Number.POSITIVE_INFINITY), undefined);
});

test('fromNumber reads a JSON number as the decimal its writer meant', () => {
  assert.equal(ExactDecimal.fromNumber(0.1)?.toString(), '0.1');
  assert.equal(ExactDecimal.fromNumber(1.5)?.toString(), '1.5');
  assert.equal(ExactDecimal.fromNumber(-10)?.toString(), '-10');
  assert.equal(ExactDecimal.fromNumber(1e21)?.toString(), '1000000000000000000000');
  assert.equal(ExactDecimal.fromNumber(1e-7)?.toString(), '0.0000001');
});

test('arithmetic is exact where floats are not', () => {
  // 0.1 + 0.2 is 0.30000000000000004 in binary floating point.
  assert.equal(d('0.1').plus(d('0.2')).toString(), '0.3');
  assert.equal(d('0.1').times(d('3')).toString(), '0.3');
  assert.equal(d('1.1').times(d('1.1')).toString(), '1.21');
  assert.equal(d('5').minus(d('7.25')).toString(), '-2.25');
  assert.equal(d('15.5').movePointLeft(2).toString(), '0.155');
  assert.equal(d('3').movePointLeft(-2).toString(), '300');
  assert.equal(d('-3').negate().toString(), '3');
  assert.equal(d('2').compare(d('1.99')), 1);
  assert.equal(d('-2').compare(d('1')), -1);
  assert.equal(d('2.0').compare(d('2')), 0);
});

test('roundHalfUp rounds halves away from zero', () => {
  const cases: [string, bigint][] = [
    ['2.5', 3n],
    ['-2.5', -3n],
    ['2.4999', 2n],
    ['-2.4999', -2n],
    ['2.5001', 3n],
    ['0.5', 1n],
    ['-0.5', -1n],
    ['0.4', 0n],
    ['49.95', 50n],
    ['7', 7n],
  ];
  for (const [value, expected] of cases) assert.equal(d(value).roundHalfUp(), expected, value);
});

test('rounding is symmetric: round(-x) = -round(x)', () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
      fc.integer({ min: 0, max: 6 }),
      (c, s) => {
        const x = d(`${c}e-${s}`);
        return x.negate().roundHalfUp() === -x.roundHalfUp();
      },
    ),
  );
});

test('money helpers keep integer minor units', () => {
  assert.deepEqual(multiplyMoney(new Money(333, 'EUR'), d('0.15')), new Money(50, 'EUR')); // 49.95
  assert.deepEqual(multiplyMoney(new Money(333, 'EUR'), d('-0.15')), new Money(-50, 'EUR'));
  assert.deepEqual(multiplyMoney(new Money(1000, 'USD'), d('1.5')), new Money(1500, 'USD'));
  assert.ok(Object.is(negateMoney(new Money(0, 'EUR')).amount, 0), 'no negative zero');
  assert.deepEqual(
    sumMoney([new Money(100, 'EUR'), new Money(-30, 'EUR')], 'EUR'),
    new Money(70, 'EUR'),
  );
  assert.throws(() => sumMoney([new Money(100, 'EUR'), new Money(1, 'USD')], 'EUR'), RangeError);
  assert.throws(() => moneyOf(2n ** 53n, 'EUR'), RangeError);
});

test('major units follow the currency minor unit', () => {
  assert.equal(currencyMinorDigits('EUR'), 2);
  assert.equal(currencyMinorDigits('JPY'), 0);
  assert.equal(currencyMinorDigits('KWD'), 3);
  assert.equal(toMajorUnits(new Money(3213, 'USD')).toString(), '32.13');
  assert.equal(toMajorUnits(new Money(3213, 'JPY')).toString(), '3213');
  assert.equal(toMajorUnits(new Money(-5, 'EUR')).toString(), '-0.05');
  assert.deepEqual(fromMajorUnits(d('2.5'), 'EUR'), new Money(250, 'EUR'));
  assert.deepEqual(fromMajorUnits(d('2.005'), 'EUR'), new Money(201, 'EUR'));
  assert.deepEqual(fromMajorUnits(d('20'), 'JPY'), new Money(20, 'JPY'));
  assert.ok(isCurrencyCode('EUR'));
  assert.ok(!isCurrencyCode('eur'));
  assert.ok(!isCurrencyCode('EURO'));
});
