/**
 * `GET listings/query` and its legacy alias `listings/search` (catalogue 3.3 M19, M21): published
 * listings matching keywords, location, price, extended-data, availability (`start`, `end`,
 * `seats`, `availability`, `minDuration`) and stock (`minStock`, `stockMode`) filters. Presented by
 * the listing presenter (listing.presenter.ts), as every listing response; availability modes that
 * return a single page answer with `paginationUnsupported` meta (catalogue 1.7).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { AVAILABILITY_MODES, MAX_SEARCH_IDS, STOCK_MODES, searchListings, type ListingSearchInput, type ListingSearchResult, type ListingViewer } from '../../domain/listings/index.ts';
import { p, paginationMeta, parseQuery, sendDocument, unsupportedPaginationMeta, type ParsedQuery, type QuerySpec, type RawQuery } from '../wire/index.ts';
import { principalOf } from '../plugins/authenticate.ts';
import { listingDocument, listingPresenterFor } from '../resources/listing.presenter.ts';

/** Parameters both APIs accept (catalogue 3.3 M19). */
export const LISTING_SEARCH_PARAMS = {
  keywords: p.string({ maxLength: 1000 }),
  origin: p.latLng(),
  bounds: p.bounds(),
  price: p.intRange({ min: 0 }),
  ids: p.uuidList({ max: MAX_SEARCH_IDS }),
  authorId: p.uuid(),
  sort: p.sort({ allowed: ['createdAt', 'price'], prefixes: ['pub_', 'meta_'] }),
  start: p.instant(),
  end: p.instant(),
  seats: p.int({ min: 1 }),
  availability: p.enum(AVAILABILITY_MODES),
  minDuration: p.int({ min: 0 }),
  minStock: p.int({ min: 0 }),
  stockMode: p.enum(STOCK_MODES),
};

const QueryListingsQuery = LISTING_SEARCH_PARAMS;

/** The typed search input shared by both APIs, from a parsed query. */
export const searchInputOf = (
  marketplaceId: string,
  audience: ListingSearchInput['audience'],
  q: ParsedQuery<typeof LISTING_SEARCH_PARAMS>,
  now: Date,
): ListingSearchInput => {
  const { params } = q;
  const { start, end, seats, availability, minDuration, minStock, stockMode } = params;
  const hasAvailability = [start, end, seats, availability, minDuration].some((v) => v !== undefined);
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
    ...(hasAvailability
      ? {
          availability: {
            now,
            ...(start ? { start } : {}),
            ...(end ? { end } : {}),
            ...(seats !== undefined ? { seats } : {}),
            ...(availability ? { mode: availability } : {}),
            ...(minDuration !== undefined ? { minDuration } : {}),
          },
        }
      : {}),
    ...(minStock !== undefined ? { stock: { min: minStock, mode: stockMode ?? 'strict' } } : {}),
    extendedData: q.extendedData,
    page: q.page,
    perPage: q.perPage,
  };
};

/** Presents a search result page (shared by both APIs: `public` or `operator` view). */
export const sendListingPage = async (
  request: FastifyRequest,
  reply: FastifyReply,
  deps: SurfaceDeps,
  q: Pick<ParsedQuery<QuerySpec>, 'include' | 'fields' | 'limits' | 'imageVariants'>,
  marketplaceId: string,
  result: ListingSearchResult,
  viewer: Extract<ListingViewer, 'public' | 'operator'>,
): Promise<FastifyReply> => {
  const presenter = listingPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, viewer);
  const meta = result.paginationUnsupported ? unsupportedPaginationMeta(result) : paginationMeta(result);
  return sendDocument(request, reply, await listingDocument(presenter, result.listings, q, { meta }));
};

export const listingsQueryRoutes =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    for (const url of ['/listings/query', '/listings/search']) {
      app.get<{ Querystring: RawQuery }>(url, async (request, reply) => {
        const q = parseQuery(request.query, QueryListingsQuery, { pagination: true, extendedData: ['pub', 'meta'] });
        const { marketplaceId } = principalOf(request);
        const input = searchInputOf(marketplaceId, { kind: 'public' }, q, deps.clock.now());
        // The read guard's marketplace settings (read with the token check) give the search language.
        if (request.readGuardMarketplace !== undefined) input.marketplace = request.readGuardMarketplace;
        const result = await searchListings(deps.db, input);
        return sendListingPage(request, reply, deps, q, marketplaceId, result, 'public');
      });
    }
  };
