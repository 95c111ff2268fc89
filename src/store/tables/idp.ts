import type { Timestamp } from './marketplaces.ts';

export type IdpType = 'oidc' | 'google' | 'facebook';

/** A social-login / OpenID Connect identity provider configured for a marketplace. */
export interface IdentityProvidersTable {
  marketplace_id: string;
  /** `google`, `facebook` or a custom id ([a-z0-9-]+), the `idp_id` clients send. */
  idp_id: string;
  type: IdpType;
  /** oidc/google: the exact `iss` of accepted ID tokens; null for facebook. */
  issuer: string | null;
  /** oidc/google: where the signing keys (JWKS) are fetched from; null for facebook. */
  jwks_url: string | null;
  /** Accepted IdP client ids (ID token `aud`; the Facebook app id). At least one. */
  client_ids: string[];
  /** facebook only: the app secret, in clear — debug_token needs it (see domain/idp/facebook-graph.ts). */
  facebook_app_secret: string | null;
  created_at: Timestamp;
}

/** A link from an IdP account (`sub`) to a user: what makes later IdP logins find the user. */
export interface UserIdentitiesTable {
  marketplace_id: string;
  user_id: string;
  idp_id: string;
  /** The IdP's stable subject id (`sub`; the Facebook user id). */
  idp_user_id: string;
  /** The IdP's email when linked (informational). */
  email: string | null;
  created_at: Timestamp;
}

export interface IdpTables {
  identity_providers: IdentityProvidersTable;
  user_identities: UserIdentitiesTable;
}
