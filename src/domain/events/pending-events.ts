/**
 * Events gathered during a multi-step change and appended together at its end. Capacity
 * primitives, bookings, stock and the process engine push what happened, in order; the use case
 * that owns the DB transaction appends them last (see appendEvent: the event counter lock is held
 * from the first append to commit, so appends come after every other write).
 */
import type { Trx } from '../../store/db.ts';
import { appendEvent, type AppendEventInput } from './append-event.ts';
import type { MarketplaceEvent } from './event.ts';

/** An event without the who-did-it part, which the owner of the transaction supplies. */
export type PendingEvent = Omit<AppendEventInput, 'source' | 'auditData'>;

/** Where primitives record their events, in the order they happened. */
export type EventSink = PendingEvent[];

/** Appends every pending event in order with one source and audit data. */
export async function appendEvents(
  trx: Trx,
  events: readonly PendingEvent[],
  who: Pick<AppendEventInput, 'source' | 'auditData'>,
): Promise<MarketplaceEvent[]> {
  const out: MarketplaceEvent[] = [];
  for (const e of events) out.push(await appendEvent(trx, { ...e, ...who }));
  return out;
}
