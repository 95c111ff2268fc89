import { createHash, timingSafeEqual } from 'node:crypto';

/** RFC 7636 code verifier: 43–128 characters of [A-Za-z0-9-._~]. */
const VERIFIER_RE = /^[A-Za-z0-9\-._~]{43,128}$/;
/** An S256 challenge: base64url (no padding) of a SHA-256 digest. */
const CHALLENGE_RE = /^[A-Za-z0-9_-]{43}$/;

export const isCodeChallenge = (value: string): boolean => CHALLENGE_RE.test(value);

/** The S256 challenge of a verifier: base64url(sha256(verifier)). */
export const s256Challenge = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

/** True when `verifier` is well formed and hashes to `challenge` (compared in constant time). */
export const verifyS256 = (verifier: string, challenge: string): boolean => {
  if (!VERIFIER_RE.test(verifier)) return false;
  const actual = Buffer.from(s256Challenge(verifier));
  const expected = Buffer.from(challenge);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
};
