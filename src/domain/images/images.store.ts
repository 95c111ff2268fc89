import type { Selectable } from 'kysely';
import type { Executor } from '../../store/db.ts';
import type { ImagesTable } from '../../store/tables/images.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Image } from './image.ts';

/** An image from its row (also used by batched reads elsewhere, e.g. a listing page's includes). */
export const toImage = (row: Selectable<ImagesTable>): Image => ({
  id: row.id,
  marketplaceId: row.marketplace_id,
  ownerUserId: row.owner_user_id,
  applicationId: row.application_id,
  contentType: row.content_type,
  width: row.width,
  height: row.height,
  byteSize: row.byte_size,
  hasAlpha: row.has_alpha,
  urlKey: row.url_key,
  signingKey: row.signing_key,
  originalKey: row.original_key,
  createdAt: row.created_at,
});

/** Inserts an image row. */
export async function insertImage(
  db: Executor,
  image: Omit<Image, 'createdAt'> & { createdAt?: Date },
): Promise<Image> {
  const row = await db
    .insertInto('images')
    .values({
      id: image.id,
      marketplace_id: image.marketplaceId,
      owner_user_id: image.ownerUserId,
      application_id: image.applicationId,
      original_key: image.originalKey,
      content_type: image.contentType,
      width: image.width,
      height: image.height,
      byte_size: image.byteSize,
      has_alpha: image.hasAlpha,
      url_key: image.urlKey,
      signing_key: image.signingKey,
      ...(image.createdAt ? { created_at: image.createdAt } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toImage(row);
}

/** An image of a marketplace by id. */
export async function findImageById(
  db: Executor,
  marketplaceId: string,
  id: string,
): Promise<Image | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .selectFrom('images')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toImage(row);
}

/** Images of a marketplace by ids (any order; unknown ids are skipped). */
export async function findImagesByIds(
  db: Executor,
  marketplaceId: string,
  ids: readonly string[],
): Promise<Image[]> {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  const rows = await db
    .selectFrom('images')
    .selectAll()
    .where('marketplace_id', '=', marketplaceId)
    .where('id', 'in', valid)
    .execute();
  return rows.map(toImage);
}

/** An image by its public url key (variant URLs carry no marketplace). */
export async function findImageByUrlKey(db: Executor, urlKey: string): Promise<Image | undefined> {
  const row = await db
    .selectFrom('images')
    .selectAll()
    .where('url_key', '=', urlKey)
    .executeTakeFirst();
  return row && toImage(row);
}
