/**
 * Per-request context added to Fastify's request type. `principal` is set by the surface's
 * authenticate hook (src/http/plugins/authenticate.ts); it is undefined on routes without one.
 */
import type { Principal } from '../../domain/identity/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, resolved from the bearer token. Read it through principalOf / requireUser. */
    principal?: Principal;
  }
}

export {};
