/**
 * Bookings (domain §2.3, §4.4, catalogue §5.9): a listing's seats reserved over `[start, end)` for a
 * transaction. Types, normalisation of booking times, and the state machine:
 *
 *   proposed → accepted | declined      pending → accepted | declined      accepted → cancelled
 *
 * Pending and accepted bookings hold seats; proposed, declined and cancelled ones do not.
 */
import { badRequest, conflict } from '../errors.ts';
import type { BookingState } from '../availability/index.ts';
import type { WireValue } from '../../lib/values.ts';

export type { BookingState };

export const BOOKING_STATES: readonly BookingState[] = [
  'pending',
  'proposed',
  'accepted',
  'declined',
  'cancelled',
];

export interface Booking {
  id: string;
  marketplaceId: string;
  listingId: string;
  /** null until the booking belongs to a transaction (bookings are created by transactions). */
  transactionId: string | null;
  start: Date;
  /** Exclusive. */
  end: Date;
  /** What the customer is shown (e.g. without the provider's buffer); informational only. */
  displayStart: Date;
  displayEnd: Date;
  seats: number;
  state: BookingState;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * How the creating action reads booking times: `day` (Sharetribe's default) truncates them to
 * 00:00 UTC, `time` keeps exact instants.
 */
export type BookingType = 'day' | 'time';

/** The attributes of the `booking` resource (same in both APIs and in events). */
export const bookingAttributes = (b: Booking): Record<string, WireValue> => ({
  seats: b.seats,
  start: b.start,
  end: b.end,
  displayStart: b.displayStart,
  displayEnd: b.displayEnd,
  state: b.state,
});

const DAY_MS = 86_400_000;

/** The instant as the booking type reads it: `day` truncates to 00:00 UTC of its date. */
export const normaliseTime = (d: Date, type: BookingType): Date =>
  type === 'day' ? new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS) : d;

/** Transaction parameters as the process engine names them, for error sources. */
const PARAM = {
  start: 'bookingStart',
  end: 'bookingEnd',
  displayStart: 'bookingDisplayStart',
  displayEnd: 'bookingDisplayEnd',
  seats: 'seats',
} as const;

const invalid = (key: keyof typeof PARAM, message: string) =>
  badRequest('validation-invalid-value', message, { type: 'body', path: ['params', PARAM[key]] });

/**
 * Checks booking times and seats: valid instants, end after start (after normalisation), seats a
 * whole number of at least 1. Throws bad-request `validation-invalid-value` naming the transition
 * parameter (`params.bookingEnd`, …).
 */
export function validateBookingTimes(b: {
  start: Date;
  end: Date;
  displayStart: Date;
  displayEnd: Date;
  seats: number;
}): void {
  for (const key of ['start', 'end', 'displayStart', 'displayEnd'] as const) {
    if (Number.isNaN(b[key].getTime())) throw invalid(key, `${PARAM[key]} must be a timestamp.`);
  }
  if (b.end.getTime() <= b.start.getTime())
    throw invalid(
      'end',
      'bookingEnd must be after bookingStart (for day bookings: on a later UTC date).',
    );
  if (b.displayEnd.getTime() < b.displayStart.getTime())
    throw invalid('displayEnd', 'bookingDisplayEnd must not be before bookingDisplayStart.');
  if (!Number.isSafeInteger(b.seats) || b.seats < 1)
    throw invalid('seats', 'seats must be a whole number of at least 1.');
}

/** The state changes the booking actions make. */
export type BookingStateChange = 'accepted' | 'declined' | 'cancelled';

/**
 * Checks a state change against the state machine (domain §4.4). Throws conflict
 * `transaction-booking-state-not-pending` (accept/decline of a booking that is not pending or
 * proposed) or `transaction-booking-state-not-accepted` (cancel of a booking that is not accepted).
 */
export function assertStateChange(from: BookingState, to: BookingStateChange): void {
  if (to === 'cancelled') {
    if (from !== 'accepted')
      throw conflict(
        'transaction-booking-state-not-accepted',
        `Only an accepted booking can be cancelled; this one is ${from}.`,
      );
    return;
  }
  if (from !== 'pending' && from !== 'proposed') {
    throw conflict(
      'transaction-booking-state-not-pending',
      `Only a pending or proposed booking can be ${to}; this one is ${from}.`,
    );
  }
}

/** Throws conflict `transaction-booking-state-not-pending` unless the booking can still be updated. */
export function assertUpdatable(state: BookingState): void {
  if (state !== 'pending' && state !== 'proposed' && state !== 'accepted') {
    throw conflict(
      'transaction-booking-state-not-pending',
      `A ${state} booking can no longer be updated.`,
    );
  }
}
