import { conflict } from '../errors.ts';
import type { EventSink } from '../events/index.ts';
import { findTransactionParties } from '../transactions/index.ts';
import { newId } from '../../lib/ids.ts';
import type { Trx } from '../../store/db.ts';
import { alreadyReviewedCode, reviewTypeOf, validReviewParams, type Review, type ReviewAuthorRole } from './review.ts';
import { reviewCreatedEvent } from './review-event.ts';
import { hasReviewed, insertReviewOnce } from './reviews.store.ts';

export interface PostReviewInput {
  marketplaceId: string;
  transactionId: string;
  /** The party writing: `customer` (`:action/post-review-by-customer`) or `provider`. */
  authorRole: ReviewAuthorRole;
  /** `params.reviewRating` as received (validated here: an integer 1–5). */
  rating: unknown;
  /** `params.reviewContent` as received (validated here: a non-blank string). */
  content: unknown;
  /** The transition's time (the engine's clock); defaults to the database clock. */
  at?: Date | undefined;
}

/**
 * The review actions' primitive (`:action/post-review-by-customer|provider`, domain §2.5): writes
 * the party's review of the other, `pending` until the transaction's reviews are published. The
 * customer's review (`ofProvider`) carries the listing. Pushes `review/created` into `events`.
 * Throws bad-request (rating, content), conflict `transaction-not-found`,
 * `transaction-already-reviewed-by-customer|provider` (a second review by the same party).
 */
export async function postReview(trx: Trx, input: PostReviewInput, events: EventSink): Promise<Review> {
  const { rating, content } = validReviewParams(input.rating, input.content);
  const parties = await findTransactionParties(trx, input.marketplaceId, input.transactionId);
  if (!parties) throw conflict('transaction-not-found', `No transaction ${input.transactionId} in this marketplace.`);
  const byCustomer = input.authorRole === 'customer';
  const authorId = byCustomer ? parties.customerId : parties.providerId;
  const already = () => conflict(alreadyReviewedCode(input.authorRole), `The ${input.authorRole} has already reviewed this transaction.`);
  // Checked first so the usual case needs no insert; the insert's unique index settles races.
  if (await hasReviewed(trx, input.marketplaceId, parties.id, authorId)) throw already();
  const review = await insertReviewOnce(trx, {
    id: newId(),
    marketplaceId: input.marketplaceId,
    transactionId: parties.id,
    listingId: byCustomer ? parties.listingId : null,
    authorId,
    subjectId: byCustomer ? parties.providerId : parties.customerId,
    type: reviewTypeOf(input.authorRole),
    state: 'pending',
    rating,
    content,
    at: input.at,
  });
  if (!review) throw already();
  events.push(reviewCreatedEvent(review));
  return review;
}
