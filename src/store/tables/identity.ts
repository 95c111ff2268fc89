import type { Generated } from 'kysely';
import type { Json, Timestamp } from './marketplaces.ts';

export type UserState = 'active' | 'pendingApproval' | 'banned';

export interface UsersTable {
  id: string;
  marketplace_id: string;
  email: string;
  password_hash: string | null;
  state: UserState;
  email_verified: Generated<boolean>;
  pending_email: string | null;
  first_name: string;
  last_name: string;
  display_name: string;
  bio: string | null;
  public_data: Json<Record<string, unknown>>;
  protected_data: Json<Record<string, unknown>>;
  private_data: Json<Record<string, unknown>>;
  metadata: Json<Record<string, unknown>>;
  /** User-level permission overrides: { postListings?, initiateTransactions?, read? }. */
  permissions: Json<Record<string, string>>;
  profile_image_id: string | null;
  deleted: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One login (or one integration client-credentials grant): every refresh token it rotates through. */
export interface TokenFamiliesTable {
  id: string;
  marketplace_id: string;
  application_id: string;
  user_id: string | null;
  scope: string;
  revoked_at: Date | null;
  revoked_reason: string | null;
  created_at: Timestamp;
}

export interface RefreshTokensTable {
  /** SHA-256 of the opaque token. */
  token_hash: string;
  family_id: string;
  marketplace_id: string;
  expires_at: Date;
  used_at: Date | null;
  created_at: Timestamp;
}

/** Single-use authorization codes for login-as (PKCE S256). */
export interface AuthCodesTable {
  code_hash: string;
  marketplace_id: string;
  application_id: string;
  user_id: string;
  redirect_uri: string;
  code_challenge: string;
  expires_at: Date;
  used_at: Date | null;
  created_at: Timestamp;
}

export interface IdentityTables {
  users: UsersTable;
  token_families: TokenFamiliesTable;
  refresh_tokens: RefreshTokensTable;
  auth_codes: AuthCodesTable;
}
