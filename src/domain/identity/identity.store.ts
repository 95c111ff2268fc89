import type { Executor, Trx } from '../../store/db.ts';
import type { Scope } from './identity.ts';
import { parseScope } from './identity.ts';

const SIGNING_KEY_SETTING = 'access-token-signing-key';

/**
 * The instance-wide access-token signing key, created on first use. `on conflict do nothing` then
 * re-read, so processes starting together agree on one key.
 */
export async function loadOrCreateSigningKey(db: Executor, generate: () => string): Promise<string> {
  const read = async (): Promise<string | undefined> => {
    const row = await db.selectFrom('instance_settings').select('value').where('key', '=', SIGNING_KEY_SETTING).executeTakeFirst();
    const value: unknown = row?.value;
    return typeof value === 'object' && value !== null && 'key' in value && typeof value.key === 'string' ? value.key : undefined;
  };
  const existing = await read();
  if (existing !== undefined) return existing;
  await db
    .insertInto('instance_settings')
    .values({ key: SIGNING_KEY_SETTING, value: JSON.stringify({ key: generate() }) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const created = await read();
  if (created === undefined) throw new Error(`instance setting ${SIGNING_KEY_SETTING} is malformed`);
  return created;
}

export interface TokenFamily {
  id: string;
  marketplaceId: string;
  applicationId: string;
  userId: string | null;
  scope: Scope;
  revokedAt: Date | null;
}

export async function insertFamily(
  trx: Trx,
  f: { id: string; marketplaceId: string; applicationId: string; userId: string | null; scope: Scope; at: Date },
): Promise<void> {
  await trx
    .insertInto('token_families')
    .values({
      id: f.id,
      marketplace_id: f.marketplaceId,
      application_id: f.applicationId,
      user_id: f.userId,
      scope: f.scope,
      revoked_at: null,
      revoked_reason: null,
      created_at: f.at,
    })
    .execute();
}

export async function insertRefreshToken(
  trx: Trx,
  t: { tokenHash: string; familyId: string; marketplaceId: string; expiresAt: Date; at: Date },
): Promise<void> {
  await trx
    .insertInto('refresh_tokens')
    .values({
      token_hash: t.tokenHash,
      family_id: t.familyId,
      marketplace_id: t.marketplaceId,
      expires_at: t.expiresAt,
      used_at: null,
      created_at: t.at,
    })
    .execute();
}

export interface StoredRefreshToken {
  tokenHash: string;
  expiresAt: Date;
  usedAt: Date | null;
  family: TokenFamily;
}

/** A refresh token and its family by hash; `lock` takes a row lock so concurrent refreshes serialize. */
export async function findRefreshToken(
  db: Executor,
  tokenHash: string,
  opts: { lock: boolean },
): Promise<StoredRefreshToken | undefined> {
  let q = db
    .selectFrom('refresh_tokens as r')
    .innerJoin('token_families as f', 'f.id', 'r.family_id')
    .select([
      'r.token_hash',
      'r.expires_at',
      'r.used_at',
      'f.id as family_id',
      'f.marketplace_id',
      'f.application_id',
      'f.user_id',
      'f.scope',
      'f.revoked_at',
    ])
    .where('r.token_hash', '=', tokenHash);
  if (opts.lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  const scope = parseScope(row.scope);
  if (!scope) throw new Error(`token family ${row.family_id} has unknown scope`);
  return {
    tokenHash: row.token_hash,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    family: {
      id: row.family_id,
      marketplaceId: row.marketplace_id,
      applicationId: row.application_id,
      userId: row.user_id,
      scope,
      revokedAt: row.revoked_at,
    },
  };
}

export async function markRefreshTokenUsed(trx: Trx, tokenHash: string, at: Date): Promise<void> {
  await trx.updateTable('refresh_tokens').set({ used_at: at }).where('token_hash', '=', tokenHash).execute();
}

/** Revokes a family unless already revoked (the first reason stays). */
export async function revokeFamily(trx: Trx, familyId: string, at: Date, reason: string): Promise<void> {
  await trx
    .updateTable('token_families')
    .set({ revoked_at: at, revoked_reason: reason })
    .where('id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes every live family of a user; returns how many. */
export async function revokeUserFamilies(trx: Trx, marketplaceId: string, userId: string, at: Date, reason: string): Promise<number> {
  const rows = await trx
    .updateTable('token_families')
    .set({ revoked_at: at, revoked_reason: reason })
    .where('marketplace_id', '=', marketplaceId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length;
}

/**
 * Whether an access token may still be used: its application is live and (when it has one) its
 * family is not revoked. One primary-key lookup per table on every authenticated request; it reads
 * `applications` (owned by marketplaces) directly because this is the hot path, read-only.
 */
export async function isTokenLive(
  db: Executor,
  t: { marketplaceId: string; applicationId: string; familyId: string | undefined },
): Promise<boolean> {
  const app = db
    .selectFrom('applications as a')
    .where('a.id', '=', t.applicationId)
    .where('a.marketplace_id', '=', t.marketplaceId)
    .where('a.revoked_at', 'is', null);
  if (t.familyId === undefined) return (await app.select('a.id').executeTakeFirst()) !== undefined;
  const row = await app
    .innerJoin('token_families as f', 'f.application_id', 'a.id')
    .where('f.id', '=', t.familyId)
    .where('f.revoked_at', 'is', null)
    .select('f.id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * `isTokenLive` and, in the same statement, the settings of the token's marketplace (null when
 * the marketplace row is missing): the Marketplace API's read guard needs them on every guarded
 * read, and one round trip instead of two is a measurable share of a `listings/query`. Undefined
 * when the token is not live. Reads `marketplaces` directly for the same hot-path reason.
 */
export async function liveTokenMarketplaceSettings(
  db: Executor,
  t: { marketplaceId: string; applicationId: string; familyId: string | undefined },
): Promise<{ settings: Record<string, unknown> | null } | undefined> {
  const app = db
    .selectFrom('applications as a')
    .leftJoin('marketplaces as m', 'm.id', 'a.marketplace_id')
    .where('a.id', '=', t.applicationId)
    .where('a.marketplace_id', '=', t.marketplaceId)
    .where('a.revoked_at', 'is', null);
  const row =
    t.familyId === undefined
      ? await app.select('m.settings').executeTakeFirst()
      : await app
          .innerJoin('token_families as f', 'f.application_id', 'a.id')
          .where('f.id', '=', t.familyId)
          .where('f.revoked_at', 'is', null)
          .select('m.settings')
          .executeTakeFirst();
  return row && { settings: row.settings ?? null };
}

export interface StoredAuthCode {
  codeHash: string;
  marketplaceId: string;
  applicationId: string;
  userId: string;
  redirectUri: string;
  codeChallenge: string;
  expiresAt: Date;
  usedAt: Date | null;
}

export async function insertAuthCode(trx: Trx, c: Omit<StoredAuthCode, 'usedAt'> & { at: Date }): Promise<void> {
  await trx
    .insertInto('auth_codes')
    .values({
      code_hash: c.codeHash,
      marketplace_id: c.marketplaceId,
      application_id: c.applicationId,
      user_id: c.userId,
      redirect_uri: c.redirectUri,
      code_challenge: c.codeChallenge,
      expires_at: c.expiresAt,
      used_at: null,
      created_at: c.at,
    })
    .execute();
}

/** An authorization code by hash, row-locked so it is redeemed at most once. */
export async function findAuthCodeForUpdate(trx: Trx, codeHash: string): Promise<StoredAuthCode | undefined> {
  const row = await trx.selectFrom('auth_codes').selectAll().where('code_hash', '=', codeHash).forUpdate().executeTakeFirst();
  return (
    row && {
      codeHash: row.code_hash,
      marketplaceId: row.marketplace_id,
      applicationId: row.application_id,
      userId: row.user_id,
      redirectUri: row.redirect_uri,
      codeChallenge: row.code_challenge,
      expiresAt: row.expires_at,
      usedAt: row.used_at,
    }
  );
}

export async function markAuthCodeUsed(trx: Trx, codeHash: string, at: Date): Promise<void> {
  await trx.updateTable('auth_codes').set({ used_at: at }).where('code_hash', '=', codeHash).execute();
}
