export type { Image, ImageContentType, ImageVariant, VariantFit, VariantSpec } from './image.ts';
export {
  MAX_UPLOAD_BYTES,
  MAX_VARIANT_SIDE,
  PREDEFINED_VARIANTS,
  isValidVariantSpec,
  parseCustomVariant,
  variantContentType,
  variantSize,
} from './image.ts';
export type { Blob, BlobStore } from './blob-store.ts';
export { createLocalBlobStore, isBlobKey } from './blob-store.ts';
export { uploadImage, type ImageDeps, type UploadImageInput } from './upload-image.ts';
export { renderVariant, renderVariantBytes, variantBlobKey } from './render-variant.ts';
export { imageVariants, type VariantRequest } from './image-variants.ts';
export { parseVariantSegment, variantUrl } from './variant-url.ts';
export { findImageById, findImagesByIds, findImageByUrlKey } from './images.store.ts';
export { toImage as imageFromRow } from './images.store.ts';
