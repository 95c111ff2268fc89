// Review actions (domain.md §2.5, §6.1): adapters to the reviews module, which validates rating and
// content, refuses a second review by the same party (409) and pushes `review/*` events.
import { postReview, publishReviews } from '../../domain/reviews/index.ts';
import type { ActionHandler } from './action.ts';
import { missingParam } from './params.ts';

const post =
  (authorRole: 'customer' | 'provider'): ActionHandler =>
  async (ctx) => {
    for (const name of ['reviewRating', 'reviewContent']) {
      if (ctx.params[name] === undefined || ctx.params[name] === null) throw missingParam(name, `${ctx.action.name} writes a review`);
    }
    await postReview(
      ctx.trx,
      {
        marketplaceId: ctx.draft.marketplaceId,
        transactionId: ctx.draft.id,
        authorRole,
        rating: ctx.params.reviewRating,
        content: ctx.params.reviewContent,
        at: ctx.now,
      },
      ctx.events,
    );
  };

const publish: ActionHandler = async (ctx) => {
  await publishReviews(ctx.trx, { marketplaceId: ctx.draft.marketplaceId, transactionId: ctx.draft.id, at: ctx.now }, ctx.events);
};

/** Review actions by name. */
export const REVIEW_ACTIONS: Readonly<Record<string, ActionHandler>> = {
  'action/post-review-by-customer': post('customer'),
  'action/post-review-by-provider': post('provider'),
  'action/publish-reviews': publish,
};
