/**
 * Reviews (domain §2.5, §6.1; catalogue §5.12): types and pure rules. Reviews are written only by
 * a process's review actions: the customer reviews the provider via the listing (`ofProvider`),
 * the provider reviews the customer (`ofCustomer`). A review is created `pending` and becomes
 * `public` when a later action publishes the transaction's reviews (blind reviews: the second
 * review, or the end of the review period); a process that posts and publishes in one transition
 * (default-download's `review`) makes it public at once.
 */
import { badRequest, type ErrorSource } from '../errors.ts';
import type { ReviewState, ReviewType } from '../../store/tables/messages-reviews.ts';
import type { WireValue } from '../../lib/values.ts';

export type { ReviewState, ReviewType };

export const REVIEW_TYPES: readonly ReviewType[] = ['ofProvider', 'ofCustomer'];
export const REVIEW_STATES: readonly ReviewState[] = ['public', 'pending'];

/** Which party of the transaction writes the review. */
export type ReviewAuthorRole = 'customer' | 'provider';

/** A review as the domain sees it. */
export interface Review {
  id: string;
  marketplaceId: string;
  transactionId: string;
  /** The transaction's listing, for `ofProvider` reviews only. */
  listingId: string | null;
  authorId: string;
  subjectId: string;
  type: ReviewType;
  state: ReviewState;
  rating: number;
  content: string;
  deleted: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Who reads reviews: anyone (anonymous or a user) on the Marketplace API, or an operator. */
export type ReviewViewer = { kind: 'anonymous' } | { kind: 'user'; userId: string } | { kind: 'operator' };

/** Longest review content, in characters (Sharetribe's limit is unpublished). */
export const MAX_REVIEW_LENGTH = 10_000;

/** The review type an author role writes: the customer reviews the provider, and vice versa. */
export const reviewTypeOf = (role: ReviewAuthorRole): ReviewType => (role === 'customer' ? 'ofProvider' : 'ofCustomer');

/** The 409 code of a second review by the same party. */
export const alreadyReviewedCode = (role: ReviewAuthorRole): `transaction-already-reviewed-by-${ReviewAuthorRole}` =>
  `transaction-already-reviewed-by-${role}`;

/** Where the review params sit in a transition request (`params.reviewRating`, …). */
const paramSource = (name: string): ErrorSource => ({ type: 'body', path: ['params', name] });

/**
 * The rating and content of a review action's params (`reviewRating`, `reviewContent`, both
 * mandatory), as received. Throws bad-request: `validation-missing-key` when absent,
 * `validation-invalid-value` for a rating that is not an integer 1–5 or blank/too long content.
 */
export function validReviewParams(rating: unknown, content: unknown): { rating: number; content: string } {
  if (rating === undefined || rating === null) throw badRequest('validation-missing-key', 'reviewRating is required.', paramSource('reviewRating'));
  if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) {
    throw badRequest('validation-invalid-value', 'reviewRating must be an integer from 1 to 5.', paramSource('reviewRating'));
  }
  if (content === undefined || content === null) throw badRequest('validation-missing-key', 'reviewContent is required.', paramSource('reviewContent'));
  if (typeof content !== 'string' || content.trim() === '') {
    throw badRequest('validation-invalid-value', 'reviewContent must be a non-empty string.', paramSource('reviewContent'));
  }
  if ([...content].length > MAX_REVIEW_LENGTH) {
    throw badRequest('validation-invalid-value', `reviewContent must be at most ${MAX_REVIEW_LENGTH} characters.`, paramSource('reviewContent'));
  }
  return { rating, content };
}

/**
 * Whether the viewer may read the review. Public reviews are for everyone; a pending one only for
 * its author and operators — blind reviews stay hidden from the other party until published
 * (domain §6.1 leaves the author's own view open; showing it lets a front end confirm the post).
 */
export function isReviewVisibleTo(review: Review, viewer: ReviewViewer): boolean {
  if (review.deleted) return false;
  if (review.state === 'public' || viewer.kind === 'operator') return true;
  return viewer.kind === 'user' && viewer.userId === review.authorId;
}

/** The `review` resource's attributes. */
export function reviewAttributes(r: Review): Record<string, WireValue> {
  return { type: r.type, state: r.state, rating: r.rating, content: r.content, createdAt: r.createdAt, deleted: r.deleted };
}
