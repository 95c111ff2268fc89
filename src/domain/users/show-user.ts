import { badRequest, notFound } from '../errors.ts';
import type { Executor } from '../../store/db.ts';
import type { User } from './user.ts';
import { findUserById, findUserRowByEmail, findUsersByIds, selectUsers } from './users.store.ts';
import { compileUserFilters, type UserExtendedDataFilters } from './user-search.ts';

/** `users/show` (Marketplace API): any user of the marketplace, deleted ones as their trace. Throws not-found. */
export async function showUser(db: Executor, input: { marketplaceId: string; id: string }): Promise<User> {
  const [user] = await findUsersByIds(db, input.marketplaceId, [input.id.toLowerCase()]);
  if (!user) throw notFound('No such user.');
  return user;
}

/** `current_user/show`: the calling user. Throws not-found (deleted meanwhile). */
export async function showCurrentUser(db: Executor, input: { marketplaceId: string; userId: string }): Promise<User> {
  const user = await findUserById(db, input.marketplaceId, input.userId);
  if (!user) throw notFound('No such user.');
  return user;
}

/**
 * Integration `users/show` by `id` (deleted users as their trace) or `email` (live users only).
 * Throws bad-request (neither or both given) or not-found.
 */
export async function showUserAsOperator(db: Executor, input: { marketplaceId: string; id?: string | undefined; email?: string | undefined }): Promise<User> {
  if ((input.id === undefined) === (input.email === undefined)) {
    throw badRequest('validation-invalid-params', 'Give exactly one of id and email.', { type: 'query', path: ['id'] });
  }
  const user =
    input.id !== undefined
      ? (await findUsersByIds(db, input.marketplaceId, [input.id.toLowerCase()]))[0]
      : (await findUserRowByEmail(db, input.marketplaceId, (input.email ?? '').trim()))?.user;
  if (!user) throw notFound('No such user.');
  return user;
}

export interface QueryUsersInput {
  marketplaceId: string;
  createdAtStart?: Date | undefined;
  createdAtEnd?: Date | undefined;
  /** Only `createdAt` for now (newest first; `asc` = oldest first). */
  sort?: { attribute: 'createdAt'; direction: 'asc' | 'desc' } | undefined;
  /** Raw `pub_*`, `meta_*`, `priv_*`, `prot_*` filters (userProfile search schema). */
  extendedData: UserExtendedDataFilters;
  page: number;
  perPage: number;
}

/** Integration `users/query`: live users by creation time, paged, with the total. Throws bad-request (created-at range, extended-data filters). */
export async function queryUsers(db: Executor, input: QueryUsersInput): Promise<{ users: User[]; totalItems: number }> {
  if (input.createdAtStart && input.createdAtEnd && input.createdAtStart >= input.createdAtEnd) {
    throw badRequest('validation-invalid-params', 'createdAtStart must be before createdAtEnd.', { type: 'query', path: ['createdAtStart'] });
  }
  const extendedData = await compileUserFilters(db, input.marketplaceId, input.extendedData);
  return selectUsers(db, {
    marketplaceId: input.marketplaceId,
    extendedData,
    createdAtStart: input.createdAtStart,
    createdAtEnd: input.createdAtEnd,
    direction: input.sort?.direction ?? 'desc',
    page: input.page,
    perPage: input.perPage,
  });
}
