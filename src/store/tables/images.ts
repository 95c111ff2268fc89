import type { Timestamp } from './marketplaces.ts';

export type ImageContentType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif';

export interface ImagesTable {
  id: string;
  marketplace_id: string;
  /** The uploading user; null for Integration API uploads. */
  owner_user_id: string | null;
  application_id: string;
  /** Blob-store key of the original bytes, stored as uploaded (orientation applied when rendering). */
  original_key: string;
  content_type: ImageContentType;
  /** Size after EXIF orientation. */
  width: number;
  height: number;
  byte_size: number;
  has_alpha: boolean;
  /** Public random key in variant URLs (≥128 bits). */
  url_key: string;
  /** Secret HMAC key signing variant specs in URLs. */
  signing_key: string;
  created_at: Timestamp;
}

export interface ImageTables {
  images: ImagesTable;
}
