import { badRequest } from '../errors.ts';
import type { EventSink } from '../events/index.ts';
import type { Trx } from '../../store/db.ts';
import {
  assertUpdatable,
  normaliseTime,
  validateBookingTimes,
  type Booking,
  type BookingType,
} from './booking.ts';
import { bookingEvent, bookingPreviousValues } from './booking-event.ts';
import { updateBookingRow } from './bookings.store.ts';
import { lockBooking } from './change-booking-state.ts';
import { assertSeatsAvailable } from './listing-capacity.ts';

export interface UpdateBookingInput {
  marketplaceId: string;
  bookingId: string;
  /** With `end`: both or neither. */
  start?: Date | undefined;
  end?: Date | undefined;
  /** With `displayEnd`: both or neither. Not derived from start/end. */
  displayStart?: Date | undefined;
  displayEnd?: Date | undefined;
  seats?: number | undefined;
  /** How to read the given times (should match the creating action); default `time`. */
  type?: BookingType | undefined;
  now?: Date | undefined;
}

const pairError = (a: string, b: string) =>
  badRequest('validation-invalid-params', `Give both ${a} and ${b}, or neither.`, {
    type: 'body',
    path: ['params', b],
  });

/**
 * The `update-booking` action inside the caller's transaction: changes only the given fields of a
 * pending, proposed or accepted booking, keeping its state. A new range or seat count must fit in
 * the listing's free capacity, not counting the booking's own current hold. Pushes
 * `booking/updated` when something changed. Throws bad-request `validation-invalid-params`
 * (half a pair), `validation-invalid-value`, not-found, conflict
 * `transaction-booking-state-not-pending`, `transaction-booking-time-not-available`.
 */
export async function updateBooking(
  trx: Trx,
  input: UpdateBookingInput,
  events: EventSink,
): Promise<Booking> {
  if ((input.start === undefined) !== (input.end === undefined))
    throw pairError('bookingStart', 'bookingEnd');
  if ((input.displayStart === undefined) !== (input.displayEnd === undefined))
    throw pairError('bookingDisplayStart', 'bookingDisplayEnd');
  const type = input.type ?? 'time';
  const { booking, listing } = await lockBooking(trx, input.marketplaceId, input.bookingId);
  assertUpdatable(booking.state);
  const next: Booking = {
    ...booking,
    ...(input.start && input.end
      ? { start: normaliseTime(input.start, type), end: normaliseTime(input.end, type) }
      : {}),
    ...(input.displayStart && input.displayEnd
      ? {
          displayStart: normaliseTime(input.displayStart, type),
          displayEnd: normaliseTime(input.displayEnd, type),
        }
      : {}),
    ...(input.seats !== undefined ? { seats: input.seats } : {}),
  };
  validateBookingTimes(next);
  const changed = bookingPreviousValues(booking, next);
  if (changed === null) return booking;
  const capacityChanged =
    next.start.getTime() !== booking.start.getTime() ||
    next.end.getTime() !== booking.end.getTime() ||
    next.seats !== booking.seats;
  if (capacityChanged) {
    await assertSeatsAvailable(trx, {
      marketplaceId: input.marketplaceId,
      listing,
      range: next,
      seats: next.seats,
      excludeBookingIds: [booking.id],
    });
  }
  const saved = await updateBookingRow(trx, next, input.now);
  events.push(bookingEvent('updated', booking, saved));
  return saved;
}
