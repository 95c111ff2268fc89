/**
 * Fastify glue for the Marketplace and Integration APIs: body parsers, content negotiation
 * (transit when the client accepts it — the SDK needs errors in transit too, catalogue 1.3) and
 * the error / not-found handlers. No business logic.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.ts';
import type { WireValue } from '../../lib/values.ts';
import { documentToWire, type ResourceDocument } from './envelope.ts';
import {
  errorBodyToWire,
  notFoundDocument,
  toErrorDocument,
  unsupportedContentTypeError,
  type ErrorDocument,
} from './errors.ts';
import { encodeJson, isJsonObject, type JsonValue } from './json.ts';
import type { EncodedBody, ResponseCache } from './response-cache.ts';
import { decodeTransitBody, encodeTransit } from './transit.ts';

/** Response content type for transit (the SDK matches the `application/transit+json` prefix). */
export const TRANSIT_CONTENT_TYPE = 'application/transit+json;charset=UTF-8';
/** Response content type for JSON. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

const bodyMustBeMap = (): DomainError =>
  new DomainError('bad-request', 'bad-request', 'The request body must be a map (object).', {
    source: { type: 'body', path: [] },
  });

const parseJsonText = (text: string): JsonValue => {
  try {
    // JSON.parse returns `any`; annotating it as JsonValue is exact for parsed JSON text.
    const value: JsonValue = JSON.parse(text);
    return value;
  } catch {
    throw new DomainError('bad-request', 'bad-request', 'Malformed JSON body.', {
      source: { type: 'body', path: [] },
    });
  }
};

/** An empty body is an empty map; anything but a map is rejected. */
const asBodyMap = (text: string, decode: (text: string) => JsonValue): JsonValue => {
  if (text.trim() === '') return {};
  const value = decode(text);
  if (!isJsonObject(value)) throw bodyMustBeMap();
  return value;
};

/**
 * Registers the API body parsers on `app` (call inside the surface's encapsulated plugin):
 * transit and JSON bodies decode to plain JSON maps; any other content type is a 400
 * `unsupported-content-type`. A route scope may still add its own parser (e.g. multipart for
 * image uploads): specific parsers win over the catch-all. Bodies over the limit → 413.
 */
export const addBodyParsers = (app: FastifyInstance): void => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/transit+json',
    { parseAs: 'string' },
    async (_req: FastifyRequest, body: string) => asBodyMap(body, decodeTransitBody),
  );
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    async (_req: FastifyRequest, body: string) => asBodyMap(body, parseJsonText),
  );
  app.addContentTypeParser('*', (request, _payload, done) => {
    done(unsupportedContentTypeError(request.headers['content-type'] ?? '(none)'), undefined);
  });
};

/** True when the client accepts transit (the SDKs always do). */
export const wantsTransit = (request: FastifyRequest): boolean =>
  (request.headers.accept ?? '').includes('application/transit+json');

/** True when the client asked for verbose transit (`X-Transit-Verbose: true`). */
export const wantsVerboseTransit = (request: FastifyRequest): boolean =>
  request.headers['x-transit-verbose'] === 'true';

/** `value` encoded as the client asked (transit, verbose transit or JSON). */
const encodeWire = (
  request: FastifyRequest,
  value: WireValue,
): { contentType: string; body: string } =>
  wantsTransit(request)
    ? {
        contentType: TRANSIT_CONTENT_TYPE,
        body: encodeTransit(value, wantsVerboseTransit(request)),
      }
    : { contentType: JSON_CONTENT_TYPE, body: encodeJson(value) };

/** Encodes `value` as the client asked and sends it with `status`. */
export const sendWire = (
  request: FastifyRequest,
  reply: FastifyReply,
  value: WireValue,
  status = 200,
): FastifyReply => {
  const { contentType, body } = encodeWire(request, value);
  return reply.code(status).type(contentType).send(body);
};

/** Sends a resource document (see `buildDocument`). */
export const sendDocument = (
  request: FastifyRequest,
  reply: FastifyReply,
  doc: ResourceDocument,
  status = 200,
): FastifyReply => sendWire(request, reply, documentToWire(doc), status);

/**
 * Sends the document `key` names from `cache`, building and encoding it on a miss. `key` must name
 * the answer completely (see ResponseCache); the client's format is added here.
 */
export const sendCachedDocument = async (
  request: FastifyRequest,
  reply: FastifyReply,
  cache: ResponseCache,
  key: string,
  build: () => Promise<ResourceDocument>,
): Promise<FastifyReply> => {
  const format = wantsTransit(request) ? (wantsVerboseTransit(request) ? 'transit-verbose' : 'transit') : 'json';
  const cached = await cache.get(`${format}|${key}`, async (): Promise<EncodedBody> => {
    const { contentType, body } = encodeWire(request, documentToWire(await build()));
    return { contentType, body: Buffer.from(body) };
  });
  return reply.code(200).type(cached.contentType).send(cached.body);
};

const sendError = (
  request: FastifyRequest,
  reply: FastifyReply,
  doc: ErrorDocument,
): FastifyReply => sendWire(request, reply, errorBodyToWire(doc), doc.status);

/** `setErrorHandler` for the Marketplace and Integration APIs; unknown errors → opaque 500, logged. */
export const apiErrorHandler = (
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply => {
  const doc = toErrorDocument(error, request.id);
  if (doc.unexpected) {
    // Only the error and the request id: never headers (Authorization) or bodies.
    request.log.error({ err: error, requestId: request.id }, 'unhandled error');
  }
  return sendError(request, reply, doc);
};

/** `setNotFoundHandler` for the Marketplace and Integration APIs. */
export const apiNotFoundHandler = (request: FastifyRequest, reply: FastifyReply): FastifyReply =>
  sendError(request, reply, notFoundDocument(request.method, request.url));
