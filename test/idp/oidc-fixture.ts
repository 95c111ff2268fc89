/**
 * A local OpenID Connect IdP for tests: an RSA key pair, a real JWKS endpoint on 127.0.0.1, and
 * helpers that sign ID tokens the way Google or any OIDC IdP would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export interface LocalIdp {
  /** http://127.0.0.1:<port> — also the `iss` of its tokens. */
  issuer: string;
  jwksUrl: string;
  /** A URL on the same server that answers 500 (an IdP outage). */
  brokenJwksUrl: string;
  kid: string;
  privateKey: CryptoKey;
  /** How many times the JWKS was fetched. */
  jwksRequests(): number;
  /** Signs an RS256 ID token: iss, sub, iat and a 10-minute exp are set unless overridden. */
  sign(claims: JWTPayload, opts?: { kid?: string; key?: CryptoKey; now?: Date; expiresInSeconds?: number }): Promise<string>;
  close(): Promise<void>;
}

export async function startLocalIdp(): Promise<LocalIdp> {
  const kid = 'test-key-1';
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  let requests = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === '/jwks.json') {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('down');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  return {
    issuer,
    jwksUrl: `${issuer}/jwks.json`,
    brokenJwksUrl: `${issuer}/broken.json`,
    kid,
    privateKey,
    jwksRequests: () => requests,
    async sign(claims, opts = {}) {
      const now = Math.floor((opts.now ?? new Date()).getTime() / 1000);
      return new SignJWT({ iss: issuer, iat: now, exp: now + (opts.expiresInSeconds ?? 600), ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? kid, typ: 'JWT' })
        .sign(opts.key ?? privateKey);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** base64url of a JSON value, for hand-built (forged) tokens. */
export const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
