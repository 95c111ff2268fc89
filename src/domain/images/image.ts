/**
 * Images and their variants: types and pure rules. An image is stored once (its original); each
 * variant is a resize of it, described by a spec {width, height, fit}, rendered on first request.
 *
 * Sizes: `crop` variants are exactly width×height (cover the box, centre crop; small originals are
 * enlarged so layouts can rely on the size). `scale` variants fit inside the box keeping the aspect
 * ratio and are never enlarged: a 500×300 original stays 500×300 in a 750×750 box, since a larger
 * file would carry no more detail. Reported width/height are always the rendered size.
 */
import type { ImageContentType } from '../../store/tables/images.ts';

export type { ImageContentType };

/** An uploaded image (its original). */
export interface Image {
  id: string;
  marketplaceId: string;
  ownerUserId: string | null;
  applicationId: string;
  contentType: ImageContentType;
  /** Size of the original after EXIF orientation. */
  width: number;
  height: number;
  byteSize: number;
  /** Whether the image has visible transparency (its variants are PNG, else JPEG). */
  hasAlpha: boolean;
  /** Public random key in variant URLs. */
  urlKey: string;
  /** Secret that signs variant URLs; never shown to clients. */
  signingKey: string;
  originalKey: string;
  createdAt: Date;
}

export type VariantFit = 'scale' | 'crop';

/** How a variant is made from the original: a box and a fit. */
export interface VariantSpec {
  width: number;
  height: number;
  fit: VariantFit;
}

/** One entry of an image's `variants` attribute. */
export interface ImageVariant {
  name: string;
  width: number;
  height: number;
  url: string;
}

/** Largest side of a variant, in pixels (catalogue §1.6: `imageVariant.*` max 3072). */
export const MAX_VARIANT_SIDE = 3072;

/** The largest accepted upload: 20 MB (catalogue §3.4). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const spec = (width: number, height: number, fit: VariantFit): VariantSpec => ({
  width,
  height,
  fit,
});

/** Sharetribe's predefined variants (catalogue §1.6). */
export const PREDEFINED_VARIANTS: Readonly<Record<string, VariantSpec>> = Object.freeze({
  default: spec(750, 750, 'scale'),
  'landscape-crop': spec(400, 267, 'crop'),
  'landscape-crop2x': spec(800, 533, 'crop'),
  'landscape-crop4x': spec(1600, 1066, 'crop'),
  'landscape-crop6x': spec(2400, 1602, 'crop'),
  'scaled-small': spec(320, 320, 'scale'),
  'scaled-medium': spec(750, 750, 'scale'),
  'scaled-large': spec(1024, 1024, 'scale'),
  'scaled-xlarge': spec(2400, 2400, 'scale'),
  'square-small': spec(240, 240, 'crop'),
  'square-small2x': spec(480, 480, 'crop'),
  facebook: spec(1200, 630, 'crop'),
  twitter: spec(600, 314, 'crop'),
});

const isSide = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= MAX_VARIANT_SIDE;

/** Whether a spec is renderable: integer sides 1–3072 and a known fit. */
export function isValidVariantSpec(s: VariantSpec): boolean {
  return isSide(s.width) && isSide(s.height) && (s.fit === 'scale' || s.fit === 'crop');
}

/**
 * Parses an `imageVariant.<name>` value, `w:<int>;h:<int>;fit:<scale|crop>` (any order); undefined
 * when malformed or out of range (the wire layer turns that into its 400).
 */
export function parseCustomVariant(value: string): VariantSpec | undefined {
  const fields = new Map<string, string>();
  for (const part of value.split(';')) {
    const m = /^\s*(w|h|fit)\s*:\s*(\S+?)\s*$/.exec(part);
    if (!m?.[1] || !m[2] || fields.has(m[1])) return undefined;
    fields.set(m[1], m[2]);
  }
  const w = fields.get('w');
  const h = fields.get('h');
  const fit = fields.get('fit');
  if (!w || !h || !/^\d+$/.test(w) || !/^\d+$/.test(h) || (fit !== 'scale' && fit !== 'crop'))
    return undefined;
  const result = spec(Number(w), Number(h), fit);
  return isValidVariantSpec(result) ? result : undefined;
}

/** The size of a variant of an original of the given size (see the header for the rules). */
export function variantSize(
  original: { width: number; height: number },
  s: VariantSpec,
): { width: number; height: number } {
  if (s.fit === 'crop') return { width: s.width, height: s.height };
  const ratio = Math.min(s.width / original.width, s.height / original.height, 1);
  return {
    width: Math.min(s.width, Math.max(1, Math.round(original.width * ratio))),
    height: Math.min(s.height, Math.max(1, Math.round(original.height * ratio))),
  };
}

/** The content type of an image's variants: PNG keeps transparency, everything else is JPEG. */
export const variantContentType = (image: { hasAlpha: boolean }): 'image/png' | 'image/jpeg' =>
  image.hasAlpha ? 'image/png' : 'image/jpeg';
