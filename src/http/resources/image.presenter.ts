/**
 * The `image` resource (catalogue §5.7): attributes `{variants: {name: {name, width, height, url}}}`.
 *
 * Which variants: the names in `fields.image=variants.<name>,…` — predefined ones, or custom ones
 * defined in the same request with `imageVariant.<name>=w:…;h:…;fit:…` (a custom definition wins
 * over a predefined variant of the same name; a custom variant is only returned when named in
 * `fields.image`). Without `fields.image` (or with a bare `variants` path) every predefined
 * variant is returned: variant URLs are signed, cheap to compute and rendered lazily, and clients
 * written against Sharetribe always ask for the variants they use anyway.
 *
 * Other presenters use `profileImageResolver` (user → image) and `imagesResolver` (listing →
 * ordered images); both load every image of a batch of parents with one query.
 */
import { findImagesByIds, imageVariants, type Image, type VariantRequest } from '../../domain/images/index.ts';
import type { Executor } from '../../store/db.ts';
import { IncludeLoader } from './include-loader.ts';
import { Uuid } from '../../lib/values.ts';
import {
  buildDocument,
  type ImageVariantSpec,
  type ParsedQuery,
  type QuerySpec,
  type RelationshipResolver,
  type Resource,
  type ResourceDocument,
} from '../wire/index.ts';

/** What presenting images needs from the request. */
export interface ImagePresentationContext {
  db: Executor;
  marketplaceId: string;
  /** The server's public URL (variant URLs). */
  publicUrl: string;
  /** `imageVariant.<name>` custom variants of the request. */
  imageVariants: Readonly<Record<string, ImageVariantSpec>>;
  /** `fields.image` of the request; undefined when absent. */
  imageFields?: readonly string[] | undefined;
  /** Batches the user and image reads of one include level (see include-loader.ts); optional. */
  loader?: IncludeLoader;
}

/** The image context of one request, from its parsed query. */
export const imageContextFor = (
  db: Executor,
  publicUrl: string,
  marketplaceId: string,
  q: Pick<ParsedQuery<QuerySpec>, 'imageVariants' | 'fields'>,
): ImagePresentationContext => ({
  db,
  marketplaceId,
  publicUrl,
  imageVariants: q.imageVariants,
  imageFields: Object.hasOwn(q.fields, 'image') ? q.fields.image : undefined,
  loader: new IncludeLoader(db, marketplaceId),
});

/** Which variants the request asks for (see the header). */
export function variantRequestOf(ctx: Pick<ImagePresentationContext, 'imageVariants' | 'imageFields'>): VariantRequest {
  const fields = ctx.imageFields;
  if (fields === undefined || fields.includes('variants')) return { custom: ctx.imageVariants };
  const names = fields.flatMap((f) => (f.startsWith('variants.') ? [f.slice('variants.'.length).split('.')[0] ?? ''] : []));
  return { names: [...new Set(names)], custom: ctx.imageVariants };
}

/** An image as a resource. */
export const toImageResource = (ctx: Pick<ImagePresentationContext, 'publicUrl' | 'imageVariants' | 'imageFields'>, image: Image): Resource => ({
  id: new Uuid(image.id),
  type: 'image',
  attributes: {
    variants: Object.fromEntries(
      Object.entries(imageVariants(ctx.publicUrl, image, variantRequestOf(ctx))).map(([name, v]) => [
        name,
        { name: v.name, width: v.width, height: v.height, url: v.url },
      ]),
    ),
  },
});

/** Image resources by id, loaded with one query (unknown ids and other marketplaces' images are absent). */
export async function imageResourcesByIds(ctx: ImagePresentationContext, ids: readonly string[]): Promise<Map<string, Resource>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const images = ctx.loader ? await ctx.loader.images(unique) : await findImagesByIds(ctx.db, ctx.marketplaceId, unique);
  return new Map(images.map((image) => [image.id, toImageResource(ctx, image)]));
}

/**
 * A to-one image relationship (`user.profileImage`): `imageIdOf` reads the image id of a parent
 * (undefined/null when it has none or may not show it).
 */
export const profileImageResolver =
  (ctx: ImagePresentationContext, imageIdOf: (parent: Resource) => string | null | undefined): RelationshipResolver =>
  async (parents) => {
    const ids = parents.map(imageIdOf);
    const images = await imageResourcesByIds(ctx, ids.filter((id): id is string => typeof id === 'string'));
    return new Map(parents.map((p, i) => {
      const id = ids[i];
      return [p.id.uuid, typeof id === 'string' ? (images.get(id) ?? null) : null];
    }));
  };

/** A to-many, ordered image relationship (`listing.images`): `imageIdsOf` reads a parent's image ids in order. */
export const imagesResolver =
  (ctx: ImagePresentationContext, imageIdsOf: (parent: Resource) => readonly string[] | undefined): RelationshipResolver =>
  async (parents) => {
    const idLists = parents.map((p) => imageIdsOf(p) ?? []);
    const images = await imageResourcesByIds(ctx, idLists.flat());
    return new Map(parents.map((p, i) => [p.id.uuid, (idLists[i] ?? []).flatMap((id) => images.get(id) ?? [])]));
  };

/** The response of `images/upload`: `{id, type}` unless `expand=true`. */
export const imageDocument = (
  ctx: ImagePresentationContext,
  image: Image,
  q: Pick<ParsedQuery<QuerySpec>, 'include' | 'fields' | 'limits' | 'expand'>,
): Promise<ResourceDocument> =>
  buildDocument({ data: toImageResource(ctx, image), type: 'image', include: q.include, fields: q.fields, limits: q.limits, expand: q.expand });
