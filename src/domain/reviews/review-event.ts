/**
 * The event-log view of a review (domain §8.3, §8.4): the Integration API resource with its to-one
 * relationships, pushed as a PendingEvent by the review actions (the transition appends them, then
 * its own transaction event).
 */
import type { PendingEvent, WireMap } from '../events/index.ts';
import { Keyword, Uuid, type WireValue } from '../../lib/values.ts';
import { reviewAttributes, type Review } from './review.ts';

const ref = (type: string, id: string): WireValue => ({ id: new Uuid(id), type: new Keyword(type) });

/** The review as the Integration API shows it, with `author`, `subject`, `transaction` and (ofProvider) `listing`. */
export function reviewEventResource(r: Review): WireMap {
  const relationships: WireMap = {
    author: { data: ref('user', r.authorId) },
    subject: { data: ref('user', r.subjectId) },
    transaction: { data: ref('transaction', r.transactionId) },
  };
  if (r.listingId !== null) relationships.listing = { data: ref('listing', r.listingId) };
  return { id: new Uuid(r.id), type: new Keyword('review'), attributes: reviewAttributes(r), relationships };
}

const related = (r: Review): string[] => [r.transactionId, r.authorId, r.subjectId, ...(r.listingId === null ? [] : [r.listingId])];

/** `review/created` for a new review. */
export const reviewCreatedEvent = (r: Review): PendingEvent => ({
  marketplaceId: r.marketplaceId,
  eventType: 'review/created',
  resourceType: 'review',
  resourceId: r.id,
  resource: reviewEventResource(r),
  previousValues: null,
  relatedResourceIds: related(r),
});

/** `review/updated` for a published review: only its state changed. */
export const reviewPublishedEvent = (before: Review, after: Review): PendingEvent => ({
  marketplaceId: after.marketplaceId,
  eventType: 'review/updated',
  resourceType: 'review',
  resourceId: after.id,
  resource: reviewEventResource(after),
  previousValues: { attributes: { state: before.state }, relationships: {} },
  relatedResourceIds: related(after),
});
