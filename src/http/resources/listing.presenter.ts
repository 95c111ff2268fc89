/**
 * The listing resources (catalogue §5.4): `listing` (public and Integration views) and `ownListing`
 * (the author's view), plus their include resolvers (`author`, `author.profileImage`, `images`,
 * `marketplace`, `currentStock`). Other resources that point at listings (`transaction.listing`, …)
 * use `listingRelationship`, so nested includes below a listing work from there too.
 */
import { findListingsByIds, listingAttributes, type Listing, type ListingViewer } from '../../domain/listings/index.ts';
import { findMarketplaceById } from '../../domain/marketplaces/index.ts';
import { stockAttributes, stockOf, type Stock } from '../../domain/stock/index.ts';
import type { Executor } from '../../store/db.ts';
import { Uuid } from '../../lib/values.ts';
import {
  buildDocument,
  type ParsedQuery,
  type QuerySpec,
  type RelationshipResolver,
  type Resource,
  type ResourceDocument,
  type ResourceGraph,
} from '../wire/index.ts';
import type { WireValue } from '../../lib/values.ts';
import { toMarketplaceResource } from '../marketplace-api/marketplace.presenter.ts';
import { imageContextFor, imagesResolver, type ImagePresentationContext } from './image.presenter.ts';
import { UserPresenter } from './user.presenter.ts';

/**
 * A listing's stock as the `stock` resource (catalogue §5.10): `quantity`, with the stable id of
 * stockIdOf. Reached through the listing's `currentStock` (null while the stock is undefined) and
 * returned by `stock/compare_and_set`.
 */
export const toStockResource = (stock: Stock): Resource => ({ id: new Uuid(stock.id), type: 'stock', attributes: stockAttributes(stock) });

/** The resource type a viewer gets: the author's own view is `ownListing`. */
export const listingType = (viewer: ListingViewer): 'listing' | 'ownListing' => (viewer === 'author' ? 'ownListing' : 'listing');

/** A listing as a resource for the viewer (privateData only for the author and operators). */
export const toListingResource = (listing: Listing, viewer: ListingViewer): Resource => ({
  id: new Uuid(listing.id),
  type: listingType(viewer),
  attributes: listingAttributes(listing, viewer),
});

/** What include resolvers need from the request: the image context (image variants). */
export type ListingPresentationContext = ImagePresentationContext;

/**
 * Per-request presenter: remembers the listings it presented so relationship resolvers know their
 * author and image ids without reloading them. Authors are presented by a user presenter (the
 * public view; operators get the full one), whose resolvers serve `author.*` includes.
 */
export class ListingPresenter {
  private readonly known = new Map<string, Listing>();
  private readonly users: UserPresenter;

  constructor(
    private readonly ctx: ListingPresentationContext,
    private readonly viewer: ListingViewer,
  ) {
    this.users = new UserPresenter(ctx, viewer === 'operator' ? 'operator' : 'public');
  }

  /** The resource type of the primary data. */
  get type(): 'listing' | 'ownListing' {
    return listingType(this.viewer);
  }

  /** Presents listings (and remembers them for the resolvers). */
  present(listing: Listing): Resource;
  present(listings: Listing[]): Resource[];
  present(input: Listing | Listing[]): Resource | Resource[] {
    if (Array.isArray(input)) return input.map((l) => this.presentOne(l));
    return this.presentOne(input);
  }

  private presentOne(listing: Listing): Resource {
    this.known.set(listing.id, listing);
    return toListingResource(listing, this.viewer);
  }

  /** A resolver for a relationship pointing at listings: `listingIdOf` reads the target id of each parent. */
  relationship(listingIdOf: (parent: Resource) => string | undefined): RelationshipResolver {
    return async (parents) => {
      const ids = parents.map(listingIdOf).filter((id): id is string => id !== undefined);
      const missing = ids.filter((id) => !this.known.has(id));
      for (const l of await findListingsByIds(this.ctx.db, this.ctx.marketplaceId, missing)) this.known.set(l.id, l);
      const out = new Map<string, Resource | null>();
      for (const parent of parents) {
        const id = listingIdOf(parent);
        const listing = id === undefined ? undefined : this.known.get(id);
        out.set(parent.id.uuid, listing ? toListingResource(listing, this.viewer) : null);
      }
      return out;
    };
  }

  private listingOf(parent: Resource): Listing | undefined {
    const listing = this.known.get(parent.id.uuid);
    return listing && !listing.deleted ? listing : undefined;
  }

  /** Resolvers of the listing's own relationships. */
  resolvers(): Record<string, RelationshipResolver> {
    return {
      author: this.users.relationship((p) => this.listingOf(p)?.authorId),
      marketplace: async (parents) => {
        const marketplace = await findMarketplaceById(this.ctx.db, this.ctx.marketplaceId);
        const resource = marketplace ? toMarketplaceResource(marketplace) : null;
        return new Map(parents.map((p) => [p.id.uuid, resource]));
      },
      images: imagesResolver(this.ctx, (p) => this.listingOf(p)?.imageIds),
      currentStock: async (parents) =>
        new Map(parents.map((p) => {
          const listing = this.listingOf(p);
          const stock = listing ? stockOf(listing) : null;
          return [p.id.uuid, stock ? toStockResource(stock) : null];
        })),
    };
  }

  /** The include graph for responses whose primary data are listings. */
  graph(): ResourceGraph {
    const own = this.resolvers();
    return {
      listing: own,
      ownListing: own,
      user: this.users.resolvers(),
    };
  }
}

/** A presenter for one request, from its parsed query (custom image variants, `fields.image`). */
export const listingPresenterFor = (
  db: Executor,
  publicUrl: string,
  marketplaceId: string,
  q: Pick<ParsedQuery<QuerySpec>, 'imageVariants' | 'fields'>,
  viewer: ListingViewer,
): ListingPresenter => new ListingPresenter(imageContextFor(db, publicUrl, marketplaceId, q), viewer);

/**
 * The response document of listing endpoints: presents, resolves includes, applies limits and
 * fields. Commands pass `expand` (false reduces the primary data to `{id, type}`); queries do not.
 */
export const listingDocument = (
  presenter: ListingPresenter,
  data: Listing | Listing[],
  q: Pick<ParsedQuery<QuerySpec>, 'include' | 'fields' | 'limits'>,
  opts: { expand?: boolean; meta?: Record<string, WireValue> } = {},
): Promise<ResourceDocument> =>
  buildDocument({
    data: Array.isArray(data) ? presenter.present(data) : presenter.present(data),
    type: presenter.type,
    include: q.include,
    fields: q.fields,
    limits: q.limits,
    graph: presenter.graph(),
    ...opts,
  });
