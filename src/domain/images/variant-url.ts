/**
 * Variant URLs: `<publicUrl>/v1/images/<urlKey>/<w>x<h>-<fit>-<sig>.<jpg|png>`. The url key is
 * random and unrelated to the image id; the signature (HMAC-SHA256 of key and spec under the
 * image's secret signing key) means only variants the API handed out can be rendered, so nobody
 * can fill the disk or the CPU with arbitrary sizes.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isValidVariantSpec, variantContentType, type Image, type VariantSpec } from './image.ts';

const specSegment = (s: VariantSpec): string => `${s.width}x${s.height}-${s.fit}`;

/** 22 base64url characters = 132 bits of the HMAC. */
function sign(signingKey: string, urlKey: string, s: VariantSpec): string {
  return createHmac('sha256', signingKey)
    .update(`${urlKey}/${specSegment(s)}`)
    .digest('base64url')
    .slice(0, 22);
}

/** The last path segment of a variant URL. */
export function variantPathSegment(
  image: Pick<Image, 'urlKey' | 'signingKey' | 'hasAlpha'>,
  s: VariantSpec,
): string {
  const ext = variantContentType(image) === 'image/png' ? 'png' : 'jpg';
  return `${specSegment(s)}-${sign(image.signingKey, image.urlKey, s)}.${ext}`;
}

/** The public, unguessable URL of one variant of an image. */
export function variantUrl(
  publicUrl: string,
  image: Pick<Image, 'urlKey' | 'signingKey' | 'hasAlpha'>,
  s: VariantSpec,
): string {
  return `${publicUrl.replace(/\/+$/, '')}/v1/images/${image.urlKey}/${variantPathSegment(image, s)}`;
}

const SEGMENT = /^(\d{1,4})x(\d{1,4})-(scale|crop)-([A-Za-z0-9_-]{22})(?:\.(?:jpg|png))?$/;

/** Parses a variant path segment; the signature is checked later against the image's key. */
export function parseVariantSegment(
  segment: string,
): { spec: VariantSpec; signature: string } | undefined {
  const m = SEGMENT.exec(segment);
  if (!m?.[1] || !m[2] || !m[4] || (m[3] !== 'scale' && m[3] !== 'crop')) return undefined;
  const spec: VariantSpec = { width: Number(m[1]), height: Number(m[2]), fit: m[3] };
  return isValidVariantSpec(spec) ? { spec, signature: m[4] } : undefined;
}

/** Whether a signature is the image's signature of this spec (constant-time). */
export function isValidSignature(
  image: Pick<Image, 'urlKey' | 'signingKey'>,
  s: VariantSpec,
  signature: string,
): boolean {
  const expected = Buffer.from(sign(image.signingKey, image.urlKey, s));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
