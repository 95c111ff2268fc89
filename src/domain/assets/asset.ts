/**
 * Hosted assets (catalogue 7): immutable versions of a marketplace's JSON files, addressed by an
 * opaque version string or by an alias (`latest`) that points at one version.
 */

/** One JSON file of a version. */
export interface Asset {
  /** With a leading slash, e.g. `/content/translations.json`. */
  path: string;
  /** The parsed JSON content. */
  content: unknown;
  /** Strong validator of the content (hex digest, unquoted). */
  etag: string;
}

/** The files read from one version. */
export interface AssetSet {
  version: string;
  assets: Asset[];
}

/** The alias `publishAssetVersion` moves; what the template reads. */
export const LATEST_ALIAS = 'latest';

// One path segment: no empty, `.` or `..` segments, no backslashes, control characters or
// percent signs (a decoded path must not decode again into something else).
const SEGMENT_RE = /^(?!\.{1,2}$)[^/\\%]+$/;
const hasControlCharacter = (s: string): boolean => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/**
 * Normalizes an asset path to its leading-slash form, or returns undefined for a path that could
 * escape or alias another (`..`, `.`, empty segments, backslashes, control characters).
 */
export const normalizeAssetPath = (raw: string): string | undefined => {
  const path = raw.startsWith('/') ? raw.slice(1) : raw;
  if (path.length === 0 || path.length > 1024) return undefined;
  if (hasControlCharacter(path)) return undefined;
  return path.split('/').every((segment) => SEGMENT_RE.test(segment)) ? `/${path}` : undefined;
};

/** Aliases and version strings are short tokens. */
export const TOKEN_RE = /^[A-Za-z0-9_-]{1,64}$/;
