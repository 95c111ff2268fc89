/**
 * Bookings (domain §2.3, §4.4): seats of a listing reserved over time for a transaction, and the
 * capacity primitives the process engine's booking actions call inside a transition's DB
 * transaction. Each primitive locks the listing first (the capacity lock), checks free capacity
 * with the availability module, writes, and pushes `booking/*` PendingEvents into the caller's
 * EventSink for the caller to append last.
 *
 * Also here because they need both exceptions and bookings: `timeslots/query` (`prepareTimeSlots`)
 * and batch free capacity for search (`freeCapacityOfListings`, `loadCapacityInputs`).
 */
export type { Booking, BookingState, BookingStateChange, BookingType } from './booking.ts';
export { BOOKING_STATES, bookingAttributes } from './booking.ts';
export { bookingEventResource } from './booking-event.ts';
export { createBooking, type CreateBookingInput } from './create-booking.ts';
export { changeBookingState, type ChangeBookingStateInput } from './change-booking-state.ts';
export { updateBooking, type UpdateBookingInput } from './update-booking.ts';
export {
  findBookingOfTransaction,
  findBookingsByIds,
  findBookingsOfTransactions,
  queryListingBookings,
  type QueryListingBookingsInput,
} from './find-bookings.ts';
export {
  assertSeatsAvailable,
  freeCapacityOfListings,
  loadCapacityInputs,
} from './listing-capacity.ts';
export {
  prepareTimeSlots,
  type PreparedTimeSlots,
  type QueryTimeSlotsInput,
  type TimeSlotPage,
} from './query-time-slots.ts';
