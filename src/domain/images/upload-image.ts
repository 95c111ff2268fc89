import sharp, { type SharpOptions } from 'sharp';
import { DomainError, conflict } from '../errors.ts';
import { newId, randomToken } from '../../lib/ids.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Trx } from '../../store/db.ts';
import type { BlobStore } from './blob-store.ts';
import { MAX_UPLOAD_BYTES, type Image, type ImageContentType } from './image.ts';
import { insertImage } from './images.store.ts';

export interface ImageDeps {
  blobs: BlobStore;
  clock?: Clock;
}

export interface UploadImageInput {
  marketplaceId: string;
  /** The uploading application (every principal has one). */
  applicationId: string;
  /** The uploading user; null for Integration API uploads. */
  ownerUserId: string | null;
  bytes: Buffer;
}

/** Larger originals are refused rather than decoded (100 megapixels; phone cameras stay below 50). */
const MAX_PIXELS = 100_000_000;

/** The format named by the file's magic bytes; the declared content type is never trusted. */
function sniff(b: Buffer): ImageContentType | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  const head = b.subarray(0, 6).toString('latin1');
  if (head === 'GIF87a' || head === 'GIF89a') return 'image/gif';
  if (
    b.subarray(0, 4).toString('latin1') === 'RIFF' &&
    b.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  return undefined;
}

const SHARP_FORMAT: Record<ImageContentType, string> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

// Conflict (409), as Sharetribe answers an unreadable upload (catalogue §3.4, src/http/wire/error-codes.ts).
const invalid = (): DomainError =>
  conflict('image-invalid-content', 'The file is not a valid JPEG, PNG, WebP or GIF image.');

/** Decodes the whole image once: header-only checks pass truncated files. */
async function inspect(bytes: Buffer, contentType: ImageContentType) {
  try {
    const options: SharpOptions = {
      failOn: 'error',
      limitInputPixels: MAX_PIXELS,
      sequentialRead: true,
    };
    const meta = await sharp(bytes, options).metadata();
    if (meta.format !== SHARP_FORMAT[contentType]) return undefined;
    const stats = await sharp(bytes, options).stats();
    return {
      width: meta.autoOrient.width,
      height: meta.autoOrient.height,
      hasAlpha: meta.hasAlpha && !stats.isOpaque,
    };
  } catch {
    return undefined;
  }
}

/**
 * Validates and stores an uploaded image (JPEG, PNG, WebP, GIF; size after EXIF orientation).
 * Throws too-large `request-upload-over-limit` over 20 MB, conflict `image-invalid-content` for
 * anything that is not a decodable image of those formats; nothing is stored then.
 */
export async function uploadImage(
  trx: Trx,
  deps: ImageDeps,
  input: UploadImageInput,
): Promise<Image> {
  if (input.bytes.length > MAX_UPLOAD_BYTES) {
    throw new DomainError(
      'too-large',
      'request-upload-over-limit',
      'The image is larger than 20 MB.',
    );
  }
  const contentType = sniff(input.bytes);
  if (!contentType) throw invalid();
  const info = await inspect(input.bytes, contentType);
  if (!info) throw invalid();
  const id = newId();
  const originalKey = `images/${input.marketplaceId}/${id}/original`;
  await deps.blobs.put(originalKey, input.bytes, contentType);
  try {
    return await insertImage(trx, {
      id,
      marketplaceId: input.marketplaceId,
      ownerUserId: input.ownerUserId,
      applicationId: input.applicationId,
      contentType,
      width: info.width,
      height: info.height,
      byteSize: input.bytes.length,
      hasAlpha: info.hasAlpha,
      urlKey: randomToken(24),
      signingKey: randomToken(32),
      originalKey,
      ...(deps.clock ? { createdAt: deps.clock.now() } : {}),
    });
  } catch (e) {
    // A later rollback of the caller's transaction can still orphan the blob; harmless, never served.
    await deps.blobs.delete(originalKey);
    throw e;
  }
}
