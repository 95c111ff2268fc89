import { notFound } from '../errors.ts';
import type { Executor } from '../../store/db.ts';
import { isReviewVisibleTo, type Review, type ReviewState, type ReviewType, type ReviewViewer } from './review.ts';
import { findReviewRow, selectReviews, selectTransactionReviews } from './reviews.store.ts';

export interface QueryReviewsInput {
  marketplaceId: string;
  viewer: ReviewViewer;
  listingId?: string | undefined;
  subjectId?: string | undefined;
  transactionId?: string | undefined;
  type?: ReviewType | undefined;
  state?: ReviewState | undefined;
  page: number;
  perPage: number;
}

const pendingVisibleTo = (viewer: ReviewViewer): string | 'all' | undefined =>
  viewer.kind === 'operator' ? 'all' : viewer.kind === 'user' ? viewer.userId : undefined;

/**
 * `reviews/query`: a page of the reviews the viewer may read (see isReviewVisibleTo), newest
 * first, filtered by listing, subject, transaction, type and state. No filter is required: the
 * answer is then every public review of the marketplace (a 400 where the hosted platform answers
 * would break clients; the converse cannot).
 */
export async function queryReviews(db: Executor, input: QueryReviewsInput): Promise<{ reviews: Review[]; totalItems: number }> {
  const { reviews, total } = await selectReviews(db, {
    marketplaceId: input.marketplaceId,
    filters: {
      listingId: input.listingId,
      subjectId: input.subjectId,
      transactionId: input.transactionId,
      type: input.type,
      state: input.state,
      pendingVisibleTo: pendingVisibleTo(input.viewer),
    },
    limit: input.perPage,
    offset: (input.page - 1) * input.perPage,
  });
  return { reviews, totalItems: total };
}

/** `reviews/show`: one review the viewer may read. Throws not-found (unknown, deleted, or pending and not the viewer's). */
export async function showReview(db: Executor, input: { marketplaceId: string; viewer: ReviewViewer; id: string }): Promise<Review> {
  const review = await findReviewRow(db, input.marketplaceId, input.id);
  if (!review || !isReviewVisibleTo(review, input.viewer)) throw notFound('Review not found.');
  return review;
}

/**
 * The reviews of the given transactions that the viewer may read, for include resolvers
 * (`transaction.reviews`); the caller has already decided the viewer may see those transactions.
 */
export async function findTransactionReviews(db: Executor, marketplaceId: string, transactionIds: readonly string[], viewer: ReviewViewer): Promise<Review[]> {
  const reviews = await selectTransactionReviews(db, marketplaceId, transactionIds);
  return reviews.filter((r) => isReviewVisibleTo(r, viewer));
}
