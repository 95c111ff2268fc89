/**
 * The Authentication API's error dialect: OAuth2 bodies `{error, error_description}` (RFC 6749
 * §5.2). Statuses follow catalogue §2.4: client and grant failures are 401 (the SDKs fall back to a
 * new token on 401), malformed requests 400.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.ts';
import type { TokenErrorCode } from '../../domain/identity/index.ts';

const STATUS: Record<TokenErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 401,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
};

/** An OAuth2 error as the handler throws it; the error handler writes the body. */
export class OAuthError extends Error {
  constructor(
    readonly error: TokenErrorCode,
    description: string,
  ) {
    super(description);
  }
}

export const sendOAuthError = (reply: FastifyReply, error: TokenErrorCode, description: string): FastifyReply =>
  reply
    .code(STATUS[error])
    .header('cache-control', 'no-store')
    .send({ error, error_description: description });

/** Error handler of the Auth API scope: OAuth2 bodies; unexpected errors are an opaque 500. */
export function oauthErrorHandler(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof OAuthError) return sendOAuthError(reply, err.error, err.message);
  if (err instanceof DomainError) {
    // Domain errors reaching the token endpoint are token problems (e.g. an invalid access token on
    // revoke): 401 for credentials, 400 otherwise.
    const error: TokenErrorCode = err.kind === 'unauthorized' ? 'invalid_grant' : 'invalid_request';
    return sendOAuthError(reply, error, err.message);
  }
  const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status >= 400 && status < 500) return sendOAuthError(reply, 'invalid_request', 'Malformed request.');
  request.log.error({ err, requestId: request.id }, 'unexpected error in the Authentication API');
  return reply.code(500).send({ error: 'server_error', error_description: `Internal server error (request id ${request.id}).` });
}
