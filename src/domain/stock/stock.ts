/**
 * Stock (domain §5, catalogue §5.10): a listing's quantity of units, its append-only ledger of
 * adjustments, and stock reservations held by transactions. Types and pure rules; use cases (one per
 * file) compose them with the store, the listing lock and the event log.
 *
 * Ledger rules:
 * - an adjustment is immutable and non-zero; the listing's total is the sum of its adjustments,
 *   mirrored in `listings.stock_quantity` in the same DB transaction as every adjustment, after
 *   `lockListing` — so concurrent writers of one listing's stock run one after another;
 * - a total is undefined (null) until first set; it never goes below 0;
 * - a reservation's effect on stock is recorded as adjustments as it changes state (table below).
 */
import { createHash } from 'node:crypto';
import { badRequest, conflict, type ErrorSource } from '../errors.ts';
import type { WireValue } from '../../lib/values.ts';
import type { HoldState } from '../../store/tables/capacity.ts';

export type StockReservationState = HoldState;

export const STOCK_RESERVATION_STATES: readonly StockReservationState[] = [
  'pending',
  'proposed',
  'accepted',
  'declined',
  'cancelled',
];

/** A listing's current stock: the `stock` resource (reached through the listing's `currentStock`). */
export interface Stock {
  /** Stable per listing (see stockIdOf). */
  id: string;
  listingId: string;
  quantity: number;
}

/** One immutable ledger entry. */
export interface StockAdjustment {
  id: string;
  marketplaceId: string;
  listingId: string;
  /** The reservation whose state change caused it, if any. */
  reservationId: string | null;
  /** Non-zero; positive adds stock. */
  quantity: number;
  at: Date;
  createdAt: Date;
}

/** Quantity of a listing held by a transaction. */
export interface StockReservation {
  id: string;
  marketplaceId: string;
  listingId: string;
  transactionId: string | null;
  quantity: number;
  state: StockReservationState;
  createdAt: Date;
  updatedAt: Date;
}

/** The largest stock total or adjustment (the ledger's columns are 32-bit integers). */
export const MAX_STOCK = 2_147_483_647;

/** `stock_adjustments/query` window (domain §5): start ≤ 366 days back … 1 day ahead; end ≤ 1 day ahead, ≤ 366 days after start. */
export const ADJUSTMENT_QUERY_LIMITS = { pastDays: 366, futureDays: 1, windowDays: 366 } as const;

const DAY_MS = 86_400_000;

/** Namespace of stock ids (a fixed random UUID): stock ids never collide with other resources' ids. */
const STOCK_ID_NAMESPACE = Buffer.from('3f2a8c1e7b9d4e06a5c4d2b1908f6e7a', 'hex');

/**
 * The id of a listing's `stock` resource: a name-based (v5) UUID of the listing id, so it is the
 * same in every response. Clients keep entities by type and id: the web template merges the stock
 * returned by `stock/compare_and_set` into the one its listing's `currentStock` points at.
 */
export function stockIdOf(listingId: string): string {
  const hash = createHash('sha1')
    .update(STOCK_ID_NAMESPACE)
    .update(listingId.toLowerCase())
    .digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The listing's current stock, or null when its stock was never defined. */
export const stockOf = (listing: { id: string; stockQuantity: number | null }): Stock | null =>
  listing.stockQuantity === null
    ? null
    : { id: stockIdOf(listing.id), listingId: listing.id, quantity: listing.stockQuantity };

/** Attributes of the `stock` resource. */
export const stockAttributes = (s: Stock): Record<string, WireValue> => ({ quantity: s.quantity });

/** Attributes of the `stockAdjustment` resource (both APIs, events). */
export const stockAdjustmentAttributes = (a: StockAdjustment): Record<string, WireValue> => ({
  at: a.at,
  quantity: a.quantity,
});

/** Attributes of the `stockReservation` resource (both APIs, events). */
export const stockReservationAttributes = (r: StockReservation): Record<string, WireValue> => ({
  quantity: r.quantity,
  state: r.state,
});

const bodyValue = (key: string, message: string) =>
  badRequest('validation-invalid-value', message, { type: 'body', path: [key] });

const isWhole = (n: number): boolean => Number.isSafeInteger(n);

/**
 * Checks `stock/compare_and_set` input: `oldTotal` a whole number or null, `newTotal` a whole
 * number from 0 to MAX_STOCK. Throws bad-request `validation-invalid-value` naming the body key.
 */
export function validateCompareAndSet(input: { oldTotal: number | null; newTotal: number }): void {
  if (input.oldTotal !== null && !isWhole(input.oldTotal))
    throw bodyValue(
      'oldTotal',
      'oldTotal must be a whole number, or null when the listing has no stock yet.',
    );
  if (!isWhole(input.newTotal) || input.newTotal < 0 || input.newTotal > MAX_STOCK) {
    throw bodyValue('newTotal', `newTotal must be a whole number from 0 to ${MAX_STOCK}.`);
  }
}

/** Checks an adjustment quantity: a non-zero whole number within ±MAX_STOCK. Throws bad-request `validation-invalid-value`. */
export function validateAdjustmentQuantity(
  quantity: number,
  source: ErrorSource = { type: 'body', path: ['quantity'] },
): void {
  if (!isWhole(quantity) || quantity === 0 || Math.abs(quantity) > MAX_STOCK) {
    throw badRequest(
      'validation-invalid-value',
      `quantity must be a non-zero whole number (at most ${MAX_STOCK} either way).`,
      source,
    );
  }
}

/**
 * Checks a reservation quantity (`stockReservationQuantity`): a whole number from 1 to MAX_STOCK.
 * Throws bad-request `validation-invalid-value` naming the transition parameter.
 */
export function validateReservationQuantity(quantity: number): void {
  if (!isWhole(quantity) || quantity < 1 || quantity > MAX_STOCK) {
    throw badRequest(
      'validation-invalid-value',
      `stockReservationQuantity must be a whole number from 1 to ${MAX_STOCK}.`,
      {
        type: 'body',
        path: ['params', 'stockReservationQuantity'],
      },
    );
  }
}

/**
 * The total after adding `quantity` to `current` (an undefined total counts as 0). Throws conflict
 * `stock-total-negative` when it would go below 0 — a direct adjustment cannot take away units the
 * listing does not have (reservations take units with their own code) — and bad-request
 * `validation-invalid-value` when it would exceed MAX_STOCK.
 */
export function totalAfter(current: number | null, quantity: number): number {
  const total = (current ?? 0) + quantity;
  if (total < 0) {
    throw conflict(
      'stock-total-negative',
      `The listing has ${current ?? 0} units in stock; removing ${-quantity} would make its stock negative.`,
    );
  }
  if (total > MAX_STOCK)
    throw bodyValue('quantity', `The listing's stock would exceed ${MAX_STOCK}.`);
  return total;
}

/**
 * Checks the `stock_adjustments/query` window against now (ADJUSTMENT_QUERY_LIMITS): start at most
 * 366 days back and 1 day ahead, end after start, at most 1 day ahead and 366 days after start.
 * Throws bad-request `validation-invalid-value` naming the query parameter.
 */
export function validateAdjustmentWindow(start: Date, end: Date, now: Date): void {
  const { pastDays, futureDays, windowDays } = ADJUSTMENT_QUERY_LIMITS;
  const invalid = (key: 'start' | 'end', message: string) =>
    badRequest('validation-invalid-value', message, { type: 'query', path: [key] });
  const n = now.getTime();
  if (start.getTime() < n - pastDays * DAY_MS)
    throw invalid('start', `start must be at most ${pastDays} days in the past.`);
  if (start.getTime() > n + futureDays * DAY_MS)
    throw invalid('start', `start must be at most ${futureDays} day in the future.`);
  if (end.getTime() <= start.getTime()) throw invalid('end', 'end must be after start.');
  if (end.getTime() > n + futureDays * DAY_MS)
    throw invalid('end', `end must be at most ${futureDays} day in the future.`);
  if (end.getTime() - start.getTime() > windowDays * DAY_MS)
    throw invalid('end', `end must be at most ${windowDays} days after start.`);
}

/** The state changes the stock reservation actions make. */
export type StockReservationStateChange = 'accepted' | 'declined' | 'cancelled';

/**
 * What a reservation's state change does to stock (domain §5): `take` records −quantity after
 * checking that the listing has it, `release` records +quantity, `none` records nothing.
 *
 *   proposed → accepted  take      pending → accepted  none
 *   proposed → declined  none      pending → declined  release
 *   accepted → cancelled release
 *
 * Throws conflict `transaction-stock-reservation-state-not-pending` (accept or decline of a
 * reservation that is neither pending nor proposed) or
 * `transaction-stock-reservation-state-not-accepted` (cancel of one that is not accepted).
 */
export function stockEffectOf(
  from: StockReservationState,
  to: StockReservationStateChange,
): 'take' | 'release' | 'none' {
  if (to === 'cancelled') {
    if (from !== 'accepted') {
      throw conflict(
        'transaction-stock-reservation-state-not-accepted',
        `Only an accepted stock reservation can be cancelled; this one is ${from}.`,
      );
    }
    return 'release';
  }
  if (from !== 'pending' && from !== 'proposed') {
    throw conflict(
      'transaction-stock-reservation-state-not-pending',
      `Only a pending or proposed stock reservation can be ${to}; this one is ${from}.`,
    );
  }
  if (to === 'accepted') return from === 'proposed' ? 'take' : 'none';
  return from === 'pending' ? 'release' : 'none';
}

/**
 * Throws conflict `transaction-listing-insufficient-stock` unless the listing has at least
 * `quantity` units (an undefined stock has none).
 */
export function assertStockFor(current: number | null, quantity: number): void {
  if (current === null || current < quantity) {
    throw conflict(
      'transaction-listing-insufficient-stock',
      current === null
        ? 'The listing has no stock defined.'
        : `The listing has ${current} unit${current === 1 ? '' : 's'} in stock; ${quantity} requested.`,
    );
  }
}
