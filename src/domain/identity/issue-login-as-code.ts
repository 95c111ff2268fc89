import { badRequest, conflict, notFound } from '../errors.ts';
import { authenticateClient } from '../marketplaces/index.ts';
import { findUserByEmail } from '../users/index.ts';
import { systemClock, type Clock } from '../../lib/clock.ts';
import { randomToken } from '../../lib/ids.ts';
import { sha256 } from '../../lib/secrets.ts';
import type { Trx } from '../../store/db.ts';
import { AUTH_CODE_TTL_SECONDS, addSeconds } from './identity.ts';
import { insertAuthCode } from './identity.store.ts';
import { isCodeChallenge } from './pkce.ts';

export interface IssueLoginAsCodeInput {
  marketplaceId: string;
  userEmail: string;
  /** The Marketplace API application the operator logs in through. */
  clientId: string;
  /** Where the code is sent; the token request must repeat it exactly. */
  redirectUri: string;
  /** PKCE S256 challenge: base64url(sha256(code_verifier)). */
  codeChallenge: string;
}

const isHttpUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

/**
 * Login-as: issues a single-use authorization code (stored hashed, valid 5 minutes) that the
 * marketplace app redeems with `sdk.loginAs({code, redirect_uri, code_verifier})` for a 30-minute
 * user token. Pass the app's clock. Throws bad-request (client, redirect URI or challenge invalid),
 * not-found (no such user) or conflict `user-is-banned`.
 */
export async function issueLoginAsCode(
  trx: Trx,
  input: IssueLoginAsCodeInput,
  clock: Clock = systemClock,
): Promise<{ code: string; expiresAt: Date; userId: string }> {
  const app = await authenticateClient(trx, input.clientId);
  if (!app || app.kind !== 'marketplace' || app.marketplaceId !== input.marketplaceId) {
    throw badRequest('validation-invalid-value', 'clientId is not a live Marketplace API application of this marketplace.');
  }
  if (!isHttpUrl(input.redirectUri)) throw badRequest('validation-invalid-value', 'redirectUri must be an absolute http(s) URL.');
  if (!isCodeChallenge(input.codeChallenge)) {
    throw badRequest('validation-invalid-value', 'codeChallenge must be an S256 PKCE challenge (43 base64url characters).');
  }
  const user = await findUserByEmail(trx, input.marketplaceId, input.userEmail);
  if (!user) throw notFound(`No user with email ${input.userEmail} in this marketplace.`);
  if (user.state === 'banned') throw conflict('user-is-banned', 'The user is banned.');
  const code = randomToken(32);
  const at = clock.now();
  const expiresAt = addSeconds(at, AUTH_CODE_TTL_SECONDS);
  await insertAuthCode(trx, {
    codeHash: sha256(code),
    marketplaceId: input.marketplaceId,
    applicationId: app.id,
    userId: user.id,
    redirectUri: input.redirectUri,
    codeChallenge: input.codeChallenge,
    expiresAt,
    at,
  });
  return { code, expiresAt, userId: user.id };
}
