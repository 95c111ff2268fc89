/**
 * Wire shapes of the transaction endpoints on both APIs: command bodies (shape only; the process
 * decides which params a transition needs) and the filters of `transactions/query` (M38, I15).
 */
import { Type } from '@fastify/type-provider-typebox';
import { BOOKING_STATES } from '../../domain/bookings/index.ts';
import { STOCK_RESERVATION_STATES } from '../../domain/stock/index.ts';
import { TRANSACTION_SORT_KEYS, type TimeRange, type TransactionQuery } from '../../domain/transactions/index.ts';
import { p, type Param, type ParsedQuery, type SortKey } from '../wire/index.ts';
import { Id } from './body-schemas.ts';


/** Transition parameters: any map (unknown keys are tolerated, domain §1.10). */
const Params = Type.Optional(Type.Record(Type.String(), Type.Unknown()));

export const InitiateTransactionBody = Type.Object(
  { processAlias: Type.String({ minLength: 1 }), transition: Type.String({ minLength: 1 }), params: Params },
  { additionalProperties: false },
);

export const TransitionTransactionBody = Type.Object(
  { id: Id, transition: Type.String({ minLength: 1 }), params: Params },
  { additionalProperties: false },
);

export const UpdateTransactionMetadataBody = Type.Object(
  { id: Id, metadata: Type.Record(Type.String(), Type.Unknown()) },
  { additionalProperties: false },
);

const ISO_RE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const instantOf = (raw: string): Date | null | undefined => {
  if (raw === '') return undefined;
  return ISO_RE.test(raw) && !Number.isNaN(Date.parse(raw)) ? new Date(raw) : null;
};

/** A time range `start,end` (end exclusive; either side may be empty: `start,` or `,end`). */
export const timeRangeParam = (): Param<TimeRange, false> => ({
  required: false,
  defaultValue: undefined,
  list: false,
  parse: (raw) => {
    const expected = 'a time range start,end of ISO-8601 timestamps (either may be empty)';
    const parts = raw.split(',');
    if (parts.length !== 2) return { ok: false, expected };
    const [start, end] = parts.map((s) => instantOf(s.trim()));
    if (start === null || end === null || (start === undefined && end === undefined)) return { ok: false, expected };
    return { ok: true, value: { start, end } };
  },
});

/** The filters both APIs share. */
export const TransactionFilters = {
  lastTransitions: p.stringList({ max: 100 }),
  states: p.stringList({ max: 100 }),
  processNames: p.stringList({ max: 100 }),
  createdAtStart: p.instant(),
  createdAtEnd: p.instant(),
  hasBooking: p.boolean(),
  hasStockReservation: p.boolean(),
  hasPayin: p.boolean(),
  hasMessage: p.boolean(),
  bookingStates: p.enumList(BOOKING_STATES),
  stockReservationStates: p.enumList(STOCK_RESERVATION_STATES),
  bookingStart: timeRangeParam(),
  bookingEnd: timeRangeParam(),
  sort: p.sort({ allowed: TRANSACTION_SORT_KEYS, prefixes: ['prot_', 'meta_'] }),
};

/** `transactions/query` on the Marketplace API: the caller's own transactions. */
export const QueryOwnTransactionsQuery = { only: p.enum(['sale', 'order']), ...TransactionFilters };

/** `transactions/query` on the Integration API: anyone's. */
export const QueryTransactionsQuery = {
  userId: p.uuid(),
  customerId: p.uuid(),
  providerId: p.uuid(),
  listingId: p.uuid(),
  ...TransactionFilters,
};

const sortTokens = (keys: SortKey[] | undefined): string[] | undefined =>
  keys?.map((k) => (k.direction === 'asc' ? `-${k.attribute}` : k.attribute));

/** The domain query of the shared filters, pagination and extended-data filters. */
export function transactionFiltersOf(
  q: ParsedQuery<typeof TransactionFilters>,
): Omit<TransactionQuery, 'marketplaceId'> {
  const v = q.params;
  return {
    lastTransitions: v.lastTransitions,
    states: v.states,
    processNames: v.processNames,
    createdAt: v.createdAtStart || v.createdAtEnd ? { start: v.createdAtStart, end: v.createdAtEnd } : undefined,
    hasBooking: v.hasBooking,
    hasStockReservation: v.hasStockReservation,
    hasPayin: v.hasPayin,
    hasMessage: v.hasMessage,
    bookingStates: v.bookingStates,
    stockReservationStates: v.stockReservationStates,
    bookingStart: v.bookingStart,
    bookingEnd: v.bookingEnd,
    extendedData: q.extendedData,
    sort: sortTokens(v.sort),
    page: q.page,
    perPage: q.perPage,
  };
}
