import { badRequest } from '../errors.ts';
import type { Executor } from '../../store/db.ts';
import { EVENT_TYPE_RE, MAX_EVENTS_PER_QUERY, type EventFilters, type MarketplaceEvent } from './event.ts';
import { selectEvents } from './events.store.ts';

/**
 * A marketplace's events matching the filters, ascending by sequence id, at most `limit` (≤ 100).
 * Throws bad-request (limit out of range, malformed event type).
 */
export async function queryEvents(
  db: Executor,
  marketplaceId: string,
  filters: EventFilters = {},
): Promise<MarketplaceEvent[]> {
  const limit = filters.limit ?? MAX_EVENTS_PER_QUERY;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENTS_PER_QUERY) {
    throw badRequest('validation-invalid-value', `limit must be between 1 and ${MAX_EVENTS_PER_QUERY}.`);
  }
  const bad = filters.eventTypes?.find((t) => !EVENT_TYPE_RE.test(t));
  if (bad !== undefined) throw badRequest('validation-invalid-value', `Invalid event type "${bad}": expected <type>/<subtype>.`);
  return selectEvents(db, marketplaceId, { ...filters, limit });
}
