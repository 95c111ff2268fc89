/**
 * Per-request batching of the user and image reads of include resolvers. Resolvers of one include
 * level run together (see `buildDocument`): a listing page asks for its authors and its images at
 * the same moment, and this loader answers both with one statement (`findUsersAndImages`) instead
 * of two. Reads asked for in the same turn of the event loop form one batch; a batch with only
 * users or only images runs the usual single-table query.
 */
import type { Image } from '../../domain/images/index.ts';
import { findImagesByIds } from '../../domain/images/index.ts';
import { findUsersAndImages } from '../../domain/listings/index.ts';
import { findUsersByIds, type User } from '../../domain/users/index.ts';
import type { Executor } from '../../store/db.ts';

interface Batch {
  userIds: Set<string>;
  imageIds: Set<string>;
  result: Promise<{ users: User[]; images: Image[] }>;
}

export class IncludeLoader {
  private batch: Batch | undefined;

  constructor(
    private readonly db: Executor,
    private readonly marketplaceId: string,
  ) {}

  /** The marketplace's users with these ids (deleted ones included, as `findUsersByIds`). */
  async users(ids: readonly string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    const batch = this.current();
    for (const id of ids) batch.userIds.add(id);
    const wanted = new Set(ids.map((id) => id.toLowerCase()));
    return (await batch.result).users.filter((u) => wanted.has(u.id.toLowerCase()));
  }

  /** The marketplace's images with these ids (as `findImagesByIds`). */
  async images(ids: readonly string[]): Promise<Image[]> {
    if (ids.length === 0) return [];
    const batch = this.current();
    for (const id of ids) batch.imageIds.add(id);
    const wanted = new Set(ids.map((id) => id.toLowerCase()));
    return (await batch.result).images.filter((i) => wanted.has(i.id.toLowerCase()));
  }

  private current(): Batch {
    if (this.batch) return this.batch;
    const userIds = new Set<string>();
    const imageIds = new Set<string>();
    // setImmediate: every resolver of the level has asked by then (they start in one synchronous map).
    const result = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      this.batch = undefined;
      return this.load([...userIds], [...imageIds]);
    });
    this.batch = { userIds, imageIds, result };
    return this.batch;
  }

  private async load(userIds: string[], imageIds: string[]): Promise<{ users: User[]; images: Image[] }> {
    if (imageIds.length === 0) return { users: await findUsersByIds(this.db, this.marketplaceId, userIds), images: [] };
    if (userIds.length === 0) return { users: [], images: await findImagesByIds(this.db, this.marketplaceId, imageIds) };
    return findUsersAndImages(this.db, this.marketplaceId, userIds, imageIds);
  }
}
