/**
 * The `review` resource (catalogue §5.12): attributes `type`, `state`, `rating`, `content`,
 * `createdAt`, `deleted`; relationships `author` and `subject` (users, with `profileImage` below
 * them), `listing` (ofProvider reviews only; null otherwise; with `author`, `images`, … below it)
 * and `transaction` (only for a party of it or an operator; null for anyone else).
 * Transaction presenters use `ReviewPresenter.relationship` for `transaction.reviews`.
 */
import { findTransactionReviews, reviewAttributes, type Review, type ReviewViewer } from '../../domain/reviews/index.ts';
import type { ListingViewer } from '../../domain/listings/index.ts';
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
import { imageContextFor, type ImagePresentationContext } from './image.presenter.ts';
import { ListingPresenter } from './listing.presenter.ts';
import { UserPresenter } from './user.presenter.ts';
import type { TransactionInclude } from './message.presenter.ts';

/** A review as a resource. */
export const toReviewResource = (review: Review): Resource => ({
  id: new Uuid(review.id),
  type: 'review',
  attributes: reviewAttributes(review),
});

/**
 * Per-request presenter: remembers the reviews it presented so the resolvers know their author,
 * subject and listing. Users are shown in their public view (operators: the full one), listings
 * in the public view.
 */
export class ReviewPresenter {
  private readonly known = new Map<string, Review>();
  private readonly users: UserPresenter;
  private readonly listings: ListingPresenter;

  /**
   * `transactions` resolves `review.transaction` as the surface's transaction endpoints show it to
   * this viewer (non-parties get null); without it (anonymous callers) the relationship is null.
   */
  constructor(
    private readonly ctx: ImagePresentationContext,
    private readonly viewer: ReviewViewer,
    private readonly transactions?: TransactionInclude,
  ) {
    const operator = viewer.kind === 'operator';
    this.users = new UserPresenter(ctx, operator ? 'operator' : 'public');
    const listingViewer: ListingViewer = operator ? 'operator' : 'public';
    this.listings = new ListingPresenter(ctx, listingViewer);
  }

  /** Presents reviews (and remembers them for the resolvers). */
  present(reviews: Review[]): Resource[] {
    return reviews.map((review) => this.presentOne(review));
  }

  private presentOne(review: Review): Resource {
    this.known.set(review.id, review);
    return toReviewResource(review);
  }

  private reviewOf(parent: Resource): Review | undefined {
    return this.known.get(parent.id.uuid);
  }

  /**
   * A resolver for a to-many relationship pointing at a transaction's reviews
   * (`transaction.reviews`): loads the reviews of every parent transaction the viewer may read.
   */
  relationship(): RelationshipResolver {
    return async (parents) => {
      const reviews = await findTransactionReviews(this.ctx.db, this.ctx.marketplaceId, parents.map((p) => p.id.uuid), this.viewer);
      const byTransaction = new Map<string, Resource[]>(parents.map((p) => [p.id.uuid, []]));
      for (const review of reviews) byTransaction.get(review.transactionId)?.push(this.presentOne(review));
      return byTransaction;
    };
  }

  /** Resolvers of a review's relationships. */
  resolvers(): Record<string, RelationshipResolver> {
    return {
      author: this.users.relationship((p) => this.reviewOf(p)?.authorId),
      subject: this.users.relationship((p) => this.reviewOf(p)?.subjectId),
      listing: this.listings.relationship((p) => this.reviewOf(p)?.listingId ?? undefined),
      transaction: this.transactions
        ? this.transactions.relationship((p) => this.reviewOf(p)?.transactionId)
        : async (parents) => new Map(parents.map((p) => [p.id.uuid, null])),
    };
  }

  /**
   * The include graph for responses whose primary data are reviews (`author.profileImage`,
   * `listing.images`, `transaction.provider`, …). Users, listings and transactions are presented by
   * different presenters, so their graphs are merged per relationship.
   */
  graph(): ResourceGraph {
    const own: ResourceGraph = { review: this.resolvers(), user: this.users.resolvers() };
    const graphs = [own, this.listings.graph(), ...(this.transactions ? [this.transactions.graph()] : [])];
    return mergeGraphs(...graphs);
  }
}

/** A presenter for one request, from its parsed query (profile image variants, `fields.image`). */
export const reviewPresenterFor = (
  db: Executor,
  publicUrl: string,
  marketplaceId: string,
  q: Pick<ParsedQuery<QuerySpec>, 'imageVariants' | 'fields'>,
  viewer: ReviewViewer,
  transactions?: TransactionInclude,
): ReviewPresenter => new ReviewPresenter(imageContextFor(db, publicUrl, marketplaceId, q), viewer, transactions);

/** The response document of review endpoints: presents, resolves includes, applies fields and limits. */
export const reviewDocument = (
  presenter: ReviewPresenter,
  data: Review | Review[],
  q: Pick<ParsedQuery<QuerySpec>, 'include' | 'fields' | 'limits'>,
  opts: { meta?: Record<string, WireValue> } = {},
): Promise<ResourceDocument> =>
  buildDocument({
    data: Array.isArray(data) ? presenter.present(data) : (presenter.present([data])[0] ?? null),
    type: 'review',
    include: q.include,
    fields: q.fields,
    limits: q.limits,
    graph: presenter.graph(),
    ...opts,
  });
