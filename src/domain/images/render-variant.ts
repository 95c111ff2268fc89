import sharp from 'sharp';
import { notFound } from '../errors.ts';
import type { Executor } from '../../store/db.ts';
import type { Blob, BlobStore } from './blob-store.ts';
import { variantContentType, variantSize, type Image, type VariantSpec } from './image.ts';
import { findImageByUrlKey } from './images.store.ts';
import { isValidSignature, parseVariantSegment } from './variant-url.ts';

/** Where a rendered variant is cached, beside its original. */
export const variantBlobKey = (
  image: Pick<Image, 'marketplaceId' | 'id'>,
  s: VariantSpec,
): string => `images/${image.marketplaceId}/${image.id}/variants/${s.width}x${s.height}-${s.fit}`;

/** Renders a variant from original bytes: EXIF-oriented, resized, metadata stripped. */
export async function renderVariantBytes(
  image: Pick<Image, 'width' | 'height' | 'hasAlpha'>,
  original: Buffer,
  s: VariantSpec,
): Promise<Buffer> {
  const size = variantSize(image, s);
  // `fill` to the computed size for scale variants: the aspect ratio is already kept by
  // variantSize, and the output is then exactly the size the API reported.
  const resized = sharp(original, { autoOrient: true, failOn: 'none' }).resize(
    size.width,
    size.height,
    {
      fit: s.fit === 'crop' ? 'cover' : 'fill',
      position: 'centre',
    },
  );
  return variantContentType(image) === 'image/png'
    ? resized.png().toBuffer()
    : resized.jpeg({ quality: 85, progressive: true }).toBuffer();
}

/**
 * The bytes of the variant named by a variant URL (`/v1/images/<urlKey>/<segment>`), rendered on
 * first request and then served from the blob store. Throws not-found for an unknown key, a
 * malformed segment or a bad signature.
 */
export async function renderVariant(
  db: Executor,
  deps: { blobs: BlobStore },
  input: { urlKey: string; segment: string },
): Promise<Blob> {
  const parsed = parseVariantSegment(input.segment);
  if (!parsed || !/^[A-Za-z0-9_-]{1,64}$/.test(input.urlKey)) throw notFound();
  const image = await findImageByUrlKey(db, input.urlKey);
  if (!image || !isValidSignature(image, parsed.spec, parsed.signature)) throw notFound();
  const key = variantBlobKey(image, parsed.spec);
  const cached = await deps.blobs.get(key);
  if (cached) return cached;
  const original = await deps.blobs.get(image.originalKey);
  if (!original) throw notFound();
  const blob = {
    bytes: await renderVariantBytes(image, original.bytes, parsed.spec),
    contentType: variantContentType(image),
  };
  await deps.blobs.put(key, blob.bytes, blob.contentType);
  return blob;
}
