/**
 * Availability: the types of seat timelines and time slots, and the limits of exceptions and
 * time-slot queries (domain §4.1–4.5, catalogue §3.4, §3.7).
 *
 * Times inside the computation are epoch milliseconds (`number`): a listing's timeline over 90 days
 * has hundreds of boundaries and search evaluates many listings, so the hot path avoids Date
 * objects. Intervals are half-open `[start, end)` everywhere (booking ends are exclusive).
 */
import type { AvailabilityPlan } from '../listings/index.ts';

export type { AvailabilityPlan };

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** A piece of a step function: `seats` over `[start, end)` (epoch ms). */
export interface SeatSegment {
  start: number;
  end: number;
  seats: number;
}

/**
 * A seat timeline over a range: contiguous segments in time order covering the whole range, no two
 * neighbours with the same seat count.
 */
export type SeatTimeline = SeatSegment[];

/** How a listing's availability is interpreted: day plans (and no plan) on whole UTC dates. */
export type PlanKind = 'day' | 'time';

/** An availability exception as the computation needs it. */
export interface ExceptionSeats {
  start: Date;
  end: Date;
  seats: number;
}

/** Booking states (domain §4.4); only `pending` and `accepted` hold seats. */
export type BookingState = 'pending' | 'proposed' | 'accepted' | 'declined' | 'cancelled';

/** A booking as the computation needs it; without a state it is taken to hold its seats. */
export interface BookingSeats {
  start: Date;
  end: Date;
  seats: number;
  state?: BookingState;
}

/** Everything that decides a listing's free seats. */
export interface CapacityInput {
  /** null: no plan, which means a day plan with one seat every day (domain §4.1). */
  plan: AvailabilityPlan | null;
  exceptions: readonly ExceptionSeats[];
  bookings: readonly BookingSeats[];
}

/** A half-open range `[start, end)`. */
export interface TimeRange {
  start: Date;
  end: Date;
}

/** Whether a booking in this state reserves seats. */
export const holdsSeats = (state: BookingState): boolean =>
  state === 'pending' || state === 'accepted';

/** Day plans and listings without a plan count whole UTC dates; time plans exact instants. */
export const planKindOf = (plan: AvailabilityPlan | null): PlanKind =>
  plan?.type === 'availability-plan/time' ? 'time' : 'day';

/** The IANA zone the plan's calendar runs in (UTC for day plans). */
export const planZoneOf = (plan: AvailabilityPlan | null): string =>
  plan?.type === 'availability-plan/time' ? plan.timezone : 'UTC';

/** 00:00 UTC of the date containing `ms`. */
export const utcDateStart = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

/** 00:00 UTC of the first date starting at or after `ms`. */
export const utcDateCeil = (ms: number): number => Math.ceil(ms / DAY_MS) * DAY_MS;

/** A time slot (catalogue §5.11): a stretch with `seats` free seats. */
export interface TimeSlot {
  type: 'time-slot/time' | 'time-slot/day';
  start: Date;
  end: Date;
  seats: number;
}

/** Limits of availability exceptions (domain §4.2). */
export const EXCEPTION_LIMITS = {
  /** Exception boundaries fall on whole minutes that are multiples of this. */
  minuteStep: 5,
  /** An exception may end at most this many days from now. */
  maxDaysAhead: 365,
  /** Query window: start and end within this many days of now, at most this long. */
  queryWindowDays: 366,
} as const;

/** Limits of `timeslots/query` (domain §4.5, catalogue §3.7). */
export const TIME_SLOT_LIMITS = {
  /** `start` at most this many days in the past. */
  maxDaysPast: 1,
  /** `start` and `end` at most this many days ahead. */
  maxDaysAhead: 366,
  /** `end - start` at most this many days. */
  maxRangeDays: 90,
  maxPerPage: 500,
  defaultPerPage: 100,
  /** Interval filtering never splits a query into more sub-intervals than this. */
  maxSubIntervals: 10_000,
} as const;
