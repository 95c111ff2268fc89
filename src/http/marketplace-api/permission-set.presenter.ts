/**
 * The `permissionSet` resource (catalogue §5.3): a user's effective `postListings`,
 * `initiateTransactions` and `read` as keywords, reached through `effectivePermissionSet` on
 * `currentUser` (Marketplace API) and `user` (Integration API).
 */
import { effectivePermissions } from '../../domain/access/index.ts';
import { findMarketplaceById } from '../../domain/marketplaces/index.ts';
import type { User, UserPermissions } from '../../domain/users/index.ts';
import type { Executor } from '../../store/db.ts';
import { Keyword, Uuid } from '../../lib/values.ts';
import type { RelationshipResolver, Resource } from '../wire/index.ts';

/** A user's permission set; one per user, so it shares the user's id (under another type). */
export const toPermissionSetResource = (userId: string, permissions: UserPermissions): Resource => ({
  id: new Uuid(userId),
  type: 'permissionSet',
  attributes: {
    postListings: new Keyword(permissions.postListings),
    initiateTransactions: new Keyword(permissions.initiateTransactions),
    read: new Keyword(permissions.read),
  },
});

/**
 * The `effectivePermissionSet` include resolver: the marketplace's settings combined with each
 * parent's user-level permissions. `userOf` gives the user a parent resource stands for, or
 * undefined when the relationship must stay empty (deleted, hidden) — it is emitted as null.
 */
export function effectivePermissionSetResolver(
  ctx: { db: Executor; marketplaceId: string },
  userOf: (parent: Resource) => User | undefined,
): RelationshipResolver {
  return async (parents) => {
    const users = parents.map((parent): [string, User | undefined] => [parent.id.uuid, userOf(parent)]);
    if (users.every(([, user]) => user === undefined)) return new Map(users.map(([id]) => [id, null]));
    const settings = (await findMarketplaceById(ctx.db, ctx.marketplaceId))?.settings ?? {};
    return new Map(users.map(([id, user]) => [id, user ? toPermissionSetResource(user.id, effectivePermissions(settings, user)) : null]));
  };
}
