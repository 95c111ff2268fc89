import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { DomainError } from '../../domain/errors.ts';
import { Money, Uuid, type WireValue } from '../../lib/values.ts';
import { buildDocument } from './envelope.ts';
import { addBodyParsers, apiErrorHandler, apiNotFoundHandler, sendDocument } from './negotiate.ts';
import { parseQuery, type RawQuery } from './query.ts';
import { p } from './query-params.ts';

/** The parts of the (untyped) marketplace SDK these tests use. */
interface SdkModule {
  transit: {
    read(text: string): unknown;
    write(value: unknown, opts?: { verbose?: boolean }): string;
  };
  types: {
    UUID: new (uuid: string) => object;
    Money: new (amount: number, currency: string) => object;
  };
}
const sdk: SdkModule = createRequire(import.meta.url)('sharetribe-flex-sdk');

const ID = '0e0b60fe-d9a2-4e5f-a7d9-0c4a1b3f1f1f';
const TRANSIT = 'application/transit+json';

/** A decoded body as a wire value (bodies are plain JSON). */
const echo = (body: unknown): WireValue => {
  const value: WireValue = JSON.parse(JSON.stringify(body ?? null));
  return value;
};

const build = async (): Promise<{ app: FastifyInstance; logs: string[] }> => {
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  // Fastify's default ajv silently drops unknown keys; the app must disable that to report them.
  const app = Fastify({
    logger: { level: 'error', stream },
    bodyLimit: 1024,
    ajv: { customOptions: { removeAdditional: false } },
  });
  await app.register(async (api) => {
    addBodyParsers(api);
    api.setErrorHandler(apiErrorHandler);
    api.setNotFoundHandler(apiNotFoundHandler);
    api.post('/v1/api/echo', async (request, reply) =>
      sendDocument(request, reply, {
        data: { id: new Uuid(ID), type: 'echo', attributes: { body: echo(request.body) } },
        included: [],
        meta: {},
      }),
    );
    api.get<{ Querystring: RawQuery }>('/v1/api/listings/show', async (request, reply) => {
      const q = parseQuery(request.query, { id: p.uuid({ required: true }) });
      const doc = await buildDocument({
        data: {
          id: q.params.id,
          type: 'listing',
          attributes: { title: 'Sauna', price: new Money(100, 'EUR') },
        },
        fields: q.fields,
      });
      return sendDocument(request, reply, {
        ...doc,
        meta: { fields: Object.keys(q.fields), variants: Object.keys(q.imageVariants) },
      });
    });
    api.get('/v1/api/boom', async () => {
      throw new Error('db password=hunter2');
    });
    api.get('/v1/api/conflict', async () => {
      throw new DomainError(
        'conflict',
        'transaction-invalid-transition',
        'Transition not allowed.',
      );
    });
    api.get(
      '/v1/api/strict',
      {
        schema: {
          querystring: {
            type: 'object',
            properties: { a: { type: 'string' } },
            additionalProperties: false,
          },
        },
      },
      async () => 'ok',
    );
    await api.register(async (uploads) => {
      uploads.addContentTypeParser('multipart/form-data', (_req, _payload, done) =>
        done(null, { multipart: true }),
      );
      uploads.post('/v1/api/images/upload', async (request, reply) =>
        sendDocument(request, reply, {
          data: { id: new Uuid(ID), type: 'image', attributes: { body: echo(request.body) } },
          included: [],
          meta: {},
        }),
      );
    });
  });
  await app.ready();
  return { app, logs };
};

const readTransit = (body: string): unknown => sdk.transit.read(body);

test('SDK transit bodies decode to plain JSON; responses are transit the SDK reads', async () => {
  const { app } = await build();
  const payload = sdk.transit.write({
    listingId: new sdk.types.UUID(ID),
    price: new sdk.types.Money(5, 'USD'),
  });
  const res = await app.inject({
    method: 'POST',
    url: '/v1/api/echo',
    headers: { 'content-type': TRANSIT, accept: TRANSIT },
    payload,
  });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'application/transit+json;charset=UTF-8');
  assert.deepStrictEqual(readTransit(res.body), {
    data: {
      id: new sdk.types.UUID(ID),
      type: 'echo',
      attributes: { body: { listingId: ID, price: { amount: 5, currency: 'USD' } } },
    },
    included: [],
    meta: {},
  });
});

test('verbose transit on X-Transit-Verbose; JSON without a transit Accept', async () => {
  const { app } = await build();
  const verbose = await app.inject({
    method: 'POST',
    url: '/v1/api/echo',
    headers: { 'content-type': TRANSIT, accept: TRANSIT, 'x-transit-verbose': 'true' },
    payload: sdk.transit.write({ a: 1 }, { verbose: true }),
  });
  assert.ok(verbose.body.startsWith('{"~:data":'));
  const json = await app.inject({
    method: 'POST',
    url: '/v1/api/echo',
    headers: { 'content-type': 'application/json' },
    payload: '',
  });
  assert.equal(json.statusCode, 200);
  assert.equal(json.headers['content-type'], 'application/json; charset=utf-8');
  assert.deepEqual(JSON.parse(json.body), {
    data: { id: ID, type: 'echo', attributes: { body: {} } },
    included: [],
    meta: {},
  });
});

const sdkError = (body: string) => {
  const decoded = readTransit(body);
  assert.ok(
    typeof decoded === 'object' &&
      decoded !== null &&
      'errors' in decoded &&
      Array.isArray(decoded.errors),
  );
  const [error] = decoded.errors;
  assert.ok(
    typeof error === 'object' &&
      error !== null &&
      'id' in error &&
      'code' in error &&
      'status' in error &&
      'title' in error,
  );
  assert.ok(error.id instanceof sdk.types.UUID, 'error id is a transit UUID');
  return error;
};

test('errors are transit when transit is accepted', async () => {
  const { app } = await build();
  const cases: {
    method: 'GET' | 'POST';
    url: string;
    headers?: Record<string, string>;
    payload?: string;
    status: number;
    code: string;
  }[] = [
    {
      method: 'POST',
      url: '/v1/api/echo',
      headers: { 'content-type': 'text/plain' },
      payload: 'hi',
      status: 400,
      code: 'unsupported-content-type',
    },
    {
      method: 'POST',
      url: '/v1/api/echo',
      headers: { 'content-type': TRANSIT },
      payload: '["^ ","~:a"',
      status: 400,
      code: 'bad-request',
    },
    {
      method: 'POST',
      url: '/v1/api/echo',
      headers: { 'content-type': TRANSIT },
      payload: '[1,2]',
      status: 400,
      code: 'bad-request',
    },
    {
      method: 'POST',
      url: '/v1/api/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
      status: 400,
      code: 'bad-request',
    },
    {
      method: 'POST',
      url: '/v1/api/echo',
      headers: { 'content-type': TRANSIT },
      payload: `["^ ","~:a","${'x'.repeat(2000)}"]`,
      status: 413,
      code: 'request-upload-over-limit',
    },
    { method: 'GET', url: '/v1/api/nope', status: 404, code: 'not-found' },
    { method: 'GET', url: '/v1/api/conflict', status: 409, code: 'transaction-invalid-transition' },
    { method: 'GET', url: '/v1/api/strict?b=1', status: 400, code: 'validation-disallowed-key' },
    { method: 'GET', url: '/v1/api/listings/show', status: 400, code: 'validation-missing-key' },
    {
      method: 'GET',
      url: `/v1/api/listings/show?id=${ID}&limit.images=x`,
      status: 400,
      code: 'validation-invalid-value',
    },
  ];
  for (const c of cases) {
    const res = await app.inject({
      method: c.method,
      url: c.url,
      headers: { accept: TRANSIT, ...c.headers },
      payload: c.payload,
    });
    assert.equal(res.statusCode, c.status, `${c.url} ${c.code}`);
    assert.match(String(res.headers['content-type']), /^application\/transit\+json/);
    const error = sdkError(res.body);
    assert.equal(error.code, c.code);
    assert.equal(error.status, c.status);
  }
});

test('unknown errors: opaque 500 with the request id, logged without secrets', async () => {
  const { app, logs } = await build();
  const res = await app.inject({
    method: 'GET',
    url: '/v1/api/boom',
    headers: { accept: TRANSIT, authorization: 'Bearer sekrit-token' },
  });
  assert.equal(res.statusCode, 500);
  const error = sdkError(res.body);
  assert.equal(error.code, 'internal-server-error');
  assert.doesNotMatch(String(error.title), /hunter2/);
  const line = logs.find((l) => l.includes('unhandled error'));
  assert.ok(line, 'logged at error level');
  assert.match(line, /"requestId":"req-/);
  assert.match(String(error.title), new RegExp(String(JSON.parse(line).requestId)));
  assert.doesNotMatch(logs.join('\n'), /sekrit-token/);
});

test('Fastify query strings with dotted keys reach parseQuery flat', async () => {
  const { app } = await build();
  const res = await app.inject({
    method: 'GET',
    url: `/v1/api/listings/show?id=${ID}&fields.listing=title&imageVariant.card=w%3A10%3Bh%3A20%3Bfit%3Acrop`,
    headers: { accept: 'application/json' },
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(JSON.parse(res.body), {
    data: { id: ID, type: 'listing', attributes: { title: 'Sauna' } },
    included: [],
    meta: { fields: ['listing'], variants: ['card'] },
  });
});

test('a route scope can add multipart next to the catch-all', async () => {
  const { app } = await build();
  const res = await app.inject({
    method: 'POST',
    url: '/v1/api/images/upload',
    headers: { 'content-type': 'multipart/form-data; boundary=x', accept: TRANSIT },
    payload: '--x--',
  });
  assert.equal(res.statusCode, 200);
  const rejected = await app.inject({
    method: 'POST',
    url: '/v1/api/echo',
    headers: { 'content-type': 'multipart/form-data; boundary=x', accept: TRANSIT },
    payload: '--x--',
  });
  assert.equal(rejected.statusCode, 400);
  assert.equal(sdkError(rejected.body).code, 'unsupported-content-type');
});
