import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TokenGrantError } from '../../domain/identity/index.ts';

/**
 * Registers the `application/x-www-form-urlencoded` parser (what the SDKs send, catalogue 1.2.3):
 * the body becomes a flat string map. A repeated parameter is an invalid_request (RFC 6749 §3.1).
 * JSON bodies keep Fastify's parser; the route schema requires string values either way.
 */
export function addFormParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    async (_request: FastifyRequest, body: string): Promise<Record<string, string>> => {
      const form: Record<string, string> = Object.create(null);
      for (const [key, value] of new URLSearchParams(body)) {
        if (Object.hasOwn(form, key)) throw new TokenGrantError('invalid_request', `Parameter ${key} is repeated.`);
        form[key] = value;
      }
      return form;
    },
  );
}
