/**
 * Bearer-token authentication for the Marketplace and Integration APIs. The hook resolves
 * `Authorization: Bearer <access token>` to `request.principal` or throws DomainErrors that the
 * surface's error handler turns into the API error envelope:
 * - no or garbled header → 401 `auth-missing-access-token`;
 * - invalid, expired or revoked token → 401 `auth-invalid-access-token` (the SDKs refresh on 401);
 * - a valid token for the other API (user/anonymous token on the Integration API, integration
 *   token on the Marketplace API) → 403 `forbidden` (401 would make the SDK loop on refreshes).
 */
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { forbidden, unauthorized } from '../../domain/errors.ts';
import { identityContextLoader, verifyAccessToken, verifyAccessTokenWithMarketplace, type Principal } from '../../domain/identity/index.ts';
import type { ListingActor } from '../../domain/listings/index.ts';
import './request-context.ts';

export type AuthenticatedSurface = 'marketplace' | 'integration';

/** What the hook uses of the surface's dependencies (any SurfaceDeps will do). */
export type AuthenticateDeps = Pick<SurfaceDeps, 'config' | 'db' | 'clock'>;

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

const BEARER_RE = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i;

/** The access token of a well-formed `Authorization: Bearer …` header, else undefined. */
export const bearerToken = (request: FastifyRequest): string | undefined =>
  BEARER_RE.exec(request.headers.authorization ?? '')?.[1];

const accepts = (surface: AuthenticatedSurface, principal: Principal): boolean =>
  surface === 'integration' ? principal.kind === 'integration' : principal.kind !== 'integration';

/**
 * Returns the surface's onRequest hook (add it after CORS, so preflights pass unauthenticated).
 * The signing key is loaded from the database on the first request and then kept.
 */
export function authenticate(
  deps: AuthenticateDeps,
  surface: AuthenticatedSurface,
  opts: {
    /**
     * Routes (full URLs) whose read guard needs the marketplace's settings: there the token check
     * reads them in the same statement and leaves them on `request.readGuardMarketplace`.
     */
    readGuardedRoutes?: ReadonlySet<string>;
  } = {},
): onRequestAsyncHookHandler {
  const identity = identityContextLoader(deps);
  const guarded = opts.readGuardedRoutes ?? new Set<string>();
  return async (request) => {
    const token = bearerToken(request);
    if (token === undefined) throw unauthorized('auth-missing-access-token', 'An access token is required (Authorization: Bearer <token>).');
    const route = request.routeOptions.url;
    let principal: Principal;
    if (route !== undefined && guarded.has(route)) {
      const verified = await verifyAccessTokenWithMarketplace(deps.db, await identity(), token);
      principal = verified.principal;
      request.readGuardMarketplace = verified.marketplace;
    } else {
      principal = await verifyAccessToken(deps.db, await identity(), token);
    }
    if (!accepts(surface, principal)) {
      throw forbidden(
        'forbidden',
        surface === 'integration'
          ? 'This access token is not for the Integration API; use an integration application token.'
          : 'This access token is not for the Marketplace API; use a Marketplace API application token.',
      );
    }
    request.principal = principal;
  };
}

/** The request's principal; 401 `auth-missing-access-token` when no authenticate hook set one. */
export function principalOf(request: FastifyRequest): Principal {
  const { principal } = request;
  if (!principal) throw unauthorized('auth-missing-access-token', 'An access token is required.');
  return principal;
}

/** The calling user (user or trusted:user token); 403 `forbidden` for anonymous and integration tokens. */
export function requireUser(request: FastifyRequest): UserPrincipal {
  const principal = principalOf(request);
  if (principal.kind !== 'user') throw forbidden('forbidden', 'This operation requires a logged-in user.');
  return principal;
}

/** The calling user holding a trusted:user token (token exchange); 403 `forbidden` otherwise. */
export function requireTrustedUser(request: FastifyRequest): UserPrincipal {
  const user = requireUser(request);
  if (!user.trusted) throw forbidden('forbidden', 'This operation requires a trusted user token (token exchange with the client secret).');
  return user;
}

/** A listing's caller: its marketplace and who acts (the author, or an operator). */
export interface ListingCaller<A extends ListingActor = ListingActor> {
  marketplaceId: string;
  actor: A;
}

/** The calling user as a listing author (Marketplace API); 403 `forbidden` without a user token. */
export function authorOf(request: FastifyRequest): ListingCaller<Extract<ListingActor, { kind: 'user' }>> {
  const user = requireUser(request);
  return {
    marketplaceId: user.marketplaceId,
    actor: { kind: 'user', userId: user.userId, clientId: user.clientId, requestId: request.id },
  };
}

/** The calling integration app as an operator (Integration API). */
export function operatorOf(request: FastifyRequest): ListingCaller<Extract<ListingActor, { kind: 'operator' }>> {
  const { marketplaceId, clientId } = principalOf(request);
  return { marketplaceId, actor: { kind: 'operator', clientId, requestId: request.id } };
}
