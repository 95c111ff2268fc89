/**
 * `GET listings/query` and its legacy alias `listings/search` (catalogue 3.3 M19, M21): published
 * listings matching keywords, location, price and extended-data filters. Availability parameters
 * (`start`, `end`, `seats`, `availability`, `minDuration`, `minStock`, `stockMode`) are not declared
 * yet, so they are rejected (400) until availability search lands.
 *
 * INTERIM: `toSearchedListingResource` and `listingSearchGraph` stand in for the listings
 * lifecycle presenter and include resolvers (listing.presenter.ts); switch to them when they land.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { findImagesByIds } from '../../domain/images/index.ts';
import {
  MAX_SEARCH_IDS,
  listingAttributes,
  searchListings,
  type ListingSearchInput,
  type ListingSearchResult,
  type Listing,
} from '../../domain/listings/index.ts';
import { findUserById } from '../../domain/users/index.ts';
import type { Executor } from '../../store/db.ts';
import { Uuid } from '../../lib/values.ts';
import {
  buildDocument,
  p,
  paginationMeta,
  parseQuery,
  sendDocument,
  type FieldSelection,
  type ParsedQuery,
  type RawQuery,
  type Resource,
  type ResourceGraph,
} from '../wire/index.ts';
import { principalOf } from '../plugins/authenticate.ts';

/** Parameters both APIs accept (catalogue 3.3 M19). */
export const LISTING_SEARCH_PARAMS = {
  keywords: p.string({ maxLength: 1000 }),
  origin: p.latLng(),
  bounds: p.bounds(),
  price: p.intRange({ min: 0 }),
  ids: p.uuidList({ max: MAX_SEARCH_IDS }),
  authorId: p.uuid(),
  sort: p.sort({ allowed: ['createdAt', 'price'], prefixes: ['pub_', 'meta_'] }),
};

const QueryListingsQuery = LISTING_SEARCH_PARAMS;

/** The typed search input shared by both APIs, from a parsed query. */
export const searchInputOf = (
  marketplaceId: string,
  audience: ListingSearchInput['audience'],
  q: ParsedQuery<typeof LISTING_SEARCH_PARAMS>,
): ListingSearchInput => {
  const { params } = q;
  return {
    marketplaceId,
    audience,
    ...(params.keywords !== undefined ? { keywords: params.keywords } : {}),
    ...(params.origin ? { origin: { lat: params.origin.lat, lng: params.origin.lng } } : {}),
    ...(params.bounds ? { bounds: params.bounds } : {}),
    ...(params.price ? { price: params.price } : {}),
    ...(params.ids ? { ids: params.ids.map((id) => id.uuid) } : {}),
    ...(params.authorId ? { authorId: params.authorId.uuid } : {}),
    ...(params.sort ? { sort: params.sort } : {}),
    extendedData: q.extendedData,
    page: q.page,
    perPage: q.perPage,
  };
};

/** INTERIM listing resource (the domain's `listingAttributes`; privateData for the Integration API). */
export const toSearchedListingResource = (l: Listing, view: 'public' | 'integration'): Resource => ({
  id: new Uuid(l.id),
  type: 'listing',
  attributes: listingAttributes(l, view === 'public' ? 'public' : 'operator'),
});

/** INTERIM include resolvers for `author`, `author.profileImage` and `images`. */
export const listingSearchGraph = (db: Executor, marketplaceId: string, listings: Listing[]): ResourceGraph => {
  const byId = new Map(listings.map((l) => [l.id, l]));
  return {
    listing: {
      author: async (parents) => {
        const out = new Map<string, Resource | null>();
        for (const parent of parents) {
          const authorId = byId.get(parent.id.uuid)?.authorId;
          const user = authorId ? await findUserById(db, marketplaceId, authorId) : undefined;
          out.set(
            parent.id.uuid,
            user
              ? {
                  id: new Uuid(user.id),
                  type: 'user',
                  attributes: { banned: false, deleted: false, createdAt: user.createdAt, profile: { displayName: user.displayName, abbreviatedName: `${user.firstName.slice(0, 1)}${user.lastName.slice(0, 1)}` } },
                }
              : null,
          );
        }
        return out;
      },
      images: async (parents) => {
        const out = new Map<string, Resource[]>();
        for (const parent of parents) {
          const ids = byId.get(parent.id.uuid)?.imageIds ?? [];
          const images = ids.length > 0 ? await findImagesByIds(db, marketplaceId, ids) : [];
          out.set(
            parent.id.uuid,
            ids.flatMap((id) => images.filter((i) => i.id === id).map((i): Resource => ({ id: new Uuid(i.id), type: 'image', attributes: { variants: {} } }))),
          );
        }
        return out;
      },
    },
    user: { profileImage: async (parents) => new Map(parents.map((u) => [u.id.uuid, null])) },
  };
};

/** Presents a search result page (shared by both APIs). */
export const sendListingPage = async (
  request: FastifyRequest,
  reply: FastifyReply,
  db: Executor,
  q: { include: string[][]; fields: FieldSelection; limits: Record<string, number> },
  marketplaceId: string,
  result: ListingSearchResult,
  view: 'public' | 'integration',
): Promise<FastifyReply> => {
  const doc = await buildDocument({
    data: result.listings.map((l) => toSearchedListingResource(l, view)),
    type: 'listing',
    include: q.include,
    fields: q.fields,
    limits: q.limits,
    graph: listingSearchGraph(db, marketplaceId, result.listings),
    meta: paginationMeta(result),
  });
  return sendDocument(request, reply, doc);
};

export const listingsQueryRoutes =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    for (const url of ['/listings/query', '/listings/search']) {
      app.get<{ Querystring: RawQuery }>(url, async (request, reply) => {
        const q = parseQuery(request.query, QueryListingsQuery, { pagination: true, extendedData: ['pub', 'meta'] });
        const { marketplaceId } = principalOf(request);
        const result = await searchListings(deps.db, searchInputOf(marketplaceId, { kind: 'public' }, q));
        return sendListingPage(request, reply, deps.db, q, marketplaceId, result, 'public');
      });
    }
  };
