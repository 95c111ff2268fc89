/** Reviews written by a transaction's parties through process actions (domain §2.5, §6.1). */
export type { Review, ReviewAuthorRole, ReviewState, ReviewType, ReviewViewer } from './review.ts';
export { MAX_REVIEW_LENGTH, REVIEW_STATES, REVIEW_TYPES, isReviewVisibleTo, reviewAttributes, validReviewParams } from './review.ts';
export { reviewEventResource } from './review-event.ts';
export { postReview, type PostReviewInput } from './post-review.ts';
export { publishReviews, type PublishReviewsInput } from './publish-reviews.ts';
export { queryReviews, showReview, findTransactionReviews, type QueryReviewsInput } from './query-reviews.ts';
