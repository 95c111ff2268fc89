import { notFound } from '../errors.ts';
import type { EventSink } from '../events/index.ts';
import type { Trx } from '../../store/db.ts';
import { assertStateChange, type Booking, type BookingStateChange } from './booking.ts';
import { bookingEvent } from './booking-event.ts';
import { selectBookingsByIds, updateBookingRow } from './bookings.store.ts';
import { lockBookedListing } from './booking-listing.ts';
import { assertSeatsAvailable } from './listing-capacity.ts';

export interface ChangeBookingStateInput {
  marketplaceId: string;
  bookingId: string;
  to: BookingStateChange;
  now?: Date | undefined;
}

/**
 * Loads a booking and locks its listing, then reads the booking again: every write to a listing's
 * bookings holds that lock, so the second read is current until commit. Throws not-found.
 */
export async function lockBooking(
  trx: Trx,
  marketplaceId: string,
  bookingId: string,
): Promise<{ booking: Booking; listing: Awaited<ReturnType<typeof lockBookedListing>> }> {
  const [found] = await selectBookingsByIds(trx, marketplaceId, [bookingId]);
  if (!found) throw notFound('Booking not found.');
  const listing = await lockBookedListing(trx, marketplaceId, found.listingId);
  const [booking] = await selectBookingsByIds(trx, marketplaceId, [found.id]);
  if (!booking) throw notFound('Booking not found.');
  return { booking, listing };
}

/**
 * The booking actions' state changes (`accept-booking`, `decline-booking`, `cancel-booking`)
 * inside the caller's transaction: locks the listing, moves the booking (accepting a proposed
 * booking first checks that its seats are still free) and pushes `booking/updated` into `events`.
 * Throws not-found, conflict `transaction-booking-state-not-pending`,
 * `transaction-booking-state-not-accepted`, `transaction-booking-time-not-available`,
 * `transaction-listing-not-found`.
 */
export async function changeBookingState(
  trx: Trx,
  input: ChangeBookingStateInput,
  events: EventSink,
): Promise<Booking> {
  const { booking, listing } = await lockBooking(trx, input.marketplaceId, input.bookingId);
  assertStateChange(booking.state, input.to);
  if (input.to === 'accepted' && booking.state === 'proposed') {
    // A proposed booking holds nothing yet: it must still fit next to what others hold.
    await assertSeatsAvailable(trx, {
      marketplaceId: input.marketplaceId,
      listing,
      range: booking,
      seats: booking.seats,
    });
  }
  const saved = await updateBookingRow(trx, { ...booking, state: input.to }, input.now);
  events.push(bookingEvent('updated', booking, saved));
  return saved;
}
