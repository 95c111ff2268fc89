/**
 * Domain errors: a transport-free kind plus a stable code. The HTTP layer maps kinds to statuses in
 * one table (src/http/wire/errors.ts); docs/errors.md lists every code.
 */
export type ErrorKind =
  | 'bad-request' // malformed or invalid input → 400
  | 'unauthorized' // missing/invalid/expired/revoked credentials → 401
  | 'payment-failed' // → 402
  | 'forbidden' // valid credentials, not allowed → 403
  | 'not-found' // → 404
  | 'conflict' // state conflict → 409
  | 'too-large' // → 413
  | 'rate-limited'; // → 429

export interface ErrorSource {
  path: (string | number)[];
  type: 'body' | 'query' | 'path';
}

export class DomainError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly details: unknown;
  readonly source: ErrorSource | undefined;
  readonly meta: Record<string, unknown> | undefined;

  constructor(
    kind: ErrorKind,
    code: string,
    message: string,
    opts: { details?: unknown; source?: ErrorSource; meta?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.details = opts.details;
    this.source = opts.source;
    this.meta = opts.meta;
  }
}

export const badRequest = (code: string, message: string, source?: ErrorSource): DomainError =>
  new DomainError('bad-request', code, message, source ? { source } : {});
export const notFound = (message = 'Not found.'): DomainError =>
  new DomainError('not-found', 'not-found', message);
export const forbidden = (code: string, message: string): DomainError =>
  new DomainError('forbidden', code, message);
export const conflict = (code: string, message: string): DomainError =>
  new DomainError('conflict', code, message);
export const unauthorized = (code: string, message: string): DomainError =>
  new DomainError('unauthorized', code, message);
