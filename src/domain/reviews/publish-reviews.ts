import type { EventSink } from '../events/index.ts';
import type { Trx } from '../../store/db.ts';
import type { Review } from './review.ts';
import { reviewPublishedEvent } from './review-event.ts';
import { publishPendingReviews } from './reviews.store.ts';

export interface PublishReviewsInput {
  marketplaceId: string;
  transactionId: string;
  /** The transition's time (the engine's clock); defaults to the database clock. */
  at?: Date | undefined;
}

/**
 * `:action/publish-reviews` (domain §2.5): makes every pending review of the transaction public
 * and pushes one `review/updated` per review into `events`. No reviews (a review period that
 * expired unreviewed) is not an error: nothing changes. Returns the published reviews.
 */
export async function publishReviews(trx: Trx, input: PublishReviewsInput, events: EventSink): Promise<Review[]> {
  const changed = await publishPendingReviews(trx, input.marketplaceId, input.transactionId, input.at);
  for (const { before, after } of changed) events.push(reviewPublishedEvent(before, after));
  return changed.map((c) => c.after);
}
