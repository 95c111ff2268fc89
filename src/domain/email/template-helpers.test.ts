import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileEmailTemplate, createTemplateEngine } from './index.ts';

const render = (html: string, ctx: Record<string, unknown>): string =>
  compileEmailTemplate(createTemplateEngine(), { subject: '', html })(ctx).html;

test('inline partials resolve names up the caller’s context stack, Mustache-style', () => {
  // As in Sharetribe's booking templates: a partial called inside #each reads root data.
  const html =
    '{{#*inline "day"}}{{#with transaction.plan}}[{{tz}} {{d}}]{{/with}}{{/inline}}' +
    '{{#with transaction}}{{#each items}}{{> day d=booking.start}}{{/each}}{{/with}}';
  const out = render(html, {
    transaction: { plan: { tz: 'Europe/Helsinki' }, booking: { start: 'S' }, items: [{}, {}] },
  });
  assert.equal(out, '[Europe/Helsinki S][Europe/Helsinki S]');
});

test('inline partials still see their hash and own context, and nest', () => {
  const html =
    '{{#*inline "money"}}{{m.amount}} {{m.currency}}{{/inline}}' +
    '{{#*inline "line"}}{{code}}: {{> money m=total}}{{/inline}}' +
    '{{#each items}}{{> line}};{{/each}}';
  const out = render(html, {
    items: [
      { code: 'a', total: { amount: 1, currency: 'EUR' } },
      { code: 'b', total: { amount: 2, currency: 'EUR' } },
    ],
  });
  assert.equal(out, 'a: 1 EUR;b: 2 EUR;');
});

test('date-day-before: one calendar day earlier in the given zone', () => {
  const end = { year: 2025, month: 7, day: 4, hours: 0, minutes: 0, seconds: 0, milliseconds: 0 };
  assert.equal(render('{{date-day-before end format="yyyy-MM-dd"}}', { end }), '2025-07-03');
  // 30 March 2025 21:00 UTC is 31 March 00:00 in Helsinki (after the DST change): the day before is 30 March.
  assert.equal(
    render('{{date-day-before end format="yyyy-MM-dd HH:mm" tz="Europe/Helsinki"}}', {
      end: '2025-03-30T21:00:00Z',
    }),
    '2025-03-30 00:00',
  );
  assert.equal(render('{{date-day-before nothing format="yyyy"}}', {}), '');
});
