/**
 * The filters of `transactions/query` on both APIs (catalogue §3.5 M38, §4.4 I15): who (the
 * caller's transactions, `only` orders or sales; operators anyone's), what (processes, states, last
 * transitions, creation time), what hangs off it (booking, stock reservation, payin, messages) and
 * extended data (`prot_*`, `meta_*` with a transaction search schema).
 */

/** A half-open time range `[start, end)`; either end may be open. */
export interface TimeRange {
  readonly start?: Date | undefined;
  readonly end?: Date | undefined;
}

/** Attributes transactions sort by (besides `prot_*` / `meta_*` schema keys). */
export const TRANSACTION_SORT_KEYS = ['createdAt', 'lastTransitionedAt', 'lastMessageAt', 'bookingStart', 'bookingEnd'] as const;
export type TransactionSortKey = (typeof TRANSACTION_SORT_KEYS)[number];

export interface TransactionQuery {
  readonly marketplaceId: string;
  /** Either party is this user (the Marketplace API caller, or Integration `userId`). */
  readonly userId?: string | undefined;
  /** With `userId`: `order` = the user is the customer, `sale` = the provider. */
  readonly only?: 'order' | 'sale' | undefined;
  readonly customerId?: string | undefined;
  readonly providerId?: string | undefined;
  readonly listingId?: string | undefined;
  readonly lastTransitions?: readonly string[] | undefined;
  readonly states?: readonly string[] | undefined;
  readonly processNames?: readonly string[] | undefined;
  readonly createdAt?: TimeRange | undefined;
  readonly hasBooking?: boolean | undefined;
  readonly hasStockReservation?: boolean | undefined;
  readonly hasPayin?: boolean | undefined;
  readonly hasMessage?: boolean | undefined;
  readonly bookingStates?: readonly string[] | undefined;
  readonly stockReservationStates?: readonly string[] | undefined;
  readonly bookingStart?: TimeRange | undefined;
  readonly bookingEnd?: TimeRange | undefined;
  /** Raw `prot_*` / `meta_*` filters keyed by parameter name. */
  readonly extendedData?: Readonly<Record<string, string>> | undefined;
  /** Sort tokens, at most 3 (`lastMessageAt`, `-createdAt`, `meta_rank`); default `createdAt`. */
  readonly sort?: readonly string[] | undefined;
  readonly page: number;
  readonly perPage: number;
}
