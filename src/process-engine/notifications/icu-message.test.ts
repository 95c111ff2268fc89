import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  IcuSyntaxError,
  checkIcuMessage,
  formatIcuMessage,
  type IcuFormatOptions,
} from './icu-message.ts';

const plain: IcuFormatOptions = {
  locale: 'en-US',
  timeZone: 'UTC',
  toDate: (v) => (v instanceof Date ? v : typeof v === 'string' ? new Date(v) : undefined),
  text: (s) => s,
  tag: (name, _value, inner) => `[${name}:${inner}]`,
};
const f = (
  message: string,
  values: Record<string, unknown> = {},
  opts: Partial<IcuFormatOptions> = {},
) => formatIcuMessage(message, values, { ...plain, ...opts });

test('simple arguments; missing values render empty', () => {
  assert.equal(f('{a} and {b}', { a: 'Ann', b: 'Bo' }), 'Ann and Bo');
  assert.equal(f('Hi {name}!', {}), 'Hi !');
  assert.equal(f('{ spaced }', { spaced: 'ok' }), 'ok');
  assert.equal(f('{n}', { n: 1234.5 }), '1,234.5');
});

test('numbers: default, ::.00 skeleton, integer, group-off, locale', () => {
  assert.equal(
    f('{amount,number,::.00} {currency}', { amount: 32.1, currency: 'EUR' }),
    '32.10 EUR',
  );
  assert.equal(f('{amount, number, ::.00}', { amount: 1234.5 }), '1,234.50');
  assert.equal(f('{amount, number, ::.00}', { amount: -7.5 }), '-7.50');
  assert.equal(f('{n, number}', { n: 1.5 }), '1.5');
  assert.equal(f('{n, number, integer}', { n: 2.6 }), '3');
  assert.equal(f('{n, number, ::.0# group-off}', { n: 12345.678 }), '12345.68');
  assert.equal(f('{n, number, ::precision-integer}', { n: 9.5 }), '10');
  assert.equal(f('{amount, number, ::.00}', { amount: 1234.5 }, { locale: 'de-DE' }), '1.234,50');
  assert.equal(f('{n, number}', { n: 'not a number' }), '');
});

test('dates: skeletons in the given zone', () => {
  const d = new Date('2025-03-14T14:00:00Z');
  const hki = { timeZone: 'Europe/Helsinki' };
  assert.equal(f('{d,date,::EE}', { d }, hki), 'Fri');
  assert.equal(f('{d,date,::EEjmm}', { d }, hki), 'Fri 4:00 PM');
  assert.equal(f('{d,date,::MMMd}', { d }, hki), 'Mar 14');
  assert.equal(f('{d,date,::YYYYMMMd}', { d }, hki), 'Mar 14, 2025');
  assert.equal(f('{d,date,::jmmYYYYMMMd}', { d }, hki), 'Mar 14, 2025, 4:00 PM');
  assert.equal(f('{d,date,::jmmYYYYMMMd}', { d }), 'Mar 14, 2025, 2:00 PM', 'UTC by default');
  assert.equal(f('{d,date,::HHmm}', { d }), '14:00');
  assert.equal(f('{d,date,short}', { d }), '3/14/25');
  assert.equal(f('{d,date}', { d }), 'Mar 14, 2025');
  assert.equal(f('{d,time,short}', { d }), '2:00 PM');
  assert.equal(f('{d,date,::YYYYMMMd}', { d: 'garbage' }), '');
});

test('plural: categories, exact matches, # and offset', () => {
  const msg = '{n, plural, =0 {no seats} one {# seat} other {# seats}}';
  assert.equal(f(msg, { n: 0 }), 'no seats');
  assert.equal(f(msg, { n: 1 }), '1 seat');
  assert.equal(f(msg, { n: 2 }), '2 seats');
  assert.equal(f(msg, { n: 1.5 }), '1.5 seats');
  assert.equal(f(msg, { n: 1000 }), '1,000 seats');
  assert.equal(
    f('{n, plural, offset:1 =0 {nobody} one {you} other {you and # others}}', { n: 3 }),
    'you and 2 others',
  );
  assert.equal(
    f('{n, selectordinal, one {#st} two {#nd} few {#rd} other {#th}}', { n: 22 }),
    '22nd',
  );
  assert.equal(
    f('{units, number} {units, plural, one {hour} other {hours}}', { units: 1 }),
    '1 hour',
  );
});

test('select, nested in plural', () => {
  const msg = 'Remember to {option, select, shipping {ship} other {arrange pickup for}} the order';
  assert.equal(f(msg, { option: 'shipping' }), 'Remember to ship the order');
  assert.equal(f(msg, { option: 'pickup' }), 'Remember to arrange pickup for the order');
  assert.equal(f(msg, {}), 'Remember to arrange pickup for the order');
  assert.equal(
    f('{n, plural, one {# {g, select, f {woman} other {person}}} other {# people}}', {
      n: 1,
      g: 'f',
    }),
    '1 woman',
  );
});

test('apostrophes: literal in words, quoting before syntax characters', () => {
  assert.equal(f("{name}'s order", { name: 'Carl' }), "Carl's order");
  assert.equal(f("Can't click"), "Can't click");
  assert.equal(f("It''s"), "It's");
  assert.equal(f("'{name}' stays"), '{name} stays');
  assert.equal(f("a '{b}' and '' c"), "a {b} and ' c");
  assert.equal(f("{n, plural, other {'#' is #}}", { n: 5 }), '# is 5');
});

test('rich-text tags wrap their rendered content with the tag renderer', () => {
  assert.equal(
    f('Mark it from <link>order {what}</link> now.', { what: 'details', link: 'L' }),
    'Mark it from [link:order details] now.',
  );
  // A lone "<" is text.
  assert.equal(f('1 < 2'), '1 < 2');
  const seen: unknown[] = [];
  f('<a>x</a>', { a: 42 }, { tag: (_n, value, inner) => (seen.push(value), inner) });
  assert.deepEqual(seen, [42]);
});

test('the text renderer sees every literal and value (HTML escaping hooks in there)', () => {
  const escape = (s: string): string => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
  assert.equal(f('<b>{t}</b> & more', { t: '<i>' }, { text: escape }), '[b:&lt;i>] &amp; more');
});

test('malformed messages are syntax errors', () => {
  for (const bad of [
    '{',
    '{name',
    'a } b',
    '{n, plural, one {x}}',
    '{n, bogus}',
    '<b>open',
    '<b>x</i>',
    '{n, select, other {x}',
  ]) {
    assert.throws(() => checkIcuMessage(bad), IcuSyntaxError, bad);
  }
  assert.doesNotThrow(() => checkIcuMessage('{n, plural, one {x} other {y}}'));
});
