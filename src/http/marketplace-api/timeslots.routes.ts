/**
 * `timeslots/query` (catalogue §3.7 M46): the free stretches of a listing anyone who can see it may
 * book — plan, exceptions and holding bookings combined — with optional interval filtering.
 * `perPage` up to 500 (default 100). On private marketplaces the read guard applies (plugins/access.ts).
 *
 * Calendars are read far more often than they change (every visitor of a listing page asks for
 * the same months), so encoded answers are kept by the listing's capacity revision, the query and
 * the format: a repeated read costs the token check and one listing row. Any booking, exception or
 * plan change moves the revision in the same database transaction, so a kept answer is never served
 * after the change commits; visibility is checked on every request before the cache is consulted.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { TIME_SLOT_LIMITS } from '../../domain/availability/index.ts';
import { prepareTimeSlots } from '../../domain/bookings/index.ts';
import {
  p,
  paginationMeta,
  parseQuery,
  ResponseCache,
  sendCachedDocument,
  type RawQuery,
} from '../wire/index.ts';
import { principalOf } from '../plugins/authenticate.ts';
import { timeSlotDocument } from '../resources/time-slot.presenter.ts';

/** Encoded answers kept per server (about 400 full 90-day pages). */
const TIME_SLOT_CACHE_BYTES = 32 * 1024 * 1024;

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
    const answers = new ResponseCache(TIME_SLOT_CACHE_BYTES);
    app.get<{ Querystring: RawQuery }>('/timeslots/query', async (request, reply) => {
      const q = parseQuery(request.query, QueryTimeSlotsQuery, {
        pagination: {
          maxPerPage: TIME_SLOT_LIMITS.maxPerPage,
          defaultPerPage: TIME_SLOT_LIMITS.defaultPerPage,
        },
      });
      const principal = principalOf(request);
      const { listingId, ...params } = q.params;
      const prepared = await prepareTimeSlots(deps.db, {
        marketplaceId: principal.marketplaceId,
        viewerUserId: principal.kind === 'user' ? principal.userId : undefined,
        listingId: listingId.uuid,
        params,
        page: q.page,
        perPage: q.perPage,
        now: deps.clock.now(),
      });
      // The URL carries everything else that shapes the document (sparse fieldsets).
      return sendCachedDocument(request, reply, answers, `${prepared.key}|${request.url}`, async () => {
        const { slots, totalItems } = await prepared.run();
        const meta = paginationMeta({ page: q.page, perPage: q.perPage, totalItems });
        return timeSlotDocument(listingId.uuid, slots, q, meta);
      });
    });
  };
