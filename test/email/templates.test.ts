import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUILT_IN_TEMPLATES,
  builtInEmailContext,
  compileEmailTemplate,
  createTemplateEngine,
  htmlToText,
  emailEnabled,
  mayEmail,
  renderEmail,
  type BuiltInEmail,
  type BuiltInEmailName,
  type EmailKind,
} from '../../src/domain/email/index.ts';
import { Money } from '../../src/lib/values.ts';

const recipient = {
  id: 'u1',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  displayName: 'Ada L',
};
const marketplace = { name: 'Saunas & Co', url: 'https://saunas.example.com' };

test('every built-in template renders subject, HTML and text from its context', () => {
  const cases: [BuiltInEmail, string | undefined][] = [
    [{ name: 'verify-email', verificationToken: 'v+tok' }, 'https://saunas.example.com/verify-email?t=v%2Btok'],
    [{ name: 'verify-changed-email', verificationToken: 'v+tok' }, 'https://saunas.example.com/verify-email?t=v%2Btok'],
    [{ name: 'reset-password', passwordResetToken: 'r+tok' }, 'https://saunas.example.com/reset-password?t=r%2Btok&e=ada%40example.com'],
    [{ name: 'email-changed' }, undefined],
    [{ name: 'password-changed' }, undefined],
    [{ name: 'user-joined' }, 'https://saunas.example.com/'],
    [{ name: 'user-approved' }, 'https://saunas.example.com/'],
    [{ name: 'user-permissions-changed', changedPermissions: { postListings: 'permission/deny' } }, undefined],
    [{ name: 'listing-approved', listing: { id: 'l 1', title: 'Sauna' } }, 'https://saunas.example.com/l/l%201'],
  ];
  for (const [email, link] of cases) {
    const name = email.name as BuiltInEmailName;
    const out = renderEmail(name, builtInEmailContext(marketplace, recipient, email));
    assert.ok(out.subject.includes('Saunas & Co'), `${name} subject: ${out.subject}`);
    assert.ok(!out.subject.includes('\n'));
    assert.ok(out.html.includes('Saunas &amp; Co'), `${name} escapes HTML`);
    assert.ok(out.html.includes('Hi Ada,'));
    assert.ok(out.text.startsWith('Hi Ada,'), `${name} text: ${out.text}`);
    assert.ok(!/<[a-z]/i.test(out.text), 'no tags in text');
    if (link) assert.ok(out.text.includes(link), `${name} link in text: ${out.text}`);
  }
});

test('the new-message email shows the sender, the content and a link to the conversation by role', () => {
  const user = (id: string, first: string) => ({ id, firstName: first, lastName: 'X', displayName: `${first} X` });
  const message = {
    sender: user('s1', 'Pete'),
    content: 'The sauna is <hot> & ready',
    transaction: {
      id: 'tx-1',
      state: 'state/inquiry',
      lastTransition: 'transition/inquire',
      createdAt: new Date('2030-01-02T03:04:05Z'),
      listing: { id: 'l1', title: 'Lakeside sauna' },
      customer: user('c1', 'Ada'),
      provider: user('s1', 'Pete'),
    },
  };
  const asCustomer = renderEmail('new-message', builtInEmailContext(marketplace, recipient, { name: 'new-message', recipientRole: 'customer', message }));
  assert.equal(asCustomer.subject, 'Pete X sent you a message about Lakeside sauna');
  assert.ok(asCustomer.html.includes('The sauna is &lt;hot&gt; &amp; ready'), asCustomer.html);
  assert.ok(asCustomer.text.includes('The sauna is <hot> & ready'), asCustomer.text);
  assert.ok(asCustomer.text.includes('https://saunas.example.com/order/tx-1'), asCustomer.text);
  const asProvider = renderEmail('new-message', builtInEmailContext(marketplace, recipient, { name: 'new-message', recipientRole: 'provider', message }));
  assert.ok(asProvider.text.includes('https://saunas.example.com/sale/tx-1'), asProvider.text);
});

test('compat mode resolves names up the context stack, as Sharetribe templates expect', () => {
  const engine = createTemplateEngine();
  const t = compileEmailTemplate(engine, {
    subject: '{{#with transaction}}{{marketplace.name}} order {{id}}{{/with}}',
    html: '<ul>{{#each transaction.items}}<li>{{name}} for {{recipient.first-name}}</li>{{/each}}</ul>',
  });
  const out = t({
    marketplace: { name: 'M' },
    recipient: { 'first-name': 'Ada' },
    transaction: { id: 't1', items: [{ name: 'Sauna' }, { name: 'Towel' }] },
  });
  assert.equal(out.subject, 'M order t1');
  assert.equal(out.html, '<ul><li>Sauna for Ada</li><li>Towel for Ada</li></ul>');
  assert.equal(out.text, '- Sauna for Ada\n- Towel for Ada');
});

test('a template with broken syntax fails when compiled', () => {
  assert.throws(() =>
    compileEmailTemplate(createTemplateEngine(), { subject: 'x', html: '{{#if a}}unclosed' }),
  );
});

test('helpers: eq, contains, url-encode, concat, inflect, number, money and dates', () => {
  const engine = createTemplateEngine();
  const render = (html: string, ctx: Record<string, unknown> = {}) =>
    compileEmailTemplate(engine, { subject: '', html })(ctx).html;
  assert.equal(
    render('{{#eq code "line-item/night"}}night{{else}}other{{/eq}}', { code: 'line-item/night' }),
    'night',
  );
  assert.equal(
    render('{{#eq code "line-item/night"}}night{{else}}other{{/eq}}', { code: 'line-item/day' }),
    'other',
  );
  assert.equal(render('{{#contains xs "b"}}yes{{else}}no{{/contains}}', { xs: ['a', 'b'] }), 'yes');
  assert.equal(render('{{url-encode s}}', { s: 'a b&c' }), 'a%20b%26c');
  assert.equal(render('{{concat "a" n "c"}}', { n: 1 }), 'a1c');
  assert.equal(
    render('{{inflect n "night" "nights"}}', { n: 1 }) +
      render('{{inflect n "night" "nights"}}', { n: 3 }),
    'nightnights',
  );
  assert.equal(render('{{number n max-fraction-digits=1}}', { n: 1234.56 }), '1,234.6');
  // Email-context money is in major units; a lib Money is in minor units.
  assert.equal(render('{{format-money m}}', { m: { amount: 32.1, currency: 'EUR' } }), '€32.10');
  assert.equal(render('{{format-money m}}', { m: new Money(3210, 'USD') }), '$32.10');
  assert.equal(render('{{money-amount m}}', { m: { amount: 1500, currency: 'JPY' } }), '1,500');
  assert.equal(
    render('{{money-amount m lang="fi"}}', { m: { amount: 32.1, currency: 'EUR' } }),
    '32,10',
  );
  const when = {
    year: 2024,
    month: 3,
    day: 5,
    hours: 22,
    minutes: 30,
    seconds: 0,
    milliseconds: 0,
  };
  assert.equal(
    render('{{format-date d format="yyyy-MM-dd HH:mm"}}', { d: when }),
    '2024-03-05 22:30',
  );
  assert.equal(
    render('{{format-date d format="EEE d.M. HH:mm" tz="Europe/Helsinki"}}', { d: when }),
    'Wed 6.3. 00:30',
  );
  assert.equal(
    render('{{date d format="MMM d, yyyy"}}', { d: new Date('2024-12-24T10:00:00Z') }),
    'Dec 24, 2024',
  );
  assert.equal(render('{{format-date d}}', { d: 'not a date' }), '');
});

test('htmlToText keeps paragraphs, line breaks, list items and link addresses', () => {
  const html = `<html><head><style>p{color:red}</style></head><body>
    <h1>Title</h1><p>One   two<br>three &amp; four&nbsp;five</p>
    <p><a href="https://x.example/a?b=1&amp;c=2">Open</a> and <a href="https://y.example">https://y.example</a></p>
    <!-- hidden --><ul><li>a</li><li>b</li></ul></body></html>`;
  assert.equal(
    htmlToText(html),
    'Title\n\nOne two\nthree & four five\n\nOpen (https://x.example/a?b=1&c=2) and https://y.example\n\n- a\n- b',
  );
});

test('mayEmail: only verified addresses, except verification and password emails', () => {
  const always: EmailKind[] = [
    'verify-email',
    'verify-changed-email',
    'reset-password',
    'password-changed',
  ];
  const verifiedOnly: EmailKind[] = [
    'email-changed',
    'user-joined',
    'user-approved',
    'user-permissions-changed',
    'listing-approved',
    'new-message',
    'transaction-notification',
  ];
  for (const kind of always) {
    assert.equal(mayEmail({ emailVerified: false }, kind), true, kind);
    assert.equal(mayEmail({ emailVerified: true }, kind), true, kind);
  }
  for (const kind of verifiedOnly) {
    assert.equal(mayEmail({ emailVerified: false }, kind), false, kind);
    assert.equal(mayEmail({ emailVerified: true }, kind), true, kind);
  }
  assert.deepEqual(Object.keys(BUILT_IN_TEMPLATES).sort(), [
    'email-changed',
    'listing-approved',
    'new-message',
    'password-changed',
    'reset-password',
    'user-approved',
    'user-joined',
    'user-permissions-changed',
    'verify-changed-email',
    'verify-email',
  ]);
});

test('user-permissions-changed lists only the changed permissions with their new value', () => {
  const out = renderEmail(
    'user-permissions-changed',
    builtInEmailContext(marketplace, recipient, { name: 'user-permissions-changed', changedPermissions: { postListings: 'permission/deny', read: 'permission/allow' } }),
  );
  assert.match(out.text, /Posting listings: not allowed/);
  assert.match(out.text, /Viewing the marketplace: allowed/);
  assert.doesNotMatch(out.text, /Starting transactions/);
});

test('emailEnabled: the operator may turn off only the disableable built-in emails', () => {
  const settings = { disabledEmails: ['new-message', 'password-changed', 'nonsense'] };
  assert.equal(emailEnabled(settings, 'new-message'), false);
  // Password emails cannot be disabled (domain §10.1): listed or not, they go.
  assert.equal(emailEnabled(settings, 'password-changed'), true);
  assert.equal(emailEnabled(settings, 'user-joined'), true);
  assert.equal(emailEnabled({}, 'new-message'), true);
  assert.equal(emailEnabled({ disabledEmails: 'new-message' }, 'new-message'), true);
});
