// The event-log view of a transaction (domain §8.3, §8.4): the Integration API resource (every line
// item) with its to-one relationships, and the previous values of what the whole transition
// changed — one `transaction/initiated|transitioned|updated` event, appended after the events of
// its actions.
import { findBookingOfTransaction } from '../../domain/bookings/index.ts';
import type { PendingEvent, WireMap } from '../../domain/events/index.ts';
import type { ExtendedData } from '../../domain/extended-data.ts';
import type { Transaction } from '../../domain/transactions/index.ts';
import { findStockReservationOfTransaction } from '../../domain/stock/index.ts';
import { Keyword, Uuid, type WireValue } from '../../lib/values.ts';
import type { Executor } from '../../store/db.ts';
import { transactionAttributes } from './transaction-view.ts';

/** Ids of the to-one relationships that change during transitions. */
export interface TransactionLinks {
  readonly bookingId: string | null;
  readonly stockReservationId: string | null;
}

/** The transaction's booking and stock reservation ids, as they are now. */
export async function transactionLinks(db: Executor, tx: Pick<Transaction, 'id' | 'marketplaceId'>): Promise<TransactionLinks> {
  const booking = await findBookingOfTransaction(db, tx.marketplaceId, tx.id);
  const reservation = await findStockReservationOfTransaction(db, tx.marketplaceId, tx.id);
  return { bookingId: booking?.id ?? null, stockReservationId: reservation?.id ?? null };
}

const ref = (type: string, id: string): WireValue => ({ id: new Uuid(id), type: new Keyword(type) });
const refOrNull = (type: string, id: string | null): WireValue => ({ data: id === null ? null : ref(type, id) });

/** The transaction as the Integration API shows it, with its to-one relationships. */
export function transactionEventResource(tx: Transaction, links: TransactionLinks): WireMap {
  return {
    id: new Uuid(tx.id),
    type: new Keyword('transaction'),
    attributes: transactionAttributes(tx, 'operator'),
    relationships: {
      marketplace: { data: ref('marketplace', tx.marketplaceId) },
      listing: { data: ref('listing', tx.listingId) },
      customer: { data: ref('user', tx.customerId) },
      provider: { data: ref('user', tx.providerId) },
      booking: refOrNull('booking', links.bookingId),
      stockReservation: refOrNull('stockReservation', links.stockReservationId),
    },
  };
}

const same = (a: WireValue | undefined, b: WireValue | undefined): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Extended data diffed per top-level key: added ⇒ null, changed or removed ⇒ the old value. */
function extendedDataDiff(before: ExtendedData, after: ExtendedData): WireMap | undefined {
  const out: WireMap = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = Object.hasOwn(before, key) ? before[key] : undefined;
    const now = Object.hasOwn(after, key) ? after[key] : undefined;
    if (!same(old, now)) Object.defineProperty(out, key, { value: old ?? null, enumerable: true, writable: true, configurable: true });
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** `{attributes, relationships}` changed from `before` to `after`; null when nothing did. */
export function transactionPreviousValues(
  before: Transaction,
  after: Transaction,
  linksBefore: TransactionLinks,
  linksAfter: TransactionLinks,
): WireMap | null {
  const a = transactionAttributes(before, 'operator');
  const b = transactionAttributes(after, 'operator');
  const attributes: WireMap = {};
  for (const key of Object.keys(b)) {
    if (key === 'protectedData' || key === 'metadata') continue;
    if (!same(a[key], b[key])) attributes[key] = a[key] ?? null;
  }
  const protectedData = extendedDataDiff(before.protectedData, after.protectedData);
  if (protectedData) attributes.protectedData = protectedData;
  const metadata = extendedDataDiff(before.metadata, after.metadata);
  if (metadata) attributes.metadata = metadata;
  const relationships: WireMap = {};
  if (linksBefore.bookingId !== linksAfter.bookingId) relationships.booking = refOrNull('booking', linksBefore.bookingId);
  if (linksBefore.stockReservationId !== linksAfter.stockReservationId) {
    relationships.stockReservation = refOrNull('stockReservation', linksBefore.stockReservationId);
  }
  if (Object.keys(attributes).length === 0 && Object.keys(relationships).length === 0) return null;
  return { attributes, relationships };
}

/** The transaction's own event as a pending event. `before` null: the transaction is new. */
export function transactionEvent(
  eventType: 'transaction/initiated' | 'transaction/transitioned' | 'transaction/updated',
  before: { tx: Transaction; links: TransactionLinks } | null,
  after: { tx: Transaction; links: TransactionLinks },
): PendingEvent {
  return {
    marketplaceId: after.tx.marketplaceId,
    eventType,
    resourceType: 'transaction',
    resourceId: after.tx.id,
    resource: transactionEventResource(after.tx, after.links),
    previousValues: before === null ? null : transactionPreviousValues(before.tx, after.tx, before.links, after.links),
    relatedResourceIds: [after.tx.listingId, after.tx.customerId, after.tx.providerId],
  };
}
