import {
  PREDEFINED_VARIANTS,
  variantSize,
  type Image,
  type ImageVariant,
  type VariantSpec,
} from './image.ts';
import { variantUrl } from './variant-url.ts';

export interface VariantRequest {
  /** Variant names asked for (`fields.image=variants.<name>`); all predefined ones when absent. */
  names?: readonly string[];
  /** Custom variants by name (`imageVariant.<name>`); they win over a predefined one of the same name. */
  custom?: Readonly<Record<string, VariantSpec>>;
}

/** The `variants` attribute of an image: name → {name, width, height, url}; unknown names are left out. */
export function imageVariants(
  publicUrl: string,
  image: Image,
  request: VariantRequest = {},
): Record<string, ImageVariant> {
  const custom = request.custom ?? {};
  const names = request.names ?? Object.keys(PREDEFINED_VARIANTS);
  const entries: [string, ImageVariant][] = [];
  for (const name of names) {
    // Own properties only: names come from the query string ("constructor", "__proto__").
    const spec = Object.hasOwn(custom, name)
      ? custom[name]
      : Object.hasOwn(PREDEFINED_VARIANTS, name)
        ? PREDEFINED_VARIANTS[name]
        : undefined;
    if (!spec) continue;
    entries.push([
      name,
      { name, ...variantSize(image, spec), url: variantUrl(publicUrl, image, spec) },
    ]);
  }
  return Object.fromEntries(entries);
}
