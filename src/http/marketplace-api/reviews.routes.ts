/**
 * `reviews/query` and `reviews/show` (catalogue §3.6 M44, M45): public reviews for everyone,
 * pending ones only for their author. Private marketplaces close both to anonymous callers
 * (plugins/access.ts). Reviews are written by process actions, never by these endpoints. Includes:
 * `author`, `subject` (+ `profileImage`), `listing` (+ `author`, `images`, `currentStock`) and
 * `transaction` (+ its own includes) — the transaction only for its parties, null for others.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { REVIEW_STATES, REVIEW_TYPES, queryReviews, showReview, type ReviewViewer } from '../../domain/reviews/index.ts';
import { p, paginationMeta, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { principalOf } from '../plugins/authenticate.ts';
import { reviewDocument, reviewPresenterFor, type ReviewPresenter } from '../resources/review.presenter.ts';
import { transactionPresenterFor } from '../resources/transaction.presenter.ts';
import type { ParsedQuery, QuerySpec } from '../wire/index.ts';

const ShowReviewQuery = { id: p.uuid({ required: true }) };
const QueryReviewsQuery = {
  listingId: p.uuid(),
  subjectId: p.uuid(),
  transactionId: p.uuid(),
  type: p.enum(REVIEW_TYPES),
  state: p.enum(REVIEW_STATES),
};

/** The caller as a review viewer (an anonymous token reads public reviews only). */
const viewerOf = (request: FastifyRequest): { marketplaceId: string; viewer: ReviewViewer } => {
  const principal = principalOf(request);
  const viewer: ReviewViewer = principal.kind === 'user' ? { kind: 'user', userId: principal.userId } : { kind: 'anonymous' };
  return { marketplaceId: principal.marketplaceId, viewer };
};

export const reviewsRoutes =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    /** The presenter for this caller: a user may include the transactions they take part in. */
    const presenterFor = (marketplaceId: string, q: Pick<ParsedQuery<QuerySpec>, 'imageVariants' | 'fields'>, viewer: ReviewViewer): ReviewPresenter => {
      const transactions =
        viewer.kind === 'user' ? transactionPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, { kind: 'user', userId: viewer.userId }) : undefined;
      return reviewPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, viewer, transactions);
    };

    app.get<{ Querystring: RawQuery }>('/reviews/show', async (request, reply) => {
      const q = parseQuery(request.query, ShowReviewQuery);
      const { marketplaceId, viewer } = viewerOf(request);
      const review = await showReview(deps.db, { marketplaceId, viewer, id: q.params.id.uuid });
      const presenter = presenterFor(marketplaceId, q, viewer);
      return sendDocument(request, reply, await reviewDocument(presenter, review, q));
    });

    app.get<{ Querystring: RawQuery }>('/reviews/query', async (request, reply) => {
      const q = parseQuery(request.query, QueryReviewsQuery, { pagination: true });
      const { marketplaceId, viewer } = viewerOf(request);
      const { reviews, totalItems } = await queryReviews(deps.db, {
        marketplaceId,
        viewer,
        listingId: q.params.listingId?.uuid,
        subjectId: q.params.subjectId?.uuid,
        transactionId: q.params.transactionId?.uuid,
        type: q.params.type,
        state: q.params.state,
        page: q.page,
        perPage: q.perPage,
      });
      const presenter = presenterFor(marketplaceId, q, viewer);
      const meta = paginationMeta({ page: q.page, perPage: q.perPage, totalItems });
      return sendDocument(request, reply, await reviewDocument(presenter, reviews, q, { meta }));
    });
  };
