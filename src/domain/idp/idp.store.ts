/** SQL of the idp module: the only code touching identity_providers and user_identities. */
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../store/db.ts';
import type { IdentityProvidersTable, IdpType, UserIdentitiesTable } from '../../store/tables/idp.ts';
import type { IdentityProvider, UserIdentity } from './idp.ts';

/** A provider with the secret verification needs; never returned from the module. */
export interface IdentityProviderWithSecret {
  provider: IdentityProvider;
  facebookAppSecret: string | null;
}

const toProvider = (row: Selectable<IdentityProvidersTable>): IdentityProvider => {
  const base = { marketplaceId: row.marketplace_id, idpId: row.idp_id, clientIds: row.client_ids, createdAt: row.created_at };
  if (row.type === 'facebook') return { ...base, type: 'facebook' };
  // The table's check constraint guarantees both for oidc and google.
  if (row.issuer === null || row.jwks_url === null) throw new Error(`identity provider ${row.idp_id} lacks issuer or jwks_url`);
  return { ...base, type: row.type, issuer: row.issuer, jwksUrl: row.jwks_url };
};

const toIdentity = (row: Selectable<UserIdentitiesTable>): UserIdentity => ({
  marketplaceId: row.marketplace_id,
  userId: row.user_id,
  idpId: row.idp_id,
  subject: row.idp_user_id,
  email: row.email,
  createdAt: row.created_at,
});

/** A text[] literal built from bound parameters (drivers disagree on serializing JS arrays). */
const textArray = (values: string[]) => sql<string[]>`cast(array[${sql.join(values)}] as text[])`;

/** Inserts a provider; undefined when one with this id already exists. */
export async function insertIdentityProvider(
  db: Executor,
  p: {
    marketplaceId: string;
    idpId: string;
    type: IdpType;
    issuer: string | null;
    jwksUrl: string | null;
    clientIds: string[];
    facebookAppSecret: string | null;
  },
): Promise<IdentityProvider | undefined> {
  const row = await db
    .insertInto('identity_providers')
    .values({
      marketplace_id: p.marketplaceId,
      idp_id: p.idpId,
      type: p.type,
      issuer: p.issuer,
      jwks_url: p.jwksUrl,
      client_ids: textArray(p.clientIds),
      facebook_app_secret: p.facebookAppSecret,
    })
    .onConflict((oc) => oc.columns(['marketplace_id', 'idp_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toProvider(row);
}

/** The marketplace's providers, by idp id. */
export async function listIdentityProviders(db: Executor, marketplaceId: string): Promise<IdentityProvider[]> {
  const rows = await db.selectFrom('identity_providers').selectAll().where('marketplace_id', '=', marketplaceId).orderBy('idp_id').execute();
  return rows.map(toProvider);
}

/** A provider with its secret, or undefined. */
export async function findIdentityProvider(db: Executor, marketplaceId: string, idpId: string): Promise<IdentityProviderWithSecret | undefined> {
  const row = await db
    .selectFrom('identity_providers')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('idp_id', '=', idpId)
    .executeTakeFirst();
  return row && { provider: toProvider(row), facebookAppSecret: row.facebook_app_secret };
}

/** Deletes a provider; false when there was none. */
export async function deleteIdentityProvider(db: Executor, marketplaceId: string, idpId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('identity_providers')
    .where('marketplace_id', '=', marketplaceId)
    .where('idp_id', '=', idpId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Inserts a link unless the IdP account is already linked; returns the link that holds afterwards. */
export async function insertUserIdentity(
  db: Executor,
  i: { marketplaceId: string; userId: string; idpId: string; subject: string; email: string | null },
): Promise<UserIdentity> {
  // ON CONFLICT DO NOTHING rather than catching the unique violation: a failed statement would
  // abort the caller's transaction.
  const inserted = await db
    .insertInto('user_identities')
    .values({ marketplace_id: i.marketplaceId, user_id: i.userId, idp_id: i.idpId, idp_user_id: i.subject, email: i.email })
    .onConflict((oc) => oc.columns(['marketplace_id', 'idp_id', 'idp_user_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return toIdentity(inserted);
  const existing = await findUserIdentity(db, i.marketplaceId, i.idpId, i.subject);
  if (!existing) throw new Error('user_identities: conflicting row vanished');
  return existing;
}

/** The link of an IdP account, or undefined. */
export async function findUserIdentity(db: Executor, marketplaceId: string, idpId: string, subject: string): Promise<UserIdentity | undefined> {
  const row = await db
    .selectFrom('user_identities')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('idp_id', '=', idpId)
    .where('idp_user_id', '=', subject)
    .executeTakeFirst();
  return row && toIdentity(row);
}

/** A user's linked IdP accounts, oldest first. */
export async function listUserIdentities(db: Executor, marketplaceId: string, userId: string): Promise<UserIdentity[]> {
  const rows = await db
    .selectFrom('user_identities')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  return rows.map(toIdentity);
}

/** Removes every IdP link of a user (account deletion); returns how many. */
export async function deleteUserIdentities(db: Executor, marketplaceId: string, userId: string): Promise<number> {
  const result = await db.deleteFrom('user_identities').where('marketplace_id', '=', marketplaceId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
