/**
 * CORS for the browser-facing surfaces (Marketplace API, Asset Delivery). Browsers call them
 * cross-origin with an `Authorization` header and transit content types, without cookies, so a
 * wildcard origin is enough (catalogue 1.1). Not registered on the Integration API: it is for
 * trusted back ends holding a client secret, and a preflight there would only invite browser use.
 */
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/**
 * Registers CORS in the caller's (encapsulated) scope. Register it before the auth hook: its
 * onRequest hook answers preflights (OPTIONS) before authentication runs, and adds the CORS headers
 * to error responses too.
 */
export async function registerCors(app: FastifyInstance): Promise<void> {
  await app.register(cors, {
    origin: '*',
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'X-Transit-Verbose'],
    credentials: false,
    maxAge: 86400,
  });
}
