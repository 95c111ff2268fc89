/**
 * The only reader of process.env. Produces a validated, frozen Config.
 */
import { join, resolve } from 'node:path';

export type RateLimitMode = 'off' | 'dev-parity';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** A PostgreSQL server URL; when absent Bazaar runs on embedded PGlite under dataDir. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** The URL clients use to reach this server (printed at start, used in links). */
  readonly publicUrl: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly integrationRefreshTokenTtlSeconds: number;
  readonly loginAsTokenTtlSeconds: number;
  /** Admin key to bootstrap on an empty database (otherwise one is generated and printed once). */
  readonly adminKey: string | undefined;
  readonly rateLimit: RateLimitMode;
  readonly logLevel: string;
  /** Outgoing mail server (smtp:// or smtps://); when absent mail is written as .eml files under dataDir/mail. */
  readonly smtpUrl: string | undefined;
  /** The From header of outgoing mail. */
  readonly mailFrom: string;
  /** Folder of the local blob store (image originals and rendered variants). */
  readonly blobDir: string;
  /**
   * 32-byte key sealing payment-provider secrets (Stripe keys) at rest with AES-256-GCM; when
   * absent they are stored marked `plain:` and `bazaar marketplace config` warns.
   */
  readonly secretsKey: Buffer | undefined;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

/**
 * BAZAAR_SECRETS_KEY: exactly 32 bytes, written as 64 hex digits or base64 (standard or URL-safe,
 * padding optional). Anything else is refused rather than stretched or truncated: a short or
 * mistyped key would silently seal secrets under a weaker (or different) key than the operator meant.
 */
export function parseSecretsKey(raw: string | undefined): Buffer | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(value)) {
    const key = Buffer.from(value, 'base64');
    if (key.length === 32) return key;
  }
  throw new ConfigError('BAZAAR_SECRETS_KEY must be 32 bytes written as 64 hex digits or base64 (44 characters), e.g. the output of `openssl rand -base64 32`');
}

/** Reads and validates configuration from an environment (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int(env, 'PORT', 3500, 0);
  if (port > 65535) throw new ConfigError(`PORT must be ≤ 65535, got ${port}`);
  const host = env.HOST || '127.0.0.1';
  const rateLimit = env.BAZAAR_RATE_LIMIT || 'off';
  if (rateLimit !== 'off' && rateLimit !== 'dev-parity') {
    throw new ConfigError(`BAZAAR_RATE_LIMIT must be "off" or "dev-parity", got "${rateLimit}"`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const smtpUrl = env.BAZAAR_SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) {
    throw new ConfigError('BAZAAR_SMTP_URL must be an smtp:// or smtps:// URL');
  }
  const dataDir = resolve(env.BAZAAR_DATA_DIR || './data');
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return Object.freeze({
    port,
    host,
    databaseUrl,
    dataDir,
    publicUrl: (env.BAZAAR_PUBLIC_URL || `http://${urlHost}:${port}`).replace(/\/+$/, ''),
    accessTokenTtlSeconds: int(env, 'BAZAAR_ACCESS_TOKEN_TTL', 3600),
    refreshTokenTtlSeconds: int(env, 'BAZAAR_REFRESH_TOKEN_TTL', 180 * 24 * 3600),
    integrationRefreshTokenTtlSeconds: int(env, 'BAZAAR_INTEGRATION_REFRESH_TOKEN_TTL', 30 * 24 * 3600),
    loginAsTokenTtlSeconds: int(env, 'BAZAAR_LOGIN_AS_TOKEN_TTL', 30 * 60),
    adminKey: env.BAZAAR_ADMIN_KEY || undefined,
    rateLimit,
    logLevel: env.LOG_LEVEL || 'info',
    smtpUrl,
    mailFrom: env.BAZAAR_MAIL_FROM || 'Bazaar <no-reply@localhost>',
    blobDir: join(dataDir, 'blobs'),
    secretsKey: parseSecretsKey(env.BAZAAR_SECRETS_KEY),
  });
}

/** What the `bazaar` admin commands need to reach a running server over its Admin API. */
export interface CliConfig {
  /** Base URL of the Bazaar server, without a trailing slash. */
  readonly url: string;
  /** The admin key sent as `Authorization: Bearer …`; undefined when BAZAAR_ADMIN_KEY is not set. */
  readonly adminKey: string | undefined;
}

/** Reads BAZAAR_URL (default http://127.0.0.1:3500) and BAZAAR_ADMIN_KEY for the CLI's admin commands. */
export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const raw = env.BAZAAR_URL || 'http://127.0.0.1:3500';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`BAZAAR_URL must be an http:// or https:// URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`BAZAAR_URL must be an http:// or https:// URL, got "${raw}"`);
  }
  return Object.freeze({ url: raw.replace(/\/+$/, ''), adminKey: env.BAZAAR_ADMIN_KEY || undefined });
}
