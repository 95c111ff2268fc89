// Booking actions (domain.md §2.3): thin adapters from transition params and `:config` to the
// bookings module's capacity primitives, which lock the listing, check seats and push events.
import {
  changeBookingState,
  createBooking,
  findBookingOfTransaction,
  updateBooking,
  type Booking,
  type BookingType,
} from '../../domain/bookings/index.ts';
import { conflict } from '../../domain/errors.ts';
import { isKeyword } from '../definition/index.ts';
import type { ActionContext, ActionHandler } from './action.ts';
import { instantParam, intParam, missingParam } from './params.ts';

/** `:config {:type :time}`; Sharetribe's default is `:day` (UTC-midnight normalisation, §12.6). */
const bookingType = (ctx: ActionContext): BookingType =>
  isKeyword(ctx.action.config?.type, 'time') ? 'time' : 'day';

const requiredInstant = (ctx: ActionContext, name: string): Date => {
  const value = instantParam(ctx.params, name);
  if (value === undefined) throw missingParam(name, `${ctx.action.name} creates a booking`);
  return value;
};

const create =
  (state: 'pending' | 'proposed', legacy: boolean): ActionHandler =>
  async (ctx) => {
    const observe = ctx.action.config?.['observe-availability?'];
    await createBooking(
      ctx.trx,
      {
        marketplaceId: ctx.draft.marketplaceId,
        listingId: ctx.draft.listingId,
        transactionId: ctx.draft.id,
        start: requiredInstant(ctx, 'bookingStart'),
        end: requiredInstant(ctx, 'bookingEnd'),
        displayStart: instantParam(ctx.params, 'bookingDisplayStart'),
        displayEnd: instantParam(ctx.params, 'bookingDisplayEnd'),
        seats: intParam(ctx.params, 'seats', 1),
        state,
        type: bookingType(ctx),
        // The deprecated create-booking checks availability only when configured to (§2.3).
        observeAvailability: legacy ? observe === true : true,
        now: ctx.now,
      },
      ctx.events,
    );
  };

/** The transaction's booking; conflict when an earlier transition never created one. */
async function bookingOf(ctx: ActionContext): Promise<Booking> {
  const booking = await findBookingOfTransaction(ctx.trx, ctx.draft.marketplaceId, ctx.draft.id);
  if (!booking) {
    throw conflict('transaction-invalid-action-sequence', `${ctx.action.name} needs the transaction's booking, and it has none.`);
  }
  return booking;
}

const changeState =
  (to: 'accepted' | 'declined' | 'cancelled'): ActionHandler =>
  async (ctx) => {
    const booking = await bookingOf(ctx);
    await changeBookingState(ctx.trx, { marketplaceId: ctx.draft.marketplaceId, bookingId: booking.id, to, now: ctx.now }, ctx.events);
  };

/** `:action/update-booking`: only the given params change; the state stays. */
const update: ActionHandler = async (ctx) => {
  const booking = await bookingOf(ctx);
  await updateBooking(
    ctx.trx,
    {
      marketplaceId: ctx.draft.marketplaceId,
      bookingId: booking.id,
      start: instantParam(ctx.params, 'bookingStart'),
      end: instantParam(ctx.params, 'bookingEnd'),
      displayStart: instantParam(ctx.params, 'bookingDisplayStart'),
      displayEnd: instantParam(ctx.params, 'bookingDisplayEnd'),
      seats: intParam(ctx.params, 'seats', 1),
      type: bookingType(ctx),
      now: ctx.now,
    },
    ctx.events,
  );
};

/** Booking actions by name. Each throws what its primitive throws (see domain/bookings). */
export const BOOKING_ACTIONS: Readonly<Record<string, ActionHandler>> = {
  'action/create-pending-booking': create('pending', false),
  'action/create-proposed-booking': create('proposed', false),
  'action/create-booking': create('pending', true),
  'action/accept-booking': changeState('accepted'),
  'action/decline-booking': changeState('declined'),
  'action/cancel-booking': changeState('cancelled'),
  'action/update-booking': update,
};
