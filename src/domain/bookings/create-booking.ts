import { conflict } from '../errors.ts';
import type { EventSink } from '../events/index.ts';
import { newId } from '../../lib/ids.ts';
import type { Trx } from '../../store/db.ts';
import { normaliseTime, validateBookingTimes, type Booking, type BookingType } from './booking.ts';
import { bookingEvent } from './booking-event.ts';
import { insertBooking, selectBookingsOfTransactions } from './bookings.store.ts';
import { lockBookedListing } from './booking-listing.ts';
import { assertSeatsAvailable } from './listing-capacity.ts';

export interface CreateBookingInput {
  marketplaceId: string;
  listingId: string;
  transactionId: string | null;
  start: Date;
  /** Exclusive. */
  end: Date;
  /** Default: start (after normalisation). */
  displayStart?: Date | undefined;
  /** Default: end (after normalisation). */
  displayEnd?: Date | undefined;
  /** Default 1. */
  seats?: number | undefined;
  /** `pending` holds seats at once; `proposed` waits for acceptance. */
  state: 'pending' | 'proposed';
  /** `day` truncates all four times to 00:00 UTC (domain §2.3). */
  type: BookingType;
  /** Default true; the deprecated `create-booking` action may skip the check. */
  observeAvailability?: boolean | undefined;
  /** Creation time; default the database clock. */
  now?: Date | undefined;
}

/**
 * The booking actions' create step (`create-pending-booking`, `create-proposed-booking`,
 * `create-booking`) inside the caller's transaction: locks the listing, checks that it has the
 * seats free over the whole range, stores the booking and pushes `booking/created` into `events`.
 * Throws bad-request `validation-invalid-value` (times, seats), conflict
 * `transaction-listing-not-found`, `transaction-booking-time-not-available`,
 * `transaction-invalid-action-sequence` (the transaction already has a booking).
 */
export async function createBooking(
  trx: Trx,
  input: CreateBookingInput,
  events: EventSink,
): Promise<Booking> {
  const start = normaliseTime(input.start, input.type);
  const end = normaliseTime(input.end, input.type);
  const fields = {
    start,
    end,
    displayStart: normaliseTime(input.displayStart ?? start, input.type),
    displayEnd: normaliseTime(input.displayEnd ?? end, input.type),
    seats: input.seats ?? 1,
  };
  validateBookingTimes(fields);
  const listing = await lockBookedListing(trx, input.marketplaceId, input.listingId);
  if (
    input.transactionId !== null &&
    (await selectBookingsOfTransactions(trx, input.marketplaceId, [input.transactionId])).length > 0
  ) {
    throw conflict('transaction-invalid-action-sequence', 'The transaction already has a booking.');
  }
  if (input.observeAvailability ?? true) {
    await assertSeatsAvailable(trx, {
      marketplaceId: input.marketplaceId,
      listing,
      range: { start, end },
      seats: fields.seats,
    });
  }
  const booking = await insertBooking(
    trx,
    {
      id: newId(),
      marketplaceId: input.marketplaceId,
      listingId: listing.id,
      transactionId: input.transactionId,
      state: input.state,
      ...fields,
    },
    input.now,
  );
  events.push(bookingEvent('created', null, booking));
  return booking;
}
