/**
 * Stripe secret keys must be usable by the server, so they cannot be hashed like passwords. They
 * are sealed with AES-256-GCM under a server key when the deployment has one (kept outside the
 * database, so a database dump alone does not reveal them); without a server key they are stored
 * as `plain:<key>` and the operator is told so. Either way they are never logged or shown: the
 * Admin API shows only a hint (`sk_test_…4242`).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const PREFIX = 'aes-256-gcm:';
const PLAIN = 'plain:';

/** Seals a secret for storage: encrypted when `key` (32 bytes) is given, marked plain otherwise. */
export function sealSecret(secret: string, key: Buffer | undefined): string {
  if (key === undefined) return `${PLAIN}${secret}`;
  if (key.length !== 32) throw new Error('The secrets key must be 32 bytes.');
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `${PREFIX}${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${data.toString('base64url')}`;
}

/**
 * Opens a sealed secret. Throws when it was sealed with a key that is not (or no longer) given, or
 * was tampered with: a configuration problem the caller reports without the secret.
 */
export function openSecret(sealed: string, key: Buffer | undefined): string {
  if (sealed.startsWith(PLAIN)) return sealed.slice(PLAIN.length);
  if (!sealed.startsWith(PREFIX)) throw new Error('Unknown sealed secret format.');
  if (key === undefined) throw new Error('The secret is sealed but the server has no secrets key.');
  const [iv, tag, data] = sealed.slice(PREFIX.length).split('.');
  if (iv === undefined || tag === undefined || data === undefined) throw new Error('Malformed sealed secret.');
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/** True when the stored value is encrypted (not `plain:`). */
export const isEncrypted = (sealed: string): boolean => sealed.startsWith(PREFIX);

/** A hint that identifies a key without revealing it: its mode prefix and last four characters. */
export function secretHint(secret: string): string {
  const prefix = /^(sk|rk|whsec)_(test_|live_)?/.exec(secret)?.[0] ?? '';
  return `${prefix}…${secret.slice(-4)}`;
}
