/**
 * Per-request context added to Fastify's request type. `principal` is set by the surface's
 * authenticate hook (src/http/plugins/authenticate.ts); it is undefined on routes without one.
 */
import type { Principal } from '../../domain/identity/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, resolved from the bearer token. Read it through principalOf / requireUser. */
    principal?: Principal;
    /**
     * The settings of the caller's marketplace, read by the authenticate hook in the same
     * statement as the token check on routes behind the read guard (null: no such marketplace);
     * undefined elsewhere, and the guard then loads them itself.
     */
    readGuardMarketplace?: { settings: Record<string, unknown> } | null;
  }
}

export {};
