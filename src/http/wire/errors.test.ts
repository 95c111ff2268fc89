import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, type ErrorKind } from '../../domain/errors.ts';
import { Uuid } from '../../lib/values.ts';
import { ERROR_CODES, isErrorCode } from './error-codes.ts';
import { STATUS_BY_KIND, toErrorDocument } from './errors.ts';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const only = (doc: ReturnType<typeof toErrorDocument>) => {
  assert.equal(doc.body.errors.length, 1);
  const [error] = doc.body.errors;
  assert.ok(error);
  assert.ok(error.id instanceof Uuid && UUID_RE.test(error.id.uuid));
  assert.equal(error.status, doc.status);
  return error;
};

test('domain error kinds map to their statuses', () => {
  const expected: Record<ErrorKind, number> = {
    'bad-request': 400,
    unauthorized: 401,
    'payment-failed': 402,
    forbidden: 403,
    'not-found': 404,
    conflict: 409,
    'too-large': 413,
    'rate-limited': 429,
  };
  assert.deepEqual(STATUS_BY_KIND, expected);
  const doc = toErrorDocument(
    new DomainError('payment-failed', 'transaction-payment-failed', 'Card declined.', {
      details: { reason: 'x', fn: () => 1 },
      source: { type: 'body', path: ['paymentMethod'] },
      meta: { stripeMessage: 'Your card was declined.', stripeCode: 'card_declined' },
    }),
    'req-1',
  );
  assert.equal(doc.status, 402);
  assert.equal(doc.unexpected, false);
  const { id: _id, ...rest } = only(doc);
  assert.deepEqual(rest, {
    status: 402,
    code: 'transaction-payment-failed',
    title: 'Card declined.',
    details: { reason: 'x' },
    source: { path: ['paymentMethod'], type: 'body' },
    meta: { stripeMessage: 'Your card was declined.', stripeCode: 'card_declined' },
  });
});

test('every error gets a fresh random id', () => {
  const err = new DomainError('not-found', 'not-found', 'Not found.');
  assert.notEqual(only(toErrorDocument(err, 'r')).id.uuid, only(toErrorDocument(err, 'r')).id.uuid);
});

test('unknown errors become an opaque 500 naming only the request id', () => {
  for (const thrown of [
    new Error('password=hunter2 at db.ts'),
    'a string',
    null,
    { statusCode: 418, message: 'teapot secret' },
  ]) {
    const doc = toErrorDocument(thrown, 'req-42');
    const error = only(doc);
    assert.equal(doc.status, 500);
    assert.equal(doc.unexpected, true);
    assert.equal(error.code, 'internal-server-error');
    assert.match(error.title, /req-42/);
    assert.doesNotMatch(error.title, /hunter2|secret|string/);
    assert.equal(error.details, undefined);
  }
});

test('Fastify schema validation errors map to validation codes with sources', () => {
  const validation = (issue: Record<string, unknown>, validationContext: string) =>
    Object.assign(new Error('body/x must be ...'), {
      statusCode: 400,
      code: 'FST_ERR_VALIDATION',
      validation: [issue],
      validationContext,
    });

  const missing = only(
    toErrorDocument(
      validation(
        {
          keyword: 'required',
          instancePath: '/price',
          params: { missingProperty: 'amount' },
          message: "must have required property 'amount'",
        },
        'body',
      ),
      'r',
    ),
  );
  assert.equal(missing.code, 'validation-missing-key');
  assert.deepEqual(missing.source, { type: 'body', path: ['price', 'amount'] });

  const extra = only(
    toErrorDocument(
      validation(
        {
          keyword: 'additionalProperties',
          instancePath: '',
          params: { additionalProperty: 'bogus' },
        },
        'querystring',
      ),
      'r',
    ),
  );
  assert.equal(extra.code, 'validation-disallowed-key');
  assert.deepEqual(extra.source, { type: 'query', path: ['bogus'] });

  const invalid = only(
    toErrorDocument(
      validation(
        {
          keyword: 'type',
          instancePath: '/lineItems/0/quantity',
          params: {},
          message: 'must be integer',
        },
        'body',
      ),
      'r',
    ),
  );
  assert.equal(invalid.code, 'validation-invalid-value');
  assert.deepEqual(invalid.source, { type: 'body', path: ['lineItems', 0, 'quantity'] });
  assert.match(invalid.title, /lineItems\.0\.quantity: must be integer/);

  const pathParam = only(
    toErrorDocument(
      validation({ keyword: 'format', instancePath: '/id', params: {}, message: 'bad' }, 'params'),
      'r',
    ),
  );
  assert.deepEqual(pathParam.source, { type: 'path', path: ['id'] });
});

test('Fastify and plugin client errors map by status', () => {
  const fst = (statusCode: number, code: string, message: string) =>
    Object.assign(new Error(message), { statusCode, code });
  const cases: [unknown, number, string][] = [
    [
      fst(413, 'FST_ERR_CTP_BODY_TOO_LARGE', 'Request body is too large'),
      413,
      'request-upload-over-limit',
    ],
    [
      fst(415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE', 'Unsupported Media Type'),
      400,
      'unsupported-content-type',
    ],
    [
      fst(
        400,
        'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
        'Request body size did not match Content-Length',
      ),
      400,
      'bad-request',
    ],
    [fst(429, 'FST_ERR_RATE_LIMIT', 'Rate limit exceeded'), 429, 'too-many-requests'],
    [
      fst(413, 'FST_REQ_FILE_TOO_LARGE', 'request file too large'),
      413,
      'request-upload-over-limit',
    ],
    [Object.assign(new Error('internal detail'), { statusCode: 400 }), 400, 'bad-request'],
  ];
  for (const [err, status, code] of cases) {
    const doc = toErrorDocument(err, 'r');
    const error = only(doc);
    assert.equal(doc.status, status, code);
    assert.equal(error.code, code);
    if (!isErrorCode(code)) assert.fail(`${code} is not in the catalogue`);
    assert.equal(ERROR_CODES[code].status, status);
  }
  // A non-Fastify library's message is not echoed.
  assert.doesNotMatch(only(toErrorDocument(cases[5]?.[0], 'r')).title, /internal detail/);
});
