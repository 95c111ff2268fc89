/**
 * Availability (domain §4): what a listing offers over time — its plan, availability exceptions —
 * and the pure computation of free capacity and time slots once bookings are subtracted.
 *
 * - Free capacity: `freeCapacity(input, range)` (the seat timeline) and `minFreeSeats(input, range)`
 *   (what a booking of the range may take); `capacityWindow(plan, range)` says which exceptions and
 *   bookings to load for a range (whole UTC dates for day-based listings).
 * - Time slots: `parseTimeSlotQuery` + `computeTimeSlots`; the database-backed `timeslots/query`
 *   lives in the bookings module, which sits above this one (it reads exceptions through here).
 * - Exceptions: create / delete / query use cases, and `findListingExceptions` for capacity input.
 */
export type {
  AvailabilityPlan,
  BookingSeats,
  BookingState,
  CapacityInput,
  ExceptionSeats,
  PlanKind,
  SeatSegment,
  SeatTimeline,
  TimeRange,
  TimeSlot,
} from './availability.ts';
export { EXCEPTION_LIMITS, TIME_SLOT_LIMITS, holdsSeats, planKindOf } from './availability.ts';
export { capacityWindow, freeCapacity, minFreeSeats } from './seat-timeline.ts';
export {
  computeTimeSlots,
  parseTimeSlotQuery,
  type TimeSlotQuery,
  type TimeSlotQueryParams,
} from './time-slot-query.ts';
export {
  exceptionAttributes,
  parseInstant,
  type AvailabilityException,
} from './availability-exception.ts';
export { exceptionEventResource } from './availability-exception-event.ts';
export {
  createAvailabilityException,
  type CreateAvailabilityExceptionInput,
} from './create-availability-exception.ts';
export { deleteAvailabilityException } from './delete-availability-exception.ts';
export {
  findListingExceptions,
  findListingExceptionSeats,
  queryAvailabilityExceptions,
  type QueryAvailabilityExceptionsInput,
} from './query-availability-exceptions.ts';
