/**
 * Parsers for the parameters every resource endpoint shares (catalogue 1.6): `include`,
 * `fields.<type>`, `limit.<relationship>` and `imageVariant.<name>`.
 */
import { parseInteger, splitList, type ParseResult } from './query-params.ts';

/** Attribute paths kept per resource type (`fields.<type>`); an empty list keeps no attributes. */
export type FieldSelection = Record<string, string[]>;

/** A custom image variant requested with `imageVariant.<name>=w:…;h:…;fit:…`. */
export interface ImageVariantSpec {
  width: number;
  height: number;
  fit: 'scale' | 'crop';
}

/** Largest width or height of a custom image variant. */
export const MAX_VARIANT_SIDE = 3072;

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const no = <T>(expected: string): ParseResult<T> => ({ ok: false, expected });

const validPath = (segments: string[]): boolean => segments.every((s) => s !== '');

/** `include=author,author.profileImage` → `[['author'], ['author', 'profileImage']]` (deduplicated). */
export const parseInclude = (raw: string): ParseResult<string[][]> => {
  const seen = new Set<string>();
  const paths: string[][] = [];
  for (const item of splitList(raw)) {
    const segments = item.split('.');
    if (!validPath(segments))
      return no('comma-separated relationship paths such as author.profileImage');
    if (!seen.has(item)) {
      seen.add(item);
      paths.push(segments);
    }
  }
  return ok(paths);
};

/** `fields.<type>=title,publicData.listingType`; `none` (or an empty value) selects no attributes. */
export const parseFieldList = (raw: string): ParseResult<string[]> => {
  if (raw === 'none') return ok([]);
  const paths = splitList(raw);
  return paths.every((path) => validPath(path.split('.')))
    ? ok(paths)
    : no('comma-separated attribute paths, or none');
};

/** `limit.<relationship>=<positive integer>`. */
export const parseLimit = (raw: string): ParseResult<number> => {
  const n = parseInteger(raw);
  return n !== null && n >= 1 ? ok(n) : no('a positive integer');
};

/** `imageVariant.<name>=w:640;h:1280;fit:scale` (fit defaults to scale; sides 1–3072). */
export const parseImageVariant = (raw: string): ParseResult<ImageVariantSpec> => {
  const expected = `a variant spec "w:<1-${MAX_VARIANT_SIDE}>;h:<1-${MAX_VARIANT_SIDE}>;fit:<scale|crop>"`;
  const spec: Partial<ImageVariantSpec> = {};
  for (const pair of raw.split(';')) {
    const sep = pair.indexOf(':');
    const key = pair.slice(0, sep);
    const value = pair.slice(sep + 1);
    if (
      sep < 0 ||
      (key === 'w' && spec.width !== undefined) ||
      (key === 'h' && spec.height !== undefined)
    ) {
      return no(expected);
    }
    if (key === 'w' || key === 'h') {
      const n = parseInteger(value);
      if (n === null || n < 1 || n > MAX_VARIANT_SIDE) return no(expected);
      if (key === 'w') spec.width = n;
      else spec.height = n;
    } else if (key === 'fit' && (value === 'scale' || value === 'crop') && spec.fit === undefined) {
      spec.fit = value;
    } else {
      return no(expected);
    }
  }
  const { width, height, fit = 'scale' } = spec;
  return width !== undefined && height !== undefined ? ok({ width, height, fit }) : no(expected);
};
