import type { Timestamp } from './marketplaces.ts';

export type UserEmailTokenPurpose = 'verify-email' | 'reset-password';

/** A single-use token mailed to a user (verification, password reset); only its SHA-256 is stored. */
export interface UserEmailTokensTable {
  token_hash: string;
  marketplace_id: string;
  user_id: string;
  purpose: UserEmailTokenPurpose;
  /** The address the token was sent to. */
  email: string;
  expires_at: Date;
  used_at: Date | null;
  created_at: Timestamp;
}

export interface UserTables {
  user_email_tokens: UserEmailTokensTable;
}
