/**
 * The API error envelope (catalogue 1.10): maps DomainErrors, Fastify/plugin errors and unknown
 * errors to `{ errors: [{ id, status, code, title, details?, source?, meta? }] }`.
 */
import { randomUUID } from 'node:crypto';
import { DomainError, type ErrorKind, type ErrorSource } from '../../domain/errors.ts';
import { Uuid, type WireValue } from '../../lib/values.ts';
import { isWireObject } from './json.ts';
import { ERROR_CODES, type ErrorCode } from './error-codes.ts';

/** The one table from domain error kinds to HTTP statuses. */
export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  'bad-request': 400,
  unauthorized: 401,
  'payment-failed': 402,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'rate-limited': 429,
};

/** One entry of `errors[]`. */
export interface ApiError {
  id: Uuid;
  status: number;
  code: string;
  title: string;
  details?: WireValue;
  source?: { path: (string | number)[]; type: string };
  meta?: { [key: string]: WireValue };
}

/** An error response: HTTP status, body, and whether it was unexpected (log it). */
export interface ErrorDocument {
  status: number;
  body: { errors: ApiError[] };
  unexpected: boolean;
}

/** Best-effort conversion of free-form `details`/`meta` to wire values; drops what JSON cannot hold. */
const toWire = (value: unknown, depth = 0): WireValue | undefined => {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (depth > 8 || typeof value !== 'object') return undefined;
  if (value instanceof Date || value instanceof Uuid) return value;
  if (Array.isArray(value)) return value.flatMap((item) => toWire(item, depth + 1) ?? []);
  const out: { [key: string]: WireValue } = {};
  for (const [key, item] of Object.entries(value)) {
    const converted = toWire(item, depth + 1);
    if (converted !== undefined) out[key] = converted;
  }
  return out;
};

const entry = (
  status: number,
  code: string,
  title: string,
  extra: { details?: unknown; source?: ErrorSource; meta?: Record<string, unknown> } = {},
): ApiError => {
  const error: ApiError = { id: new Uuid(randomUUID()), status, code, title };
  const details = extra.details === undefined ? undefined : toWire(extra.details);
  if (details !== undefined) error.details = details;
  if (extra.source) error.source = { path: extra.source.path, type: extra.source.type };
  const meta = extra.meta === undefined ? undefined : toWire(extra.meta);
  if (isWireObject(meta)) error.meta = meta;
  return error;
};

const single = (status: number, error: ApiError, unexpected = false): ErrorDocument => ({
  status,
  body: { errors: [error] },
  unexpected,
});

const fromCatalogue = (code: ErrorCode, title?: string): ErrorDocument => {
  const info = ERROR_CODES[code];
  return single(info.status, entry(info.status, code, title ?? info.title));
};

/** An error carrying an HTTP status (Fastify, its plugins, http-errors style). */
interface HttpishError {
  statusCode: number;
  code?: unknown;
  message?: unknown;
  validation?: unknown;
  validationContext?: unknown;
}

const isHttpish = (err: unknown): err is HttpishError =>
  typeof err === 'object' &&
  err !== null &&
  'statusCode' in err &&
  typeof err.statusCode === 'number';

interface AjvIssue {
  keyword?: unknown;
  instancePath?: unknown;
  message?: unknown;
  params?: unknown;
}

const isIssue = (value: unknown): value is AjvIssue => typeof value === 'object' && value !== null;

const sourceType = (context: unknown): ErrorSource['type'] =>
  context === 'querystring' ? 'query' : context === 'params' ? 'path' : 'body';

const param = (params: unknown, name: string): string | undefined => {
  if (typeof params !== 'object' || params === null || !(name in params)) return undefined;
  const value: unknown = Reflect.get(params, name);
  return typeof value === 'string' ? value : undefined;
};

/** Fastify schema validation failure → 400 with the validation-* code matching the first issue. */
const fromValidation = (issues: unknown[], context: unknown): ErrorDocument => {
  const first = issues.find(isIssue) ?? {};
  const pointer = typeof first.instancePath === 'string' ? first.instancePath : '';
  const path: (string | number)[] = pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  const type = sourceType(context);
  const where =
    type === 'query' ? 'query parameter' : type === 'path' ? 'path parameter' : 'body key';
  const missing = param(first.params, 'missingProperty');
  if (first.keyword === 'required' && missing !== undefined) {
    const full = [...path, missing];
    return single(
      400,
      entry(400, 'validation-missing-key', `Missing required ${where} ${full.join('.')}.`, {
        source: { type, path: full },
      }),
    );
  }
  const extra = param(first.params, 'additionalProperty');
  if (first.keyword === 'additionalProperties' && extra !== undefined) {
    const full = [...path, extra];
    return single(
      400,
      entry(400, 'validation-disallowed-key', `Disallowed ${where} ${full.join('.')}.`, {
        source: { type, path: full },
      }),
    );
  }
  const message = typeof first.message === 'string' ? first.message : 'is invalid';
  const subject =
    path.length > 0 ? `${where} ${path.join('.')}` : type === 'body' ? 'body' : `${where}s`;
  const title = `Invalid ${subject}: ${message}.`;
  return single(400, entry(400, 'validation-invalid-value', title, { source: { type, path } }));
};

/** Default code for a plugin/Fastify error by status; anything else is treated as unknown. */
const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'bad-request',
  401: 'auth-invalid-access-token',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-found',
  409: 'conflict',
  413: 'request-upload-over-limit',
  415: 'unsupported-content-type',
  429: 'too-many-requests',
};

const fromHttpish = (err: HttpishError): ErrorDocument | undefined => {
  if (Array.isArray(err.validation)) return fromValidation(err.validation, err.validationContext);
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return fromCatalogue('unsupported-content-type');
  const code = CODE_BY_STATUS[err.statusCode];
  if (code === undefined) return undefined;
  // Fastify's own client-error messages are written for clients; other libraries' are not trusted.
  const fastifyMessage =
    typeof err.code === 'string' && err.code.startsWith('FST_') && typeof err.message === 'string'
      ? err.message
      : undefined;
  return fromCatalogue(code, code === 'request-upload-over-limit' ? undefined : fastifyMessage);
};

/** Builds the error response for anything thrown; unknown errors become an opaque 500. */
export const toErrorDocument = (err: unknown, requestId: string): ErrorDocument => {
  if (err instanceof DomainError) {
    const status = STATUS_BY_KIND[err.kind];
    const opts: { details?: unknown; source?: ErrorSource; meta?: Record<string, unknown> } = {
      details: err.details,
    };
    if (err.source) opts.source = err.source;
    if (err.meta) opts.meta = err.meta;
    return single(status, entry(status, err.code, err.message, opts));
  }
  const known = isHttpish(err) ? fromHttpish(err) : undefined;
  if (known) return known;
  const status = ERROR_CODES['internal-server-error'].status;
  return single(
    status,
    entry(status, 'internal-server-error', `Internal server error (request id ${requestId}).`),
    true,
  );
};

/** The 404 for a path no route matches. */
export const notFoundDocument = (method: string, url: string): ErrorDocument =>
  fromCatalogue('not-found', `No endpoint ${method} ${url.split('?')[0] ?? ''}.`);

/** The 400 for a request body in a content type the API does not accept. */
export const unsupportedContentTypeError = (contentType: string): DomainError =>
  new DomainError(
    'bad-request',
    'unsupported-content-type',
    `Unsupported content type ${contentType}.`,
  );

/** Converts an error document's body to a wire value for encoding. */
export const errorBodyToWire = (doc: ErrorDocument): WireValue => ({
  errors: doc.body.errors.map((e): WireValue => {
    const out: { [key: string]: WireValue } = {
      id: e.id,
      status: e.status,
      code: e.code,
      title: e.title,
    };
    if (e.details !== undefined) out.details = e.details;
    if (e.source) out.source = { path: e.source.path, type: e.source.type };
    if (e.meta) out.meta = e.meta;
    return out;
  }),
});
