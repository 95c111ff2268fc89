/**
 * Access tokens: compact HS256 JWTs (jose) carrying the claims a request needs, so the only lookup
 * per request is the revocation check. Claim names are short to keep access + refresh token well
 * inside the SDK's 4 KB token cookie (a user token is ~420 characters).
 */
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import { randomToken } from '../../lib/ids.ts';
import type { Executor } from '../../store/db.ts';
import { parseScope, type AccessTokenClaims, type VerifiedClaims } from './identity.ts';
import { loadOrCreateSigningKey } from './identity.store.ts';

const ALG = 'HS256';

/** How many verified tokens a signer remembers (about 1 KB each). */
const VERIFIED_CACHE_SIZE = 10_000;

const str = (payload: JWTPayload, name: string): string | undefined => {
  const value = payload[name];
  return typeof value === 'string' ? value : undefined;
};

const seconds = (at: Date): number => Math.floor(at.getTime() / 1000);

export class TokenSigner {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = Buffer.from(secret, 'base64url');
  }

  /** Loads the instance's signing key from the database, creating it on first use. */
  static async load(db: Executor): Promise<TokenSigner> {
    return new TokenSigner(await loadOrCreateSigningKey(db, () => randomToken(32)));
  }

  /** Signs an access token issued at `issuedAt`, valid for `ttlSeconds`. */
  async sign(claims: AccessTokenClaims, issuedAt: Date, ttlSeconds: number): Promise<string> {
    const payload: JWTPayload = { mp: claims.marketplaceId, app: claims.applicationId, cid: claims.clientId, scope: claims.scope };
    if (claims.familyId !== undefined) payload.fam = claims.familyId;
    if (claims.loginAs) payload.las = true;
    const jwt = new SignJWT(payload)
      .setProtectedHeader({ alg: ALG })
      .setIssuedAt(seconds(issuedAt))
      .setExpirationTime(seconds(issuedAt) + ttlSeconds);
    if (claims.userId !== undefined) jwt.setSubject(claims.userId);
    return jwt.sign(this.key);
  }

  /**
   * Tokens this signer already verified, by their text: the same client sends the same token on
   * every request until it expires, and checking the signature again (a key import and an HMAC in
   * WebCrypto) cost more than any other part of authentication. Only the signature and the claims'
   * shape are remembered; expiry is checked against `now` on every call, exactly as jose does.
   * Bounded: cleared when full.
   */
  private readonly verified = new Map<string, { claims: VerifiedClaims; exp: number; nbf: number | undefined }>();

  /** The claims of a well-signed token not expired at `now`, else undefined. */
  async verify(token: string, now: Date): Promise<VerifiedClaims | undefined> {
    const known = this.verified.get(token);
    if (known) {
      // jose's rule (jwt_claims_set.js): expired when exp <= now, not yet valid when nbf > now (seconds).
      const nowSeconds = seconds(now);
      if (known.exp <= nowSeconds || (known.nbf !== undefined && known.nbf > nowSeconds)) return undefined;
      return known.claims;
    }
    const verified = await this.verifyWithJose(token, now);
    if (verified) {
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.clear();
      this.verified.set(token, verified);
    }
    return verified?.claims;
  }

  private async verifyWithJose(token: string, now: Date): Promise<{ claims: VerifiedClaims; exp: number; nbf: number | undefined } | undefined> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: [ALG], currentDate: now, requiredClaims: ['exp'] }));
    } catch {
      return undefined;
    }
    const marketplaceId = str(payload, 'mp');
    const applicationId = str(payload, 'app');
    const clientId = str(payload, 'cid');
    const scope = parseScope(str(payload, 'scope') ?? '');
    if (marketplaceId === undefined || applicationId === undefined || clientId === undefined || scope === undefined) {
      return undefined;
    }
    const userId = payload.sub;
    const exp = payload.exp;
    if (exp === undefined) return undefined;
    // User tokens name their user; other tokens must not.
    if ((scope === 'user' || scope === 'trusted:user') !== (userId !== undefined)) return undefined;
    const claims: VerifiedClaims = {
      marketplaceId,
      applicationId,
      clientId,
      scope,
      userId,
      familyId: str(payload, 'fam'),
      loginAs: payload.las === true,
      expiresAt: new Date(exp * 1000),
    };
    return { claims, exp, nbf: payload.nbf };
  }
}
