/**
 * Who is calling, resolved from the bearer token by the surface's auth hook. Always bound to one
 * marketplace and one client application.
 */
export type Principal =
  | { kind: 'anonymous'; marketplaceId: string; applicationId: string; clientId: string }
  | {
      kind: 'user';
      marketplaceId: string;
      applicationId: string;
      clientId: string;
      userId: string;
      /** A trusted:user token (token exchange with the client secret). */
      trusted: boolean;
      /** An operator's login-as token. */
      loginAs: boolean;
    }
  | { kind: 'integration'; marketplaceId: string; applicationId: string; clientId: string };

export type PrincipalKind = Principal['kind'];
