/**
 * The `transaction` resource (catalogue §5.8) and its include graph (M39): `marketplace`,
 * `listing` (+ `author`, `images`, `currentStock` below it), `provider` and `customer` (+
 * `profileImage`), `booking`, `stockReservation`, `reviews` (+ `author`, `subject`), `messages` (+
 * `sender`), `protectedFileAttachments` (always empty until files exist).
 *
 * A party on the Marketplace API sees the line items that count for their role in each
 * transaction (see process-engine transactionAttributes); operators see all. Users and listings
 * appear in their public views to parties, in full to operators.
 *
 * Several presenters present users (parties, listing authors, review authors, message senders) and
 * listings; their resolvers each know only the resources they presented. The wire layer's
 * `mergeGraphs` combines them per relationship, taking each parent's first non-empty answer.
 */
import { findStockReservationsOfTransactions, type StockReservation } from '../../domain/stock/index.ts';
import type { Booking } from '../../domain/bookings/index.ts';
import { findTransactionsByIds, roleOf, type Transaction } from '../../domain/transactions/index.ts';
import { findMarketplaceById } from '../../domain/marketplaces/index.ts';
import { transactionAttributes, type TransactionViewer } from '../../process-engine/index.ts';
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
import { bookingOfTransactionResolver, toBookingResource } from './booking.presenter.ts';
import { imageContextFor, type ImagePresentationContext } from './image.presenter.ts';
import { ListingPresenter } from './listing.presenter.ts';
import { MessagePresenter, type TransactionInclude } from './message.presenter.ts';
import { ReviewPresenter } from './review.presenter.ts';
import { toStockReservationResource } from './stock.presenter.ts';
import { UserPresenter } from './user.presenter.ts';
import { toMarketplaceResource } from '../marketplace-api/marketplace.presenter.ts';

/** Who reads: a user (a party of each transaction shown) or an operator (Integration API). */
export type TransactionPresentationViewer = { kind: 'user'; userId: string } | { kind: 'operator' };

/** Per-request presenter of transactions; remembers what it presented for the resolvers. */
export class TransactionPresenter implements TransactionInclude {
  private readonly known = new Map<string, Transaction>();
  /** Bookings/reservations of speculative runs (rolled back, so not in the database). */
  private readonly bookings = new Map<string, Booking | null>();
  private readonly reservations = new Map<string, StockReservation | null>();
  private readonly users: UserPresenter;
  private readonly listings: ListingPresenter;
  private readonly reviews: ReviewPresenter;
  private readonly messages: MessagePresenter;

  constructor(
    private readonly ctx: ImagePresentationContext,
    private readonly viewer: TransactionPresentationViewer,
  ) {
    const operator = viewer.kind === 'operator';
    this.users = new UserPresenter(ctx, operator ? 'operator' : 'public');
    this.listings = new ListingPresenter(ctx, operator ? 'operator' : 'public');
    this.reviews = new ReviewPresenter(ctx, operator ? { kind: 'operator' } : { kind: 'user', userId: viewer.userId });
    this.messages = new MessagePresenter(ctx, operator ? 'operator' : 'party');
  }

  /** How the viewer sees one transaction: its role in it, or operator. */
  private viewerOf(tx: Transaction): TransactionViewer {
    if (this.viewer.kind === 'operator') return 'operator';
    return roleOf(tx, this.viewer.userId) ?? 'customer';
  }

  private toResource(tx: Transaction): Resource {
    this.known.set(tx.id, tx);
    return { id: new Uuid(tx.id), type: 'transaction', attributes: transactionAttributes(tx, this.viewerOf(tx)) };
  }

  /** Presents transactions the viewer may see (the caller checked). */
  present(transactions: Transaction[]): Resource[] {
    return transactions.map((tx) => this.toResource(tx));
  }

  /** Remembers the booking and stock reservation of a speculative run, which the database no longer has. */
  rememberRelated(transactionId: string, related: { booking: Booking | null; stockReservation: StockReservation | null }): void {
    this.bookings.set(transactionId, related.booking);
    this.reservations.set(transactionId, related.stockReservation);
  }

  private txOf(parent: Resource): Transaction | undefined {
    return this.known.get(parent.id.uuid);
  }

  /**
   * A resolver for relationships pointing at transactions the viewer may see (`message.transaction`,
   * `booking.transaction`, …): `transactionIdOf` reads each parent's target. Transactions the viewer
   * is not a party of resolve to null.
   */
  relationship(transactionIdOf: (parent: Resource) => string | undefined): RelationshipResolver {
    return async (parents) => {
      const ids = parents.map(transactionIdOf).filter((id): id is string => id !== undefined && !this.known.has(id));
      for (const tx of await findTransactionsByIds(this.ctx.db, this.ctx.marketplaceId, ids)) {
        if (this.viewer.kind === 'operator' || roleOf(tx, this.viewer.userId) !== undefined) this.known.set(tx.id, tx);
      }
      return new Map(
        parents.map((p) => {
          const id = transactionIdOf(p);
          const tx = id === undefined ? undefined : this.known.get(id);
          return [p.id.uuid, tx ? this.toResource(tx) : null];
        }),
      );
    };
  }

  private bookingResolver(): RelationshipResolver {
    const stored = bookingOfTransactionResolver(this.ctx.db, this.ctx.marketplaceId, (p) => (this.bookings.has(p.id.uuid) ? undefined : p.id.uuid));
    return async (parents) => {
      const out = await stored(parents);
      for (const p of parents) {
        const remembered = this.bookings.get(p.id.uuid);
        if (this.bookings.has(p.id.uuid)) out.set(p.id.uuid, remembered ? toBookingResource(remembered) : null);
      }
      return out;
    };
  }

  private stockReservationResolver(): RelationshipResolver {
    return async (parents) => {
      const ids = parents.map((p) => p.id.uuid).filter((id) => !this.reservations.has(id));
      const found = await findStockReservationsOfTransactions(this.ctx.db, this.ctx.marketplaceId, ids);
      const byTx = new Map(found.map((r) => [r.transactionId, r]));
      return new Map(
        parents.map((p) => {
          const r = this.reservations.has(p.id.uuid) ? this.reservations.get(p.id.uuid) : byTx.get(p.id.uuid);
          return [p.id.uuid, r ? toStockReservationResource(r) : null];
        }),
      );
    };
  }

  /** Resolvers of a transaction's relationships. */
  resolvers(): Record<string, RelationshipResolver> {
    return {
      marketplace: async (parents) => {
        const marketplace = await findMarketplaceById(this.ctx.db, this.ctx.marketplaceId);
        const resource = marketplace ? toMarketplaceResource(marketplace) : null;
        return new Map(parents.map((p) => [p.id.uuid, resource]));
      },
      listing: this.listings.relationship((p) => this.txOf(p)?.listingId),
      customer: this.users.relationship((p) => this.txOf(p)?.customerId),
      provider: this.users.relationship((p) => this.txOf(p)?.providerId),
      booking: this.bookingResolver(),
      stockReservation: this.stockReservationResolver(),
      reviews: this.reviews.relationship(),
      messages: this.messages.relationship(),
      protectedFileAttachments: async (parents) => new Map(parents.map((p) => [p.id.uuid, []])),
    };
  }

  /** The include graph below transactions (for responses whose primary data are transactions, or that include them). */
  graph(): ResourceGraph {
    return mergeGraphs(
      { transaction: this.resolvers(), user: this.users.resolvers() },
      this.listings.graph(),
      this.reviews.graph(),
      this.messages.graph(),
    );
  }
}

/** A presenter for one request, from its parsed query (image variants, `fields.image`). */
export const transactionPresenterFor = (
  db: Executor,
  publicUrl: string,
  marketplaceId: string,
  q: Pick<ParsedQuery<QuerySpec>, 'imageVariants' | 'fields'>,
  viewer: TransactionPresentationViewer,
): TransactionPresenter => new TransactionPresenter(imageContextFor(db, publicUrl, marketplaceId, q), viewer);

/** The response document of transaction endpoints. Commands pass `expand` (false: `{id, type}` only). */
export const transactionDocument = (
  presenter: TransactionPresenter,
  data: Transaction | Transaction[],
  q: Pick<ParsedQuery<QuerySpec>, 'include' | 'fields' | 'limits'>,
  opts: { expand?: boolean; meta?: Record<string, WireValue> } = {},
): Promise<ResourceDocument> =>
  buildDocument({
    data: Array.isArray(data) ? presenter.present(data) : (presenter.present([data])[0] ?? null),
    type: 'transaction',
    include: q.include,
    fields: q.fields,
    limits: q.limits,
    graph: presenter.graph(),
    ...opts,
  });
