/**
 * The Auth API's error dialect: OAuth2 `{error, error_description}` (RFC 6749 §5.2). Statuses follow
 * catalogue §2.4: the SDKs key their refresh / anonymous-token fallbacks on 401, so every
 * credential problem (client or grant) is a 401; malformed requests are 400.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.ts';
import { TokenGrantError, type TokenErrorCode } from '../../domain/identity/index.ts';

/** Auth API error codes: the token endpoint's (RFC 6749) plus the bearer-token ones (RFC 6750). */
export type OAuthErrorCode = TokenErrorCode | 'invalid_token' | 'server_error';

const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 401,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  invalid_token: 401,
  server_error: 500,
};

export interface OAuthErrorBody {
  error: OAuthErrorCode;
  error_description: string;
}

/** Sends an OAuth2 error; 401s carry a WWW-Authenticate challenge. */
export function sendOAuthError(reply: FastifyReply, error: OAuthErrorCode, description: string): FastifyReply {
  const status = STATUS[error];
  if (status === 401) {
    reply.header('www-authenticate', error === 'invalid_client' ? 'Basic realm="bazaar"' : `Bearer error="${error}"`);
  }
  const body: OAuthErrorBody = { error, error_description: description };
  return reply.code(status).header('cache-control', 'no-store').type('application/json; charset=utf-8').send(body);
}

export const sendGrantError = (reply: FastifyReply, e: TokenGrantError): FastifyReply => sendOAuthError(reply, e.error, e.message);

/** An error with an HTTP status from Fastify or a plugin (body parsing, size limit, validation). */
const clientErrorStatus = (err: unknown): number | undefined => {
  if (typeof err !== 'object' || err === null || !('statusCode' in err) || typeof err.statusCode !== 'number') return undefined;
  return err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : undefined;
};

/** `setErrorHandler` for the Auth API: everything in the OAuth2 dialect; unknown errors → opaque 500, logged. */
export function authErrorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof TokenGrantError) return sendGrantError(reply, err);
  if (err instanceof DomainError) {
    if (err.kind === 'unauthorized') return sendOAuthError(reply, 'invalid_token', err.message);
    if (err.kind === 'bad-request') return sendOAuthError(reply, 'invalid_request', err.message);
  }
  if (clientErrorStatus(err) !== undefined) {
    return sendOAuthError(reply, 'invalid_request', 'The request could not be read (body type, encoding, size or parameters).');
  }
  // Only the error and the request id: never headers or form bodies (they carry credentials).
  request.log.error({ err, requestId: request.id }, 'unhandled auth API error');
  return sendOAuthError(reply, 'server_error', `Internal server error (request id ${request.id}).`);
}

/** `setNotFoundHandler` for the Auth API. */
export const authNotFoundHandler = (request: FastifyRequest, reply: FastifyReply): FastifyReply =>
  reply.code(404).type('application/json; charset=utf-8').send({ error: 'not_found', error_description: `No endpoint ${request.method} ${request.url.split('?')[0] ?? ''}.` });
