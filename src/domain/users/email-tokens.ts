/**
 * Single-use account tokens delivered only by email (domain §9.2): random 256-bit values, stored as
 * SHA-256 hashes, valid 48 h (verification) or 1 h (password reset).
 */
import { conflict, type DomainError } from '../errors.ts';
import { randomToken } from '../../lib/ids.ts';
import { sha256 } from '../../lib/secrets.ts';
import type { Trx } from '../../store/db.ts';
import type { UserEmailTokenPurpose } from '../../store/tables/users.ts';
import { insertEmailToken, lockEmailToken, useEmailTokens, type EmailTokenRow } from './users.store.ts';

const HOUR = 60 * 60 * 1000;
export const EMAIL_TOKEN_TTL_MS: Record<UserEmailTokenPurpose, number> = {
  'verify-email': 48 * HOUR,
  'reset-password': 1 * HOUR,
};

/** Creates a token for the user and returns it in clear (to be mailed, never returned by the API). */
export async function issueEmailToken(
  trx: Trx,
  input: { marketplaceId: string; userId: string; purpose: UserEmailTokenPurpose; email: string; now: Date },
): Promise<string> {
  const token = randomToken(32);
  await insertEmailToken(trx, {
    tokenHash: sha256(token),
    marketplaceId: input.marketplaceId,
    userId: input.userId,
    purpose: input.purpose,
    email: input.email,
    expiresAt: new Date(input.now.getTime() + EMAIL_TOKEN_TTL_MS[input.purpose]),
    createdAt: input.now,
  });
  return token;
}

const INVALID: Record<UserEmailTokenPurpose, () => DomainError> = {
  'verify-email': () => conflict('email-verification-token-invalid', 'The verification token is invalid, expired or already used.'),
  'reset-password': () => conflict('password-reset-token-invalid', 'The password reset token is invalid, expired or already used.'),
};

/**
 * Burns a token of this purpose and returns what it was issued for. Throws conflict
 * `email-verification-token-invalid` / `password-reset-token-invalid` (unknown, expired, used).
 */
export async function consumeEmailToken(
  trx: Trx,
  input: { marketplaceId: string; token: string; purpose: UserEmailTokenPurpose; now: Date },
): Promise<EmailTokenRow> {
  const row = await lockEmailToken(trx, input.marketplaceId, sha256(input.token));
  if (!row || row.purpose !== input.purpose || row.usedAt !== null || row.expiresAt <= input.now) throw INVALID[input.purpose]();
  await useEmailTokens(trx, input.marketplaceId, row.userId, input.now, input.purpose);
  return row;
}
