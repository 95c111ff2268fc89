import { imageFromRow, type Image } from '../images/index.ts';
import { userFromRow } from '../users/index.ts';
import type { User } from '../users/index.ts';
import type { Executor } from '../../store/db.ts';
import { selectUserAndImageRows } from './listings.store.ts';

/**
 * Users and images of a marketplace by id, read in one statement: what `findUsersByIds` and
 * `findImagesByIds` return, together. A listing page includes its authors and its images at the
 * same level, and on a busy server each extra round trip to the database costs more CPU (socket
 * writes, result parsing) than the rows themselves.
 */
export async function findUsersAndImages(
  db: Executor,
  marketplaceId: string,
  userIds: readonly string[],
  imageIds: readonly string[],
): Promise<{ users: User[]; images: Image[] }> {
  const rows = await selectUserAndImageRows(db, marketplaceId, userIds, imageIds);
  return { users: rows.users.map(userFromRow), images: rows.images.map(imageFromRow) };
}
