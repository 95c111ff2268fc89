/**
 * `bookings/query` (catalogue §3.5 M41): the bookings of one of the caller's listings overlapping
 * `[start, end)`, optionally by state, with `transaction` (and below it `customer`, `provider`,
 * `listing`, …) includable — the author is the provider of every one of those transactions.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { BOOKING_STATES, queryListingBookings } from '../../domain/bookings/index.ts';
import { buildDocument, p, paginationMeta, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { requireUser } from '../plugins/authenticate.ts';
import { BookingPresenter } from '../resources/booking.presenter.ts';
import { transactionPresenterFor } from '../resources/transaction.presenter.ts';

const QueryBookingsQuery = {
  listingId: p.uuid({ required: true }),
  start: p.instant({ required: true }),
  end: p.instant({ required: true }),
  // The catalogue leaves the spelling open: both are accepted (not together).
  state: p.enumList(BOOKING_STATES),
  states: p.enumList(BOOKING_STATES),
};

export const bookingsRoutes =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Querystring: RawQuery }>('/bookings/query', async (request, reply) => {
      const q = parseQuery(request.query, QueryBookingsQuery, { pagination: true });
      const { marketplaceId, userId } = requireUser(request);
      const { bookings, totalItems } = await queryListingBookings(deps.db, {
        marketplaceId,
        listingId: q.params.listingId.uuid,
        start: q.params.start,
        end: q.params.end,
        states: q.params.states ?? q.params.state,
        page: q.page,
        perPage: q.perPage,
        viewerUserId: userId,
      });
      const presenter = new BookingPresenter();
      const transactions = transactionPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, { kind: 'user', userId });
      const document = await buildDocument({
        data: presenter.present(bookings),
        type: 'booking',
        include: q.include,
        fields: q.fields,
        limits: q.limits,
        graph: { ...transactions.graph(), booking: { transaction: transactions.relationship(presenter.transactionIdOf) } },
        meta: paginationMeta({ page: q.page, perPage: q.perPage, totalItems }),
      });
      return sendDocument(request, reply, document);
    });
  };
