import type { Executor, Trx } from '../../store/db.ts';
import { idpIdentityTaken, type UserIdentity } from './idp.ts';
import { findUserIdentity, insertUserIdentity } from './idp.store.ts';

export interface LinkIdentityInput {
  marketplaceId: string;
  userId: string;
  idpId: string;
  /** The IdP's account id (`sub`). */
  subject: string;
  email: string | null | undefined;
}

/**
 * Links an IdP account to a user; linking it again to the same user is a no-op. Throws conflict
 * `idp-identity-taken` when the account is linked to another user.
 */
export async function linkIdentity(trx: Trx, input: LinkIdentityInput): Promise<UserIdentity> {
  const link = await insertUserIdentity(trx, {
    marketplaceId: input.marketplaceId,
    userId: input.userId,
    idpId: input.idpId,
    subject: input.subject,
    email: input.email ?? null,
  });
  if (link.userId !== input.userId) throw idpIdentityTaken();
  return link;
}

/** The id of the user an IdP account is linked to, or undefined. Throws nothing. */
export async function findUserIdByIdentity(
  db: Executor,
  input: { marketplaceId: string; idpId: string; subject: string },
): Promise<string | undefined> {
  return (await findUserIdentity(db, input.marketplaceId, input.idpId, input.subject))?.userId;
}
