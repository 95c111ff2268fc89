/** `GET events/query` (catalogue 4.7): poll the event log, ascending by sequence id. */
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { EVENT_TYPE_RE, MAX_EVENTS_PER_QUERY, queryEvents } from '../../domain/events/index.ts';
import {
  buildDocument,
  p,
  parseQuery,
  sendDocument,
  unsupportedPaginationMeta,
  type Param,
  type RawQuery,
} from '../wire/index.ts';
import { principalOf } from '../plugins/authenticate.ts';
import { toEventResource } from './event.presenter.ts';

/** `eventTypes=listing/created,user/updated`: each `<type>/<subtype>`. */
const eventTypeList: Param<string[], false> = {
  required: false,
  defaultValue: undefined,
  list: true,
  parse: (raw) => {
    const types = raw === '' ? [] : raw.split(',').map((s) => s.trim());
    return types.length <= 100 && types.every((t) => EVENT_TYPE_RE.test(t))
      ? { ok: true, value: types }
      : { ok: false, expected: 'comma-separated event types such as listing/created (at most 100)' };
  },
};

const QueryEventsQuery = {
  startAfterSequenceId: p.int({ min: 0 }),
  createdAtStart: p.instant(),
  resourceId: p.uuid(),
  relatedResourceId: p.uuid(),
  eventTypes: eventTypeList,
  // Declared here rather than with `pagination`: events have no pages (a `page` param is a 400).
  perPage: p.int({ min: 1, max: MAX_EVENTS_PER_QUERY, default: MAX_EVENTS_PER_QUERY }),
};

export const eventsRoutes =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Querystring: RawQuery }>('/events/query', async (request, reply) => {
      const { params, include, fields, limits } = parseQuery(request.query, QueryEventsQuery);
      const events = await queryEvents(deps.db, principalOf(request).marketplaceId, {
        startAfterSequenceId: params.startAfterSequenceId,
        createdAtStart: params.createdAtStart,
        resourceId: params.resourceId?.uuid,
        relatedResourceId: params.relatedResourceId?.uuid,
        eventTypes: params.eventTypes,
        limit: params.perPage,
      });
      // Clients poll until a page is not full (`data.length < meta.perPage`).
      const meta = unsupportedPaginationMeta({ page: 1, perPage: params.perPage });
      const doc = await buildDocument({ data: events.map(toEventResource), type: 'event', include, fields, limits, meta });
      return sendDocument(request, reply, doc);
    });
  };
