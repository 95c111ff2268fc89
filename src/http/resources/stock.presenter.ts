/**
 * The stock resources (catalogue §5.10): `stock` (`quantity`; built by listing.presenter's
 * toStockResource, since it is reached through a listing's `currentStock`), `stockAdjustment`
 * (`at`, `quantity`) and `stockReservation` (`quantity`, `state`), with their include resolvers.
 *
 * Relationships by surface:
 * - Marketplace API (the listing's author): `stockAdjustment.ownListing`, `.stockReservation`;
 *   `stockReservation.stockAdjustments`; below `ownListing` everything the listing presenter serves
 *   (`ownListing.currentStock`, `ownListing.images`, …).
 * - Integration API: `stockAdjustment.listing`, `.stockReservation`; `stockReservation.listing`,
 *   `.stockAdjustments`.
 * `stockReservation.transaction` belongs to the transactions module: pass its resolvers as
 * `extraGraph` (merged with the wire layer's mergeGraphs) — e.g. `{stockReservation: {transaction: …}, transaction: {…}}`.
 */
import {
  findAdjustmentsOfStockReservations,
  findStockReservationsByIds,
  stockAdjustmentAttributes,
  stockReservationAttributes,
  type Stock,
  type StockAdjustment,
  type StockReservation,
} from '../../domain/stock/index.ts';
import type { Executor } from '../../store/db.ts';
import { Uuid, type WireValue } from '../../lib/values.ts';
import {
  buildDocument,
  mergeGraphs,
  type ParsedQuery,
  type QuerySpec,
  type RelationshipResolver,
  type Resource,
  type ResourceDocument,
  type ResourceGraph,
} from '../wire/index.ts';
import {
  listingPresenterFor,
  toStockResource,
  type ListingPresenter,
} from './listing.presenter.ts';

/** Who reads: the listing's author (Marketplace API) or an operator (Integration API). */
export type StockViewer = 'author' | 'operator';

type StockQuery = Pick<ParsedQuery<QuerySpec>, 'include' | 'fields' | 'limits' | 'imageVariants'>;
type StockContext = { db: Executor; publicUrl: string; marketplaceId: string };

/** An adjustment as a resource. */
export const toStockAdjustmentResource = (a: StockAdjustment): Resource => ({
  id: new Uuid(a.id),
  type: 'stockAdjustment',
  attributes: stockAdjustmentAttributes(a),
});

/** A reservation as a resource. */
export const toStockReservationResource = (r: StockReservation): Resource => ({
  id: new Uuid(r.id),
  type: 'stockReservation',
  attributes: stockReservationAttributes(r),
});

/**
 * Per-request presenter of adjustments and reservations: remembers what it presented, so resolvers
 * know each adjustment's listing and reservation, and each reservation's listing, without reloading.
 */
export class StockPresenter {
  private readonly adjustments = new Map<string, StockAdjustment>();
  private readonly reservations = new Map<string, StockReservation>();
  readonly listings: ListingPresenter;

  constructor(
    private readonly ctx: StockContext,
    private readonly viewer: StockViewer,
    q: Pick<ParsedQuery<QuerySpec>, 'imageVariants' | 'fields'>,
  ) {
    this.listings = listingPresenterFor(ctx.db, ctx.publicUrl, ctx.marketplaceId, q, viewer);
  }

  /** The name of the relationship to the listing on adjustments (`ownListing` for the author). */
  private get listingRelationship(): 'ownListing' | 'listing' {
    return this.viewer === 'author' ? 'ownListing' : 'listing';
  }

  adjustment(a: StockAdjustment): Resource {
    this.adjustments.set(a.id, a);
    return toStockAdjustmentResource(a);
  }

  reservation(r: StockReservation): Resource {
    this.reservations.set(r.id, r);
    return toStockReservationResource(r);
  }

  /** `stockAdjustment.stockReservation`: the reservation that caused it, or null. */
  private reservationOfAdjustment(): RelationshipResolver {
    return async (parents) => {
      const wanted = parents
        .map((p) => this.adjustments.get(p.id.uuid)?.reservationId)
        .filter((id): id is string => typeof id === 'string');
      const missing = wanted.filter((id) => !this.reservations.has(id));
      for (const r of await findStockReservationsByIds(
        this.ctx.db,
        this.ctx.marketplaceId,
        missing,
      ))
        this.reservations.set(r.id, r);
      return new Map(
        parents.map((p) => {
          const id = this.adjustments.get(p.id.uuid)?.reservationId;
          const r = id ? this.reservations.get(id) : undefined;
          return [p.id.uuid, r ? this.reservation(r) : null];
        }),
      );
    };
  }

  /** `stockReservation.stockAdjustments`: the adjustments it caused, oldest first. */
  private adjustmentsOfReservation(): RelationshipResolver {
    return async (parents) => {
      const ids = parents.map((p) => p.id.uuid);
      const found = await findAdjustmentsOfStockReservations(
        this.ctx.db,
        this.ctx.marketplaceId,
        ids,
      );
      const out = new Map<string, Resource[]>(ids.map((id) => [id, []]));
      for (const a of found)
        if (a.reservationId !== null) out.get(a.reservationId)?.push(this.adjustment(a));
      return out;
    };
  }

  /** The include graph of stock documents (plus `extraGraph` from other modules). */
  graph(extraGraph: ResourceGraph = {}): ResourceGraph {
    const reservation: Record<string, RelationshipResolver> = {
      stockAdjustments: this.adjustmentsOfReservation(),
    };
    // Catalogue §4.6: the Integration API's reservation shows its listing; the Marketplace API
    // reaches it through the reservation's transaction (added by the transactions module).
    if (this.viewer === 'operator')
      reservation.listing = this.listings.relationship(
        (p) => this.reservations.get(p.id.uuid)?.listingId,
      );
    return mergeGraphs(
      this.listings.graph(),
      {
        stockAdjustment: {
          [this.listingRelationship]: this.listings.relationship(
            (p) => this.adjustments.get(p.id.uuid)?.listingId,
          ),
          stockReservation: this.reservationOfAdjustment(),
        },
        stockReservation: reservation,
      },
      extraGraph,
    );
  }
}

/** Options of the document builders: commands pass `expand`, queries `meta`. */
interface DocumentOptions {
  expand?: boolean;
  meta?: Record<string, WireValue>;
  /** Relationships other modules contribute (e.g. `stockReservation.transaction`). */
  extraGraph?: ResourceGraph;
}

/** The response document of `stock_adjustments/*` for the viewer. */
export function stockAdjustmentDocument(
  ctx: StockContext,
  viewer: StockViewer,
  data: StockAdjustment | StockAdjustment[],
  q: StockQuery,
  opts: DocumentOptions = {},
): Promise<ResourceDocument> {
  const presenter = new StockPresenter(ctx, viewer, q);
  const { extraGraph, ...rest } = opts;
  return buildDocument({
    data: Array.isArray(data)
      ? data.map((a) => presenter.adjustment(a))
      : presenter.adjustment(data),
    type: 'stockAdjustment',
    include: q.include,
    fields: q.fields,
    limits: q.limits,
    graph: presenter.graph(extraGraph),
    ...rest,
  });
}

/** The response document of `stock_reservations/show` for the viewer. */
export function stockReservationDocument(
  ctx: StockContext,
  viewer: StockViewer,
  reservation: StockReservation,
  q: StockQuery,
  opts: DocumentOptions = {},
): Promise<ResourceDocument> {
  const presenter = new StockPresenter(ctx, viewer, q);
  const { extraGraph, ...rest } = opts;
  return buildDocument({
    data: presenter.reservation(reservation),
    type: 'stockReservation',
    include: q.include,
    fields: q.fields,
    limits: q.limits,
    graph: presenter.graph(extraGraph),
    ...rest,
  });
}

/** The response document of `stock/compare_and_set`: the listing's `stock` (no relationships). */
export const stockDocument = (
  stock: Stock,
  q: Pick<ParsedQuery<QuerySpec>, 'include' | 'fields'>,
  opts: { expand?: boolean } = {},
): Promise<ResourceDocument> =>
  buildDocument({
    data: toStockResource(stock),
    type: 'stock',
    include: q.include,
    fields: q.fields,
    graph: { stock: {} },
    ...opts,
  });
