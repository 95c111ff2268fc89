/**
 * `timeslots/query` (catalogue §3.7 M46): the free stretches of a listing anyone who can see it may
 * book — plan, exceptions and holding bookings combined — with optional interval filtering.
 * `perPage` up to 500 (default 100). On private marketplaces the read guard applies (plugins/access.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { TIME_SLOT_LIMITS } from '../../domain/availability/index.ts';
import { queryTimeSlots } from '../../domain/bookings/index.ts';
import { p, paginationMeta, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { principalOf } from '../plugins/authenticate.ts';
import { timeSlotDocument } from '../resources/time-slot.presenter.ts';

const QueryTimeSlotsQuery = {
  listingId: p.uuid({ required: true }),
  start: p.instant({ required: true }),
  end: p.instant({ required: true }),
  intervalDuration: p.string({ maxLength: 64 }),
  maxPerInterval: p.int({ min: 1 }),
  minDurationStartingInInterval: p.int({ min: 0 }),
  intervalAlign: p.instant(),
};

export const timeslotsRoutes =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Querystring: RawQuery }>('/timeslots/query', async (request, reply) => {
      const q = parseQuery(request.query, QueryTimeSlotsQuery, {
        pagination: {
          maxPerPage: TIME_SLOT_LIMITS.maxPerPage,
          defaultPerPage: TIME_SLOT_LIMITS.defaultPerPage,
        },
      });
      const principal = principalOf(request);
      const { listingId, ...params } = q.params;
      const { slots, totalItems } = await queryTimeSlots(deps.db, {
        marketplaceId: principal.marketplaceId,
        viewerUserId: principal.kind === 'user' ? principal.userId : undefined,
        listingId: listingId.uuid,
        params,
        page: q.page,
        perPage: q.perPage,
        now: deps.clock.now(),
      });
      const meta = paginationMeta({ page: q.page, perPage: q.perPage, totalItems });
      return sendDocument(request, reply, await timeSlotDocument(listingId.uuid, slots, q, meta));
    });
  };
